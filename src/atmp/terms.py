"""clingo symbols as plain Python values, read from their text.

Why not `Symbol.name` / `Symbol.arguments`? clingo 5.8's Python bindings go
through CFFI: every attribute access is a foreign call of a few microseconds,
and a batch of 100,000 products yields millions of nested symbols (measured:
7.2 s to walk 192k traced atoms structurally, 2.4 s to print and parse them).
So a model is read once with `str(symbol)` - a single call per atom - and the
text is parsed here by a small tokenizer for clingo's term grammar: numbers,
constants, quoted strings, functions and tuples. The result is structural
(`("candidate", 3, ("cat", "ctmp", "non_gm"), "c1")`), never pattern-matched.

Values: a number is an `int`, a constant a `str`, a quoted string a `Text`,
a function `(name, *args)`, a tuple `("", *args)`.
"""

from __future__ import annotations

import re
from typing import Any

Term = Any

_TOKEN = re.compile(r'(-?\d+)|(#?[_\']*[a-z][A-Za-z0-9_\']*)|("(?:[^"\\]|\\.)*")|([(),])')


class Text(str):
    """A quoted string term (distinct from a constant)."""


_ESCAPE = re.compile(r"\\(.)", re.S)


def _unescape(quoted: str) -> Text:
    return Text(_ESCAPE.sub(lambda m: "\n" if m.group(1) == "n" else m.group(1), quoted[1:-1]))


def _flat(text: str) -> Term | None:
    """Fast path for `name(a,b,1)` with constant or number arguments only."""
    open_ = text.find("(")
    if open_ <= 0 or '"' in text or "(" in text[open_ + 1:] or not text.endswith(")"):
        return None
    parts = text[open_ + 1:-1].split(",")
    return (text[:open_], *(int(p) if p.lstrip("-").isdigit() else p for p in parts))


def parse(text: str) -> Term:
    """One symbol's text as a Python value."""
    flat = _flat(text)
    if flat is not None:
        return flat
    stack: list[list[Term]] = [[]]
    names: list[str] = []
    after_name = False  # an identifier directly before "(" names a function
    for number, ident, string, punct in _TOKEN.findall(text):
        if number:
            stack[-1].append(int(number))
            after_name = False
        elif ident:
            stack[-1].append(ident)
            after_name = True
        elif string:
            stack[-1].append(_unescape(string))
            after_name = False
        elif punct == "(":
            names.append(stack[-1].pop() if after_name else "")
            stack.append([])
            after_name = False
        elif punct == ")":
            args = stack.pop()
            stack[-1].append((names.pop(), *args))
            after_name = False
        else:  # ","
            after_name = False
    if len(stack) != 1 or len(stack[0]) != 1:
        raise ValueError(f"not a clingo symbol: {text!r}")
    return stack[0][0]


def name(term: Term) -> str:
    """The function or constant name of a term ('' for tuples and numbers)."""
    if isinstance(term, tuple):
        return term[0]
    return term if isinstance(term, str) and not isinstance(term, Text) else ""


def args(term: Term) -> tuple:
    return term[1:] if isinstance(term, tuple) else ()


def show(term: Term) -> str:
    """A term back in clingo's notation, for messages."""
    if isinstance(term, Text):
        return '"' + term.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(term, tuple):
        inner = ",".join(show(a) for a in term[1:])
        return f"{term[0]}({inner})" if term[0] or len(term) != 2 else f"({inner},)"
    return str(term)


def category_id(term: Term) -> str:
    """`cat(gtmp, oncolytic)` -> `gtmp/oncolytic`."""
    if isinstance(term, tuple) and term[0] == "cat" and len(term) == 3:
        return f"{term[1]}/{term[2]}"
    return show(term)


def of_symbol(symbol: Any) -> Term:
    """A clingo Symbol as a term (one foreign call, see above)."""
    return parse(str(symbol))
