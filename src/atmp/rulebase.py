"""A rule base: the `.lp` files of a directory, parsed once, plus its metadata.

Besides the rules themselves, the loader derives *support* rules with clingo's
AST: for every rule deriving a traced atom H with body B1..Bn it adds
`atmp_support(H, Bi) :- B1, ..., Bn.` for each positive atom Bi and
`atmp_absent(H, Bi) :- B1, ..., Bn.` for each negated one. The solver then
reports, per fired rule instance, exactly which facts made it fire - the
explanation is computed by the same rules, not reconstructed in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable

import clingo
from clingo import ast

from atmp.errors import RuleBaseError
from atmp.metadata import Metadata, load_metadata
from atmp.resources import logic_dir

#: Output predicates of SPEC §5 whose last argument is the rule id.
RULE_OUTPUTS = {"candidate": 3, "excluded": 2, "undetermined": 2, "beats": 4, "note": 3}
#: Predicates the explanation traces down from.
TRACE_ROOTS = (*RULE_OUTPUTS, "conflict")
#: Inputs and core outcomes: leaves of an explanation, never expanded.
INPUT_PREDICATES = ("product", "value", "unknown", "field", "domain", "group")
TRACE_LEAVES = (*INPUT_PREDICATES, "in_scope", "preferred", "unresolved")
SUPPORT, ABSENT = "atmp_support", "atmp_absent"


@dataclass(frozen=True)
class RuleSite:
    """Where a rule with a given id is written, for citations and `check`."""

    rule_id: str
    predicate: str
    file: str
    line: int


def head_function(stm: Any) -> Any | None:
    """The head atom's ast.Function of a normal rule, else None."""
    if stm.ast_type != ast.ASTType.Rule:
        return None
    head = stm.head
    if head.ast_type != ast.ASTType.Literal or head.atom.ast_type != ast.ASTType.SymbolicAtom:
        return None
    fn = head.atom.symbol
    return fn if fn.ast_type == ast.ASTType.Function else None


def _body_atoms(stm: Any) -> Iterable[tuple[int, Any]]:
    """(sign, ast.Function) of the body's plain literals."""
    for lit in stm.body:
        if lit.ast_type == ast.ASTType.Literal and lit.atom.ast_type == ast.ASTType.SymbolicAtom:
            fn = lit.atom.symbol
            if fn.ast_type == ast.ASTType.Function:
                yield lit.sign, fn


ANY = "atmp_any"
_ANONYMOUS = re.compile(r"(?<![\w'])_(?![\w'])")


class _NameAnonymous(ast.Transformer):
    """`_` cannot appear in a head: name each one of a positive literal; in a
    negated literal (where it means "any") stand in the constant `atmp_any`."""

    def __init__(self) -> None:
        self.count = 0

    def visit_Literal(self, node: Any) -> Any:
        if node.sign == ast.Sign.NoSign:
            return node.update(**self.visit_children(node))
        return node

    def visit_Variable(self, node: Any) -> Any:
        if node.name == "_":
            self.count += 1
            return node.update(name=f"AtmpAnon{self.count}")
        return node


class _AnyForAnonymous(ast.Transformer):
    def visit_Variable(self, node: Any) -> Any:
        if node.name == "_":
            return ast.SymbolicTerm(node.location, clingo.Function(ANY))
        return node


def _traced_predicates(statements: list[Any]) -> set[str]:
    depends: dict[str, set[str]] = {}
    for stm in statements:
        fn = head_function(stm)
        if fn is not None:
            depends.setdefault(fn.name, set()).update(b.name for _, b in _body_atoms(stm))
    traced: set[str] = set()
    todo = [p for p in TRACE_ROOTS if p in depends]
    while todo:
        pred = todo.pop()
        if pred in traced or pred in TRACE_LEAVES:
            continue
        traced.add(pred)
        todo.extend(depends.get(pred, ()))
    return traced


def support_rules(statements: list[Any]) -> list[Any]:
    traced = frozenset(_traced_predicates(statements))
    out: list[Any] = []
    for stm in statements:
        fn = head_function(stm)
        if fn is not None and fn.name in traced and stm.body:
            out.extend(_support_of(stm))
    return out


@cache
def _support_of(stm: Any) -> tuple[Any, ...]:
    """The support rules of one traced rule (cached: AST nodes are immutable and hashable)."""
    out = []
    for rule in stm.unpool():
        if _ANONYMOUS.search(str(rule)):  # the transformer is slow; most rules need none
            rule = _NameAnonymous()(rule)
        head_term = rule.head.atom.symbol
        loc = rule.location
        for sign, body_fn in _body_atoms(rule):
            if sign == ast.Sign.NoSign:
                name = SUPPORT
            elif sign == ast.Sign.Negation:
                name = ABSENT
                if _ANONYMOUS.search(str(body_fn)):
                    body_fn = _AnyForAnonymous()(body_fn)
            else:
                continue
            atom = ast.SymbolicAtom(ast.Function(loc, name, [head_term, body_fn], 0))
            out.append(ast.Rule(loc, ast.Literal(loc, ast.Sign.NoSign, atom), rule.body))
    return tuple(out)


def rule_sites(statements: list[Any]) -> list[RuleSite]:
    """Every rule whose head is an output predicate with a constant rule id."""
    sites = []
    for stm in statements:
        fn = head_function(stm)
        if fn is None or RULE_OUTPUTS.get(fn.name) != len(fn.arguments):
            continue
        rid = fn.arguments[-1]
        if rid.ast_type == ast.ASTType.SymbolicTerm and rid.symbol.type == clingo.SymbolType.Function:
            rule_id = rid.symbol.name.upper()
        else:
            rule_id = str(rid)
        loc = stm.location.begin
        sites.append(RuleSite(rule_id, fn.name, loc.filename, loc.line))
    return sites


@dataclass(frozen=True)
class RuleBase:
    directory: Path
    files: tuple[Path, ...]
    statements: tuple[Any, ...]
    metadata: Metadata

    @cached_property
    def support(self) -> tuple[Any, ...]:
        """The support rules, derived on first use: a table needs none of them."""
        return tuple(support_rules(list(self.statements)))

    def sites(self) -> list[RuleSite]:
        return rule_sites(list(self.statements))

    def add_to(self, ctl: clingo.Control, trace: bool = True) -> None:
        with ast.ProgramBuilder(ctl) as builder:
            for stm in self.statements:
                builder.add(stm)
            if trace:
                for stm in self.support:
                    builder.add(stm)


def parse_rule_files(files: Iterable[Path]) -> list[Any]:
    messages: list[str] = []
    statements: list[Any] = []

    def logger(_code: clingo.MessageCode, message: str) -> None:
        messages.append(message.strip())

    try:
        ast.parse_files([str(f) for f in files], statements.append, logger=logger, message_limit=50)
    except RuntimeError:
        raise RuleBaseError("the rule base has syntax errors", tuple(messages or ["unknown parse error"])) from None
    return statements


@cache
def load_rulebase(directory: Path | None = None) -> RuleBase:
    directory = Path(directory or logic_dir()).resolve()
    if not directory.is_dir():
        raise RuleBaseError(f"{directory}: no such rule directory")
    files = tuple(sorted(directory.glob("*.lp")))
    if not files:
        raise RuleBaseError(f"{directory}: no .lp files")
    statements = parse_rule_files(files)
    return RuleBase(directory, files, tuple(statements),
                    load_metadata(directory))
