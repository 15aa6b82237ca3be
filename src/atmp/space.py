"""The whole vocabulary space: one product with every field unknown.

`check` and `diff` ask the solver questions about *every* product the
vocabulary can describe ("is there a product where ...?"). Each question is a
set of assumptions over atoms of product 0; the answer, when there is one, is
a minimal example product: fewest set-field members first, then the fewest
fields that differ from their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import clingo
from clingo import Function, Number

from atmp.grounding import BRIDGE, FactContext
from atmp.rulebase import RuleBase
from atmp.solver import false_literal, ground
from atmp.vocabulary import Vocabulary, term

# Fixed program text of ours: what "minimal" means for an example product.
MINIMAL_EXAMPLE = """
atmp_default(F, V) :- (F, V) = @defaults().
atmp_nondefault(F) :- field(F, K), K != set, value(0, F, V), not atmp_default(F, V).
#minimize { 1@2, F, V : value(0, F, V), field(F, set) }.
#minimize { 1@1, F : atmp_nondefault(F) }.
"""


class SpaceContext(FactContext):
    """FactContext plus the defaults the minimisation measures against."""

    def defaults(self) -> list[clingo.Symbol]:
        return [clingo.Tuple_([Function(f.name), Function(term(f.default))])
                for f in self._vocab.fields.values() if f.kind != "set" and not f.required]


def space_control(vocab: Vocabulary, programs: Sequence[tuple[RuleBase, Any]], extra: str = "",
                  products: int = 1) -> clingo.Control:
    """A Control over `products` copies of the all-unknown product.

    `programs` are (rule base, transformer or None) pairs: `diff` loads two rule
    bases at once, the second with its predicates renamed.
    """
    messages: list[str] = []

    def logger(code: clingo.MessageCode, message: str) -> None:
        if code != clingo.MessageCode.AtomUndefined:
            messages.append(message.strip())

    ctl = clingo.Control(["--opt-mode=opt"], logger=logger)
    from clingo import ast

    with ast.ProgramBuilder(ctl) as builder:
        for rulebase, transform in programs:
            for stm in rulebase.statements:
                out = transform(stm) if transform else stm
                if out is not None:
                    builder.add(out)
    ctl.add("base", [], BRIDGE + MINIMAL_EXAMPLE + extra)
    item = ({}, tuple(vocab.fields))
    ground(ctl, messages, SpaceContext(vocab, [item] * products))
    return ctl


@dataclass
class Answer:
    example: dict[str, Any]
    atoms: list[clingo.Symbol]


class Space:
    """Questions over the vocabulary space, each answered by a minimal example."""

    def __init__(self, ctl: clingo.Control, vocab: Vocabulary) -> None:
        self.ctl, self.vocab = ctl, vocab
        self._false: int | None = None

    def literal(self, sym: clingo.Symbol) -> int:
        atom = self.ctl.symbolic_atoms[sym]
        if atom is not None:
            return atom.literal
        if self._false is None:
            self._false = false_literal(self.ctl)
        return self._false

    def atoms(self, name: str, arity: int) -> list[clingo.Symbol]:
        return [a.symbol for a in self.ctl.symbolic_atoms.by_signature(name, arity)]

    def ask(self, assumptions: Iterable[tuple[clingo.Symbol, bool]], optimise: bool = True) -> Answer | None:
        """A (minimal) model under the assumptions, or None."""
        lits = [self.literal(s) if holds else -self.literal(s) for s, holds in assumptions]
        self.ctl.configuration.solve.opt_mode = "opt" if optimise else "ignore"
        self.ctl.configuration.solve.models = 0 if optimise else 1
        last: list[clingo.Symbol] | None = None
        with self.ctl.solve(assumptions=lits, yield_=True) as handle:
            for model in handle:
                last = model.symbols(atoms=True)
        if last is None:
            return None
        return Answer(self.example(last), last)

    def enumerate(self, assumptions: Iterable[tuple[clingo.Symbol, bool]], project: Sequence[tuple[str, int]]):
        """Distinct projections of the models onto the given signatures."""
        lits = [self.literal(s) if holds else -self.literal(s) for s, holds in assumptions]
        self.ctl.configuration.solve.opt_mode = "ignore"
        self.ctl.configuration.solve.models = 0
        self.ctl.configuration.solve.project = "auto"
        seen: set[frozenset] = set()
        with self.ctl.solve(assumptions=lits, yield_=True) as handle:
            for model in handle:
                shown = frozenset(s for s in model.symbols(atoms=True)
                                  if (s.name, len(s.arguments)) in project)
                seen.add(shown)
        self.ctl.configuration.solve.project = "no"
        return seen

    def example(self, atoms: list[clingo.Symbol], product: int = 0) -> dict[str, Any]:
        """The model's product 0 as product-file facts, defaults left out."""
        chosen: dict[str, list[str]] = {}
        for sym in atoms:
            if sym.name == "value" and len(sym.arguments) == 3 and sym.arguments[0] == Number(product):
                chosen.setdefault(sym.arguments[1].name, []).append(sym.arguments[2].name)
        facts: dict[str, Any] = {}
        for name, f in self.vocab.fields.items():
            values = chosen.get(name, [])
            if f.kind == "set":
                if values:
                    facts[name] = [v for v in f.values if v in values]
            elif values:
                value: Any = (values[0] == "true") if f.kind == "bool" else values[0]
                if f.required or value != f.default:
                    facts[name] = value
        return facts


def cat_symbol(category: str) -> clingo.Symbol:
    cls, sub = category.split("/", 1)
    return Function("cat", [Function(cls), Function(sub)])


def p0(name: str, *args: clingo.Symbol) -> clingo.Symbol:
    return Function(name, [Number(0), *args])

