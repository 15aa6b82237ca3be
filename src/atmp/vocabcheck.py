"""Static checks of a rule base against the vocabulary, with clingo's AST.

A rule that tests `value(P, oncolitic, true)` never fires and nothing else would
say so. Fields and values are checked where they appear literally, and also at
argument positions the rules themselves derive from a field: `active(P, I) :-
value(P, active_ingredients, I)` makes the second argument of `active/2` range
over active ingredients, so `active(P, cel)` is reported too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import clingo
from clingo import ast

from atmp.rulebase import RULE_OUTPUTS, head_function
from atmp.vocabulary import Vocabulary

#: Input predicates whose arguments are (field, value) at these positions.
FIELD_VALUE = {("value", 3): (1, 2), ("implied", 3): (1, 2), ("domain", 2): (0, 1), ("group", 3): (0, 1)}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    rule_id: str | None
    message: str


def _children(node: Any) -> Iterator[Any]:
    for key in node.child_keys:
        value = getattr(node, key)
        if isinstance(value, ast.AST):
            yield value
        elif value is not None and not isinstance(value, (str, int)):
            try:
                yield from (v for v in value if isinstance(v, ast.AST))
            except TypeError:
                continue


def _atoms(node: Any) -> Iterator[Any]:
    """Every atom (ast.Function of a SymbolicAtom) in a statement."""
    if node.ast_type == ast.ASTType.SymbolicAtom:
        if node.symbol.ast_type == ast.ASTType.Function:
            yield node.symbol
        return
    for child in _children(node):
        yield from _atoms(child)


def _const(term: Any) -> str | None:
    if term.ast_type == ast.ASTType.SymbolicTerm and term.symbol.type == clingo.SymbolType.Function \
            and not term.symbol.arguments:
        return term.symbol.name
    return None


def _var(term: Any) -> str | None:
    return term.name if term.ast_type == ast.ASTType.Variable else None


def _typed_positions(rules: list[Any]) -> dict[tuple[str, int, int], str]:
    """(predicate, arity, position) -> field, derived to a fixpoint."""
    typed: dict[tuple[str, int, int], str] = {}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            fields: dict[str, str] = {}
            for lit in rule.body:
                if lit.ast_type != ast.ASTType.Literal or lit.sign != ast.Sign.NoSign:
                    continue
                for fn in _atoms(lit):
                    args = fn.arguments
                    pos = FIELD_VALUE.get((fn.name, len(args)))
                    if pos and _const(args[pos[0]]) and _var(args[pos[1]]):
                        fields[_var(args[pos[1]])] = _const(args[pos[0]])
                    for i, arg in enumerate(args):
                        field = typed.get((fn.name, len(args), i))
                        if field and _var(arg):
                            fields.setdefault(_var(arg), field)
            head = head_function(rule)
            if head is None:
                continue
            for i, arg in enumerate(head.arguments):
                key = (head.name, len(head.arguments), i)
                if _var(arg) in fields and key not in typed:
                    typed[key] = fields[_var(arg)]
                    changed = True
    return typed


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _rule_id(stm: Any) -> str | None:
    fn = head_function(stm)
    if fn is not None and RULE_OUTPUTS.get(fn.name) == len(fn.arguments):
        return _const(fn.arguments[-1]).upper() if _const(fn.arguments[-1]) else None
    return None


def vocabulary_problems(statements: list[Any], vocab: Vocabulary, categories: Mapping[str, Any]) -> list[Problem]:
    rules = [r for stm in statements if stm.ast_type == ast.ASTType.Rule for r in stm.unpool()]
    typed = _typed_positions(rules)
    fields = list(vocab.fields)
    problems = []
    seen: set[tuple] = set()
    for stm in rules:
        loc = stm.location.begin
        rid = _rule_id(stm)

        def report(message: str) -> None:
            key = (loc.filename, loc.line, message)
            if key not in seen:
                seen.add(key)
                problems.append(Problem(loc.filename, loc.line, rid, message))

        for fn in _atoms(stm):
            args = fn.arguments
            pos = FIELD_VALUE.get((fn.name, len(args)))
            if pos:
                fname, value = _const(args[pos[0]]), _const(args[pos[1]])
                if fname is not None and fname not in vocab.fields:
                    report(f"{fn.name}/{len(args)} uses unknown field '{fname}'{_suggest(fname, fields)}")
                elif fname is not None and value is not None and value not in vocab.fields[fname].values:
                    values = list(vocab.fields[fname].values)
                    report(f"{fn.name}/{len(args)} uses value '{value}' not allowed for {fname}"
                           f"{_suggest(value, values)}; allowed: {', '.join(values)}")
            for i, arg in enumerate(args):
                field = typed.get((fn.name, len(args), i))
                value = _const(arg)
                if field and value is not None and value not in vocab.fields[field].values:
                    values = list(vocab.fields[field].values)
                    report(f"{fn.name}/{len(args)} uses '{value}', which is not a value of {field}"
                           f"{_suggest(value, values)}")
                if arg.ast_type == ast.ASTType.Function and arg.name == "cat" and len(arg.arguments) == 2:
                    parts = [_const(a) for a in arg.arguments]
                    if None not in parts and "/".join(parts) not in categories:
                        cid = "/".join(parts)
                        report(f"category {cid} has no metadata in categories.yaml"
                               f"{_suggest(cid, list(categories))}")
    return problems
