"""The solver's support atoms as a derivation graph, per product.

`atmp_support(H, B)` says rule instance deriving H relied on atom B;
`atmp_absent(H, B)` that it relied on B being false. Walking the graph from an
output atom down to `value/3` leaves gives the input facts that made it fire.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from atmp.results import Fact
from atmp.rulebase import ABSENT, RULE_OUTPUTS, SUPPORT
from atmp.terms import Term
from atmp.vocabulary import Vocabulary


@dataclass
class Trace:
    support: dict[Term, list[Term]] = field(default_factory=lambda: defaultdict(list))
    absent: dict[Term, list[Term]] = field(default_factory=lambda: defaultdict(list))
    outputs: list[Term] = field(default_factory=list)  # the rule outputs (candidate, note, ...)

    @classmethod
    def from_atoms(cls, atoms: Iterable[Term]) -> "Trace":
        trace = cls()
        for atom in atoms:
            kind = atom[0]
            if kind == SUPPORT:
                _, head, body = atom
                if body not in trace.support[head]:
                    trace.support[head].append(body)
            elif kind == ABSENT:
                _, head, body = atom
                if body not in trace.absent[head]:
                    trace.absent[head].append(body)
            elif kind in RULE_OUTPUTS:
                trace.outputs.append(atom)
        return trace

    def leaves(self, atom: Term) -> Iterator[Term]:
        """The `value/3` atoms below `atom`, each once."""
        seen: set[Term] = set()
        todo = [atom]
        while todo:
            current = todo.pop()
            for body in self.support.get(current, ()):
                if body in seen:
                    continue
                seen.add(body)
                if body[0] == "value":
                    yield body
                else:
                    todo.append(body)


def fact_of(atom: Term, vocab: Vocabulary) -> Fact:
    """`value(P, Field, Value)` (or `implied/3`) as a Fact."""
    _, _, fname, value = atom
    f = vocab.fields.get(fname)
    if f is not None and f.kind == "bool":
        return Fact(fname, value == "true")
    return Fact(fname, value)


def sort_facts(facts: Iterable[Fact], vocab: Vocabulary) -> tuple[Fact, ...]:
    order = {name: i for i, name in enumerate(vocab.fields)}

    def key(f: Fact) -> tuple[int, int]:
        fdef = vocab.fields.get(f.field)
        values = fdef.values if fdef else ()
        value = ("true" if f.value else "false") if isinstance(f.value, bool) else f.value
        return order.get(f.field, len(order)), values.index(value) if value in values else 0

    return tuple(sorted(set(facts), key=key))
