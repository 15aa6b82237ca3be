"""The solver's support atoms as a derivation graph, per product.

`atmp_support(H, B)` says rule instance deriving H relied on atom B;
`atmp_absent(H, B)` that it relied on B being false. Walking the graph from an
output atom down to `value/3` leaves gives the input facts that made it fire.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from atmp.results import Fact
from atmp.rulebase import ABSENT, RULE_OUTPUTS, SUPPORT
from atmp.terms import Term
from atmp.vocabulary import Vocabulary

FACT = "atmp_fact"  # see solver.TRACE_PROGRAMS["facts"]


@dataclass
class Trace:
    support: dict[Term, list[Term]] = field(default_factory=lambda: defaultdict(list))
    absent: dict[Term, list[Term]] = field(default_factory=lambda: defaultdict(list))
    outputs: list[Term] = field(default_factory=list)  # the rule outputs (candidate, note, ...)
    facts: dict[tuple, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

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
            elif kind == FACT:
                _, _, out_kind, key1, key2, rule, fname, value = atom
                trace.facts[(out_kind, key1, key2, rule)].append((fname, value))
            elif kind in RULE_OUTPUTS:
                trace.outputs.append(atom)
        return trace

    def facts_below(self, vocab: Vocabulary) -> Callable[..., tuple[Fact, ...]]:
        """A function from output atoms to the input facts below them, from
        whichever form the solver reported (flat atmp_fact atoms or the graph)."""
        def below(*roots: Term) -> tuple[Fact, ...]:
            if self.facts:
                pairs = [p for r in roots for p in self.facts.get(_fact_key(r), ())]
                return sort_facts((_fact(f, v, vocab) for f, v in pairs), vocab)
            return sort_facts((fact_of(v, vocab) for r in roots for v in self.leaves(r)), vocab)
        return below

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


def _fact_key(atom: Term) -> tuple:
    """The key solver.py's "facts" program gives an output atom."""
    kind = atom[0]
    if kind == "candidate":
        return ("candidate", atom[2][1], atom[2][2], atom[3])
    if kind == "note":
        return ("note", atom[2], "none", atom[3])
    return (kind, "none", "none", atom[2])


def _fact(fname: str, value: str, vocab: Vocabulary) -> Fact:
    f = vocab.fields.get(fname)
    if f is not None and f.kind == "bool":
        return Fact(fname, value == "true")
    return Fact(fname, value)


def fact_of(atom: Term, vocab: Vocabulary) -> Fact:
    """`value(P, Field, Value)` (or `implied/3`) as a Fact."""
    _, _, fname, value = atom
    return _fact(fname, value, vocab)


def sort_facts(facts: Iterable[Fact], vocab: Vocabulary) -> tuple[Fact, ...]:
    order = vocab.value_order
    last = (len(vocab.fields), 0)

    def key(f: Fact) -> tuple[int, int]:
        value = ("true" if f.value else "false") if isinstance(f.value, bool) else f.value
        return order.get((f.field, value), last)

    return tuple(sorted(set(facts), key=key))
