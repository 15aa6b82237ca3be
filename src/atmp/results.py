"""Small frozen result objects: what a classification found, with no rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Fact:
    """One input fact a rule relied on (one member for set fields)."""

    field: str
    value: Any  # bool for bool fields, else the vocabulary term


@dataclass(frozen=True)
class Finding:
    """A fired exclusion, undetermined finding or note."""

    rule: str
    facts: tuple[Fact, ...] = ()
    note: str | None = None  # the note's term, for notes


@dataclass(frozen=True)
class CandidateResult:
    category: str
    rules: tuple[str, ...]
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class Priority:
    winner: str
    loser: str
    rule: str


@dataclass(frozen=True)
class Classification:
    id: str
    source: str
    in_scope: str  # yes | no | undetermined
    preferred: str | None
    candidates: tuple[CandidateResult, ...]
    exclusions: tuple[Finding, ...]
    undetermined: tuple[Finding, ...]
    priorities: tuple[Priority, ...]
    unresolved: tuple[str, ...]
    notes: tuple[Finding, ...]
    assumed_defaults: Mapping[str, Any]
    implied_facts: tuple[Fact, ...] = ()
    priority_cycle: bool = False
    metadata: Mapping[str, Any] = field(default_factory=dict)
    trace: Any = field(default=None, compare=False, repr=False)

    @property
    def rules(self) -> tuple[str, ...]:
        """Every rule id that fired, in SPEC order."""
        fired = {r for c in self.candidates for r in c.rules}
        fired |= {f.rule for f in (*self.exclusions, *self.undetermined, *self.notes)}
        fired |= {p.rule for p in self.priorities}
        return tuple(sorted(fired, key=rule_order))


RULE_PREFIXES = "XUCPN"


def rule_order(rule_id: str) -> tuple[int, int, str]:
    """X1 < X2 < ... < U1 < C1 < ... < P1 < N1, as SPEC lists them."""
    head, tail = rule_id[:1].upper(), rule_id[1:]
    prefix = RULE_PREFIXES.index(head) if head in RULE_PREFIXES else len(RULE_PREFIXES)
    return (prefix, int(tail) if tail.isdigit() else 0, rule_id)
