"""The solver's support atoms as a derivation graph, per product.

`atmp_support(H, B)` says rule instance deriving H relied on atom B;
`atmp_absent(H, B)` that it relied on B being false. Walking the graph from an
output atom down to `value/3` leaves gives the input facts that made it fire.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from clingo import Symbol

from atmp.rulebase import ABSENT, RULE_OUTPUTS, SUPPORT
from atmp.results import Fact
from atmp.vocabulary import Vocabulary


@dataclass
class Trace:
    support: dict[Symbol, list[Symbol]] = field(default_factory=lambda: defaultdict(list))
    absent: dict[Symbol, list[Symbol]] = field(default_factory=lambda: defaultdict(list))
    outputs: list[Symbol] = field(default_factory=list)  # the rule outputs (candidate, note, ...)

    @classmethod
    def from_atoms(cls, atoms: Iterable[Symbol]) -> "Trace":
        trace = cls()
        for atom in atoms:
            if atom.name == SUPPORT:
                head, body = atom.arguments
                if body not in trace.support[head]:
                    trace.support[head].append(body)
            elif atom.name == ABSENT:
                head, body = atom.arguments
                if body not in trace.absent[head]:
                    trace.absent[head].append(body)
            elif atom.name in RULE_OUTPUTS:
                trace.outputs.append(atom)
        return trace

    def leaves(self, atom: Symbol) -> Iterator[Symbol]:
        """The `value/3` atoms below `atom`, each once."""
        seen: set[Symbol] = set()
        todo = [atom]
        while todo:
            current = todo.pop()
            for body in self.support.get(current, ()):
                if body in seen:
                    continue
                seen.add(body)
                if body.name == "value":
                    yield body
                else:
                    todo.append(body)


def fact_of(atom: Symbol, vocab: Vocabulary) -> Fact:
    _, fname, value = atom.arguments
    f = vocab.fields.get(fname.name)
    if f is not None and f.kind == "bool":
        return Fact(fname.name, value.name == "true")
    return Fact(fname.name, value.name)


def sort_facts(facts: Iterable[Fact], vocab: Vocabulary) -> tuple[Fact, ...]:
    order = {name: i for i, name in enumerate(vocab.fields)}

    def key(f: Fact) -> tuple[int, int]:
        fdef = vocab.fields.get(f.field)
        values = fdef.values if fdef else ()
        value = ("true" if f.value else "false") if isinstance(f.value, bool) else f.value
        return order.get(f.field, len(order)), values.index(value) if value in values else 0

    return tuple(sorted(set(facts), key=key))
