"""`atmp explore`: every possible outcome of a product with unknown facts.

Unknown fields open up as choice rules over the vocabulary's domains (input.lp);
the solver does all the work:

* distinct outcomes come from projective enumeration on in_scope/preferred/
  unresolved, so the cost follows the number of outcomes, not of combinations;
* the conditions of an outcome are prime implicants: an example assignment is
  generalised by dropping each literal the solver proves unnecessary (no
  completion of the smaller condition reaches another outcome), then covered
  assignments are blocked and the next uncovered one is generalised;
* a field is relevant exactly when two completions that differ only in that
  field reach different outcomes - one satisfiability check on a pair of
  product copies per field (or set member).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Iterable, Mapping, Sequence

import clingo
from clingo import Function, Number

from atmp.terms import category_id, of_symbol
from atmp.products import Product
from atmp.rulebase import RuleBase, load_rulebase
from atmp.solver import false_literal, ground, make_control
from atmp.grounding import FactContext
from atmp.vocabulary import Vocabulary, load_vocabulary

# Fixed program text of ours (never user data): what an outcome is, and how a
# model can differ from a target outcome given through externals.
OUTCOME_PROGRAM = """
#project in_scope/2. #project preferred/2. #project unresolved/2.
#show value/3.
#external t_scope(S) : in_scope(0, S).
#external t_pref(C) : preferred(0, C).
#external t_unres(C) : unresolved(0, C).
atmp_mismatch :- in_scope(0, S), not t_scope(S).
atmp_mismatch :- preferred(0, C), not t_pref(C).
atmp_mismatch :- t_pref(C), not preferred(0, C).
atmp_mismatch :- unresolved(0, C), not t_unres(C).
atmp_mismatch :- t_unres(C), not unresolved(0, C).
"""

# Two copies of the product (0 and 1) that agree on every unknown field except
# the ones set free; they "differ" when their outcomes do.
PAIR_PROGRAM = """
#external free(F) : unknown(0, F).
#external free(F, V) : unknown(0, F), field(F, set), domain(F, V).
atmp_fixed(F, V) :- unknown(0, F), domain(F, V), not free(F), not free(F, V).
:- atmp_fixed(F, V), value(0, F, V), not value(1, F, V).
:- atmp_fixed(F, V), value(1, F, V), not value(0, F, V).
atmp_differ :- in_scope(0, S), not in_scope(1, S).
atmp_differ :- preferred(0, C), not preferred(1, C).
atmp_differ :- preferred(1, C), not preferred(0, C).
atmp_differ :- unresolved(0, C), not unresolved(1, C).
atmp_differ :- unresolved(1, C), not unresolved(0, C).
"""


@dataclass(frozen=True, order=True)
class Outcome:
    in_scope: str
    preferred: str | None
    unresolved: tuple[str, ...]

    def data(self) -> dict[str, Any]:
        return {"in_scope": self.in_scope, "preferred": self.preferred, "unresolved": list(self.unresolved)}


@dataclass(frozen=True)
class Condition:
    """One condition on an unknown field.

    ops: `=` (the field has one of `values`), `≠` (none of them); for set
    fields `contains` (all of them), `contains_any`, `contains_none`,
    `lacks_any` (at least one of them is missing)."""

    field: str
    op: str
    values: tuple[str, ...]

    def text(self) -> str:
        many = len(self.values) > 1
        shown = "{" + ", ".join(self.values) + "}" if many else self.values[0]
        symbol = {"=": "∈" if many else "=", "≠": "∉" if many else "≠", "contains": "∋",
                  "contains_any": "∋ one of", "contains_none": "∌ any of" if many else "∌",
                  "lacks_any": "∌ one of"}[self.op]
        return f"{self.field} {symbol} {shown}"

    def data(self) -> dict[str, Any]:
        return {"field": self.field, "op": self.op, "values": list(self.values)}


@dataclass(frozen=True)
class Formula:
    """`any`: one of the terms holds, each term a conjunction of conditions;
    `all`: every term holds, each term a disjunction of conditions."""

    form: str
    terms: tuple[tuple[Condition, ...], ...]

    def size(self) -> int:
        return sum(len(t) for t in self.terms)

    def text(self) -> str:
        if not self.terms:
            return "always" if self.form == "all" else "never"
        inner, outer = (" and ", " or ") if self.form == "any" else (" or ", " and ")
        parts = [inner.join(c.text() for c in term) for term in self.terms]
        if len(parts) > 1:
            parts = [f"({p})" if len(term) > 1 else p for p, term in zip(parts, self.terms)]
        return outer.join(parts)

    def data(self) -> dict[str, Any]:
        return {"form": self.form, "terms": [[c.data() for c in term] for term in self.terms],
                "text": self.text()}


@dataclass(frozen=True)
class OutcomeCase:
    outcome: Outcome
    when: Formula
    example: Mapping[str, Any]


@dataclass(frozen=True)
class Question:
    field: str
    members: tuple[str, ...]  # for set fields: the members that matter
    splits: tuple[tuple[str, tuple[Outcome, ...]], ...]  # answer -> outcomes still possible
    expected: float  # expected number of outcomes left after the answer


@dataclass(frozen=True)
class Exploration:
    id: str
    source: str
    unknown: tuple[str, ...]
    outcomes: tuple[OutcomeCase, ...]
    questions: tuple[Question, ...]
    irrelevant: tuple[str, ...]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def settled(self) -> bool:
        return len(self.outcomes) == 1


Lit = tuple[str, str, bool]  # (field, value, holds)


@cache
def _value_atom(p: int, fname: str, value: str) -> clingo.Symbol:
    return Function("value", [Number(p), Function(fname), Function(value)])


class ProductSpace:
    """One product's completions, ground once and queried many times."""

    def __init__(self, product: Product, rulebase: RuleBase, vocab: Vocabulary) -> None:
        self.product, self.vocab = product, vocab
        self.unknown = product.unknown
        self.ctl, messages = make_control(rulebase, ["0", "--project"], extra=OUTCOME_PROGRAM)
        ground(self.ctl, messages, FactContext(vocab, [(product.facts, product.unknown)]))
        self._covered: list[int] = []  # one head atom per blocked cube
        self._literals: dict[tuple[str, str], int] = {}
        self._outcome_lits: list[tuple[str, Any, int]] | None = None
        mismatch = self.ctl.symbolic_atoms[Function("atmp_mismatch")]
        # an outcome that can never differ from the target has no mismatch atom
        self._false = false_literal(self.ctl)
        self._mismatch = mismatch.literal if mismatch is not None else self._false
        self.relevant: dict[str, tuple[str, ...]] = {f: () for f in self.unknown}

    # -- models ----------------------------------------------------------------
    def _outcome_literals(self) -> list[tuple[str, Any, int]]:
        """(kind, argument, literal) of every possible outcome atom, looked up once."""
        if self._outcome_lits is None:
            lits = []
            for name in ("in_scope", "preferred", "unresolved"):
                for sym in self.ctl.symbolic_atoms.by_signature(name, 2):
                    if sym.symbol.arguments[0] == Number(0):
                        arg = sym.symbol.arguments[1]
                        lits.append((name, arg.name if name == "in_scope" else category_id(of_symbol(arg)), sym.literal))
            self._outcome_lits = lits
        return self._outcome_lits

    def _read(self, model: clingo.Model) -> tuple[Outcome, dict[str, Any]]:
        scope, preferred, unresolved = "no", None, []
        for name, arg, lit in self._outcome_literals():
            if model.is_true(lit):
                if name == "in_scope":
                    scope = arg
                elif name == "preferred":
                    preferred = arg
                else:
                    unresolved.append(arg)
        example: dict[str, Any] = {}
        for fname in self.unknown:
            f = self.vocab.fields[fname]
            chosen = [v for v in f.values if model.is_true(self._literal(fname, v))]
            if f.kind == "set":
                example[fname] = chosen
            elif not chosen:  # only a rule base without the choice rules of input.lp leaves it open
                example[fname] = None
            elif f.kind == "bool":
                example[fname] = chosen[0] == "true"
            else:
                example[fname] = chosen[0]
        return Outcome(scope, preferred, tuple(sorted(unresolved))), example

    def _assumptions(self, lits: Iterable[Lit]) -> list[int]:
        return [self._literal(f, v) if holds else -self._literal(f, v) for f, v, holds in lits]

    def outcomes(self, lits: Iterable[Lit] = ()) -> dict[Outcome, dict[str, Any]]:
        """Every distinct outcome reachable under the literals, with an example each."""
        self.ctl.configuration.solve.models = 0
        self.ctl.configuration.solve.project = "auto"
        found: dict[Outcome, dict[str, Any]] = {}
        with self.ctl.solve(assumptions=self._assumptions(lits), yield_=True) as handle:
            for model in handle:
                outcome, example = self._read(model)
                found.setdefault(outcome, example)
        return found

    def _target(self, outcome: Outcome | None) -> None:
        for sym in self.ctl.symbolic_atoms.by_signature("t_scope", 1):
            self.ctl.assign_external(sym.symbol, outcome is not None and sym.symbol.arguments[0].name == outcome.in_scope)
        for name, cats in (("t_pref", {outcome.preferred} if outcome else set()),
                           ("t_unres", set(outcome.unresolved) if outcome else set())):
            for sym in self.ctl.symbolic_atoms.by_signature(name, 1):
                self.ctl.assign_external(sym.symbol, category_id(of_symbol(sym.symbol.arguments[0])) in cats)

    def _satisfiable(self, assumptions: list) -> bool:
        self.ctl.configuration.solve.models = 1
        self.ctl.configuration.solve.project = "no"
        return bool(self.ctl.solve(assumptions=assumptions).satisfiable)

    def _block(self, lits: Sequence[Lit]) -> None:
        # An atom defined in an earlier solving step cannot get more rules, so
        # each cube gets a head of its own; all of them are assumed false.
        with self.ctl.backend() as backend:
            head = backend.add_atom()
            body = []
            for f, v, holds in lits:
                lit = self._literal(f, v)
                body.append(lit if holds else -lit)
            backend.add_rule([head], body)
        self._covered.append(head)

    def _literal(self, fname: str, value: str) -> int:
        key = (fname, value)
        if key not in self._literals:
            atom = self.ctl.symbolic_atoms[_value_atom(0, fname, value)]
            # the grounder drops values it proves impossible (e.g. contradictory ones)
            self._literals[key] = atom.literal if atom is not None else self._false
        return self._literals[key]

    def _next_uncovered(self, mismatch: bool) -> dict[str, Any] | None:
        self.ctl.configuration.solve.models = 1
        self.ctl.configuration.solve.project = "no"
        assumptions = [self._mismatch if mismatch else -self._mismatch, *(-head for head in self._covered)]
        found: list[dict[str, Any]] = []
        with self.ctl.solve(assumptions=assumptions, yield_=True) as handle:
            for model in handle:
                found.append(self._read(model)[1])
                break
        return found[0] if found else None

    # -- conditions ------------------------------------------------------------
    def literals(self, example: Mapping[str, Any]) -> list[Lit]:
        """The example as literals over the relevant fields: one per relevant set
        member, and for a bool or one-valued field one exclusion per other value,
        so that generalising keeps just the exclusions that matter
        (intended_use ≠ prophylactic_vaccine). Irrelevant fields never matter."""
        sets, others = [], []
        for fname in self.unknown:
            f = self.vocab.fields[fname]
            value = example[fname]
            if f.kind == "set":
                sets.extend((fname, v, v in value) for v in self.relevant.get(fname, ()))
            elif fname in self.relevant:
                chosen = "true" if value is True else "false" if value is False else value
                others.extend((fname, v, False) for v in f.values if v != chosen)
        return sets + others

    def _cover(self, mismatch: bool, budget: int | None = None) -> list[list[Lit]] | None:
        """Prime implicants covering the completions where `atmp_mismatch` is
        `mismatch` (False: the completions that reach the target outcome);
        None once their literals exceed `budget`."""
        cubes: list[list[Lit]] = []
        size = 0
        goal = self._mismatch if not mismatch else -self._mismatch
        while (example := self._next_uncovered(mismatch)) is not None:
            cube = self.literals(example)
            # drop whole fields first (one call each), then single literals
            for group in [[x for x in cube if x[0] == f] for f in dict.fromkeys(x[0] for x in cube)]:
                for trial_drop in ([group] if len(group) > 1 else []) + [[x] for x in group]:
                    if not all(x in cube for x in trial_drop):
                        continue
                    trial = [x for x in cube if x not in trial_drop]
                    if not self._satisfiable(self._assumptions(trial) + [goal]):
                        cube = trial
            cubes.append(cube)
            size += len(cube)
            if budget is not None and size > budget:
                self._covered = []
                return None
            self._block(cube)
        self._covered = []  # the blocking rules stay, inert once no longer assumed false
        return cubes

    def conditions(self, outcome: Outcome) -> Formula:
        """The completions reaching `outcome`: the shorter of a disjunction of
        prime implicants and a conjunction of prime implicates."""
        self._target(outcome)
        allof = Formula("all", tuple(_clause(self.vocab, c) for c in self._cover(True) or []))
        # the disjunctive form is computed only while it can still be the shorter one
        cubes = self._cover(False, budget=sum(len(t) for t in allof.terms) * 3)
        best = allof
        if cubes is not None:
            anyof = Formula("any", tuple(_conjunction(self.vocab, c) for c in _merge(self.vocab, cubes)))
            best = min((anyof, allof), key=lambda f: (f.size(), f.form))
        order = {n: i for i, n in enumerate(self.vocab.fields)}
        terms = sorted(best.terms, key=lambda t: (len(t), [order[c.field] for c in t]))
        return Formula(best.form, tuple(terms))


Cube = dict  # field -> frozenset of allowed values (bool, one) | (field, member) -> bool (set)


def _cube(vocab: Vocabulary, lits: Sequence[Lit]) -> Cube:
    cube: Cube = {}
    for fname, value, holds in lits:
        f = vocab.fields[fname]
        if f.kind == "set":
            cube[(fname, value)] = holds
        else:
            cube[fname] = cube.get(fname, frozenset(f.values)) - {value}
    return cube


def _merge(vocab: Vocabulary, cubes: list[list[Lit]]) -> list[Cube]:
    """Cubes that differ only in the values one field allows become one."""
    rows = [_cube(vocab, c) for c in cubes]
    changed = True
    while changed:
        changed = False
        for i, j in ((i, j) for i in range(len(rows)) for j in range(i + 1, len(rows))):
            a, b = rows[i], rows[j]
            diff = [k for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
            if len(diff) == 1 and isinstance(diff[0], str) and diff[0] in a and diff[0] in b:
                k = diff[0]
                merged = dict(a)
                merged[k] = a[k] | b[k]
                if merged[k] == frozenset(vocab.fields[k].values):
                    del merged[k]
                rows[i] = merged
                del rows[j]
                changed = True
                break
    return rows


def _sorted(vocab: Vocabulary, conds: list[Condition]) -> tuple[Condition, ...]:
    order = {n: i for i, n in enumerate(vocab.fields)}
    return tuple(sorted(conds, key=lambda c: (order[c.field], c.op, c.values)))


def _allowed(vocab: Vocabulary, fname: str, allowed: frozenset) -> Condition:
    f = vocab.fields[fname]
    chosen = tuple(v for v in f.values if v in allowed)
    rest = tuple(v for v in f.values if v not in allowed)
    if f.kind == "bool" or len(chosen) <= len(rest):
        return Condition(fname, "=", chosen)
    return Condition(fname, "≠", rest)


def _conjunction(vocab: Vocabulary, cube: Cube) -> tuple[Condition, ...]:
    conds: list[Condition] = []
    has: dict[str, list[str]] = {}
    lacks: dict[str, list[str]] = {}
    for key, value in cube.items():
        if isinstance(key, tuple):
            (has if value else lacks).setdefault(key[0], []).append(key[1])
        else:
            conds.append(_allowed(vocab, key, value))
    conds += [Condition(f, "contains", tuple(v)) for f, v in has.items()]
    conds += [Condition(f, "contains_none", tuple(v)) for f, v in lacks.items()]
    return _sorted(vocab, conds)


def _clause(vocab: Vocabulary, lits: Sequence[Lit]) -> tuple[Condition, ...]:
    """The negation of a prime implicant of the other outcomes: a disjunction."""
    conds: list[Condition] = []
    excluded: dict[str, set[str]] = {}
    has: dict[str, list[str]] = {}
    lacks: dict[str, list[str]] = {}
    for fname, value, holds in lits:
        if vocab.fields[fname].kind == "set":
            (lacks if holds else has).setdefault(fname, []).append(value)
        else:
            excluded.setdefault(fname, set()).add(value)
    # not (field ∉ values) is field ∈ values
    conds += [_allowed(vocab, fname, frozenset(values)) for fname, values in excluded.items()]
    conds += [Condition(f, "contains_any" if len(v) > 1 else "contains", tuple(v)) for f, v in has.items()]
    conds += [Condition(f, "lacks_any" if len(v) > 1 else "contains_none", tuple(v)) for f, v in lacks.items()]
    return _sorted(vocab, conds)


class PairSpace:
    """Two copies of the product for the relevance checks."""

    def __init__(self, product: Product, rulebase: RuleBase, vocab: Vocabulary) -> None:
        self.ctl, messages = make_control(rulebase, extra=PAIR_PROGRAM)
        item = (product.facts, product.unknown)
        ground(self.ctl, messages, FactContext(vocab, [item, item]))
        self.ctl.configuration.solve.models = 1

    def relevant(self, fname: str, member: str | None = None) -> bool:
        for sym in self.ctl.symbolic_atoms.by_signature("free", 1):
            self.ctl.assign_external(sym.symbol, member is None and sym.symbol.arguments[0].name == fname)
        for sym in self.ctl.symbolic_atoms.by_signature("free", 2):
            args = sym.symbol.arguments
            self.ctl.assign_external(sym.symbol, args[0].name == fname and args[1].name == member)
        return bool(self.ctl.solve(assumptions=[(Function("atmp_differ"), True)]).satisfiable)


def _relevance(product: Product, rulebase: RuleBase, vocab: Vocabulary) -> dict[str, tuple[str, ...]]:
    """Relevant unknown fields; for set fields, their relevant members."""
    pair = PairSpace(product, rulebase, vocab)
    relevant: dict[str, tuple[str, ...]] = {}
    for fname in product.unknown:
        f = vocab.fields[fname]
        if f.kind == "set":
            members = tuple(v for v in f.values if pair.relevant(fname, v))
            if members:
                relevant[fname] = members
        elif pair.relevant(fname):
            relevant[fname] = ()
    return relevant


def explore_product(product: Product, rulebase: RuleBase | None = None,
                    vocab: Vocabulary | None = None) -> Exploration:
    rulebase = rulebase or load_rulebase()
    vocab = vocab or load_vocabulary()
    space = ProductSpace(product, rulebase, vocab)
    found = space.outcomes()
    relevant = _relevance(product, rulebase, vocab) if len(found) > 1 else {}
    space.relevant = relevant
    always = Formula("all", ())
    cases = tuple(OutcomeCase(o, space.conditions(o) if len(found) > 1 else always, found[o])
                  for o in sorted(found, key=_outcome_order))
    questions = []
    for fname, members in relevant.items():
        f = vocab.fields[fname]
        if f.kind == "set":
            splits = [(f"{m}={'yes' if holds else 'no'}",
                       tuple(sorted(space.outcomes([(fname, m, holds)]), key=_outcome_order)))
                      for m in members for holds in (True, False)]
        else:
            splits = [(v, tuple(sorted(space.outcomes([(fname, w, False) for w in f.values if w != v]),
                                       key=_outcome_order))) for v in f.values]
        possible = [len(outcomes) for _, outcomes in splits if outcomes]  # an empty split contradicts the facts
        expected = sum(possible) / len(possible)
        questions.append(Question(fname, members, tuple(splits), expected))
    order = list(vocab.fields)
    questions.sort(key=lambda q: (q.expected, order.index(q.field)))
    irrelevant = tuple(f for f in product.unknown if f not in relevant)
    return Exploration(product.id, product.source, product.unknown, cases, tuple(questions), irrelevant,
                       product.metadata)


def _outcome_order(o: Outcome) -> tuple:
    return ({"yes": 0, "undetermined": 1, "no": 2}.get(o.in_scope, 3), o.preferred or "", o.unresolved)


def answer(product: Product, fname: str, value: Any) -> Product:
    """The product with one unknown field answered (a set field gets its members)."""
    from dataclasses import replace

    facts = dict(product.facts)
    facts[fname] = tuple(value) if isinstance(value, (list, tuple)) else value
    return replace(product, facts=facts, unknown=tuple(f for f in product.unknown if f != fname))


def product_document(product: Product) -> dict[str, Any]:
    """The product as it would be written in a product file: stated facts,
    answered facts and the fields still unknown; defaults stay implicit."""
    facts: dict[str, Any] = {}
    for fname, value in product.facts.items():
        if fname not in product.assumed_defaults:
            facts[fname] = list(value) if isinstance(value, tuple) else value
    for fname in product.unknown:
        facts[fname] = "unknown"
    return {"id": product.id, **dict(product.metadata), "facts": facts}
