"""Products as ASP facts, built with clingo's symbol API - never program text.

The fixed bridge program below pulls the facts in through external functions,
so a product id or name never reaches the grounder: products are numbers, and
every value is a vocabulary term that validation has already checked.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Mapping, Sequence

from clingo import Function, Number, Symbol, Tuple_

from atmp.vocabulary import Vocabulary, term

BRIDGE = """
product(P) :- P = @products().
value(P, F, V) :- product(P), (F, V) = @values(P).
unknown(P, F) :- product(P), F = @unknowns(P).
field(F, K) :- (F, K) = @fields().
domain(F, V) :- (F, V) = @domains().
group(F, V, G) :- (F, V, G) = @groups().
"""


@cache
def _pair(field: str, value: str) -> Symbol:
    return Tuple_([Function(field), Function(value)])


def fact_pairs(facts: Mapping[str, Any]) -> list[Symbol]:
    """(Field, Value) symbols of one product; one pair per member of a set field."""
    pairs = []
    for name, value in facts.items():
        if isinstance(value, tuple):
            pairs.extend(_pair(name, v) for v in value)
        else:
            pairs.append(_pair(name, term(value)))
    return pairs


class FactContext:
    """The external functions of BRIDGE for a numbered list of fact sets."""

    def __init__(self, vocab: Vocabulary, items: Sequence[tuple[Mapping[str, Any], Sequence[str]]]) -> None:
        self._vocab = vocab
        self._items = items

    def products(self) -> list[Symbol]:
        return [Number(i) for i in range(len(self._items))]

    def values(self, p: Symbol) -> list[Symbol]:
        return fact_pairs(self._items[p.number][0])

    def unknowns(self, p: Symbol) -> list[Symbol]:
        return [Function(f) for f in self._items[p.number][1]]

    def fields(self) -> list[Symbol]:
        return [Tuple_([Function(f.name), Function(f.kind)]) for f in self._vocab.fields.values()]

    def domains(self) -> list[Symbol]:
        return [_pair(f.name, v) for f in self._vocab.fields.values() for v in f.values]

    def groups(self) -> list[Symbol]:
        return [Tuple_([Function(f.name), Function(v), Function(g)])
                for f in self._vocab.fields.values() for v, g in f.groups.items()]
