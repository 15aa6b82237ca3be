"""Classification: validated products in, `Classification` results out.

Identical fact sets are solved once; a whole batch is one grounding and one
solve. Everything category-specific happens in the rule base - this module only
reads the atoms back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from itertools import islice
from typing import Iterable, Iterator, Sequence

from atmp.products import Product, ProductError, load_products
from atmp.results import CandidateResult, Classification, Finding, Priority, rule_order
from atmp.rulebase import RuleBase, load_rulebase
from atmp.solver import solve_facts
from atmp.terms import Term, category_id, show
from atmp.trace import Trace, fact_of, sort_facts
from atmp.vocabulary import Vocabulary, load_vocabulary

Result = Classification | ProductError


def _rule_id(term: Term) -> str:
    return term.upper() if isinstance(term, str) else show(term)


def interpret(atoms: Sequence[Term], product: Product, vocab: Vocabulary, keep_trace: bool = True) -> Result:
    """Read one product's atoms (terms.py) into a Classification (or its input error).

    The trace is kept only when asked: a batch renders the facts behind each
    finding, read here, and needs no support graph afterwards (memory).
    """
    conflicts = sorted({a[2] for a in atoms if a[0] == "conflict"})
    if conflicts:
        parts, fields = [], []
        for cid in conflicts:
            constraint = vocab.constraints.get(cid)
            parts.append(constraint.message["en"] if constraint else cid)
            fields.extend(f for f in (constraint.fields if constraint else ()) if f not in fields)
        return ProductError(product.source, "contradictory facts: " + "; ".join(parts),
                            id=product.id, index=product.index, field=", ".join(fields) or None)
    trace = Trace.from_atoms(atoms)
    facts_below = trace.facts_below(vocab)

    candidates: dict[str, list[Term]] = {}
    exclusions, undetermined, notes, priorities = [], [], [], []
    in_scope, preferred, unresolved, cycle, implied = None, None, [], False, []
    for atom in atoms:
        name, args = atom[0], atom[1:]
        if name == "candidate":
            candidates.setdefault(category_id(args[1]), []).append(atom)
        elif name == "excluded":
            exclusions.append(Finding(_rule_id(args[1]), facts_below(atom)))
        elif name == "undetermined":
            undetermined.append(Finding(_rule_id(args[1]), facts_below(atom)))
        elif name == "note":
            notes.append(Finding(_rule_id(args[2]), facts_below(atom), note=show(args[1])))
        elif name == "beats":
            priorities.append(Priority(category_id(args[1]), category_id(args[2]), _rule_id(args[3])))
        elif name == "in_scope":
            in_scope = args[1]
        elif name == "preferred":
            preferred = category_id(args[1])
        elif name == "unresolved":
            unresolved.append(category_id(args[1]))
        elif name == "priority_cycle":
            cycle = True
        elif name == "implied":
            fact = fact_of(atom, vocab)
            stated = product.facts.get(fact.field, ())
            if fact.value not in (stated if isinstance(stated, tuple) else (stated,)):
                implied.append(fact)
    if in_scope is None:
        return ProductError(product.source, "rule-base defect: the rules derive no in_scope for this product",
                            id=product.id, index=product.index)
    by_rule = lambda f: rule_order(f.rule)  # noqa: E731
    return Classification(
        id=product.id,
        source=product.source,
        in_scope=in_scope,
        preferred=preferred,
        candidates=tuple(
            CandidateResult(cat, tuple(sorted({_rule_id(a[3]) for a in found}, key=rule_order)),
                            facts_below(*found))
            for cat, found in sorted(candidates.items())),
        exclusions=tuple(sorted(exclusions, key=by_rule)),
        undetermined=tuple(sorted(undetermined, key=by_rule)),
        priorities=tuple(sorted(set(priorities), key=lambda p: (rule_order(p.rule), p.winner, p.loser))),
        unresolved=tuple(sorted(unresolved)),
        notes=tuple(sorted(set(notes), key=by_rule)),
        assumed_defaults={f: product.facts[f] for f in product.assumed_defaults},
        implied_facts=sort_facts(implied, vocab),
        priority_cycle=cycle,
        metadata=product.metadata,
        trace=trace if keep_trace else None,
    )


def _incomplete(product: Product) -> ProductError:
    fields = ", ".join(product.unknown)
    return ProductError(product.source, "has unknown facts; classify needs every fact known: "
                        "run `atmp explore` to see every possible outcome and the deciding questions",
                        id=product.id, index=product.index, field=fields)


CHUNK = 4000  # distinct fact sets per grounding: large enough to amortise, small enough to stream
MEMO_LIMIT = 10_000  # distinct results remembered per run (about 4 KB each); the oldest are forgotten first


def iter_classify(items: Iterable[Product | ProductError], rulebase: RuleBase | None = None,
                  vocab: Vocabulary | None = None, trace: str = "facts",
                  chunk: int = CHUNK, memo: dict[tuple, Result] | None = None) -> Iterator[Result]:
    """Classify products lazily, in input order, a chunk of distinct fact sets per solver call.

    Errors pass through in place. Identical fact sets are solved once for the
    run (memoised by their canonical facts, in `memo` when given so that
    several calls share it; at most MEMO_LIMIT of them, so memory stays flat on
    any batch). `trace` says how much of the derivation to read: "facts" (the
    input facts behind each finding, for classify), "full" (the support graph,
    kept on each result for explain) or "none" (a table).
    """
    rulebase = rulebase or load_rulebase()
    vocab = vocab or load_vocabulary()
    solved: dict[tuple, Result] = {} if memo is None else memo
    pending: list[Product | ProductError] = []
    fresh: dict[tuple, Product] = {}

    def flush() -> Iterator[Result]:
        if fresh:
            batch = list(fresh.values())
            atoms = solve_facts(rulebase, vocab, [(p.facts, ()) for p in batch], trace=trace)
            for i, product in enumerate(batch):
                solved[product.key()] = interpret(atoms.get(i, []), product, vocab, keep_trace=trace == "full")
            fresh.clear()
        ready = [_result_for(item, solved) for item in pending]
        pending.clear()
        for key in list(islice(solved, max(0, len(solved) - MEMO_LIMIT))):
            del solved[key]  # dicts keep insertion order: the oldest go first
        yield from ready  # last: a consumer may stop at the final result and never resume us

    for item in items:
        pending.append(item)
        if isinstance(item, Product) and not item.unknown:
            key = item.key()
            if key not in solved and key not in fresh:
                fresh[key] = item
                if len(fresh) >= chunk:
                    yield from flush()
    yield from flush()


def _result_for(item: Product | ProductError, solved: dict[tuple, Result]) -> Result:
    if isinstance(item, ProductError):
        return item
    if item.unknown:
        return _incomplete(item)
    result = solved[item.key()]
    if isinstance(result, ProductError):
        return replace(result, source=item.source, id=item.id, index=item.index)
    return replace(result, id=item.id, source=item.source, metadata=item.metadata,
                   assumed_defaults={f: item.facts[f] for f in item.assumed_defaults})


def classify_products(items: Iterable[Product | ProductError], rulebase: RuleBase | None = None,
                      vocab: Vocabulary | None = None, trace: str = "facts") -> list[Result]:
    """Classify products (errors pass through in place), solving each distinct fact set once."""
    return list(iter_classify(items, rulebase, vocab, trace=trace))


def classify(*paths: str | Path, rules: str | Path | None = None) -> list[Result]:
    """Classify every product in the given files or directories.

    >>> from atmp import classify
    >>> [r.preferred for r in classify("facts/products/ctmp.yaml")][:1]  # doctest: +SKIP
    ['ctmp/ex_vivo_gm']
    """
    rulebase = load_rulebase(Path(rules) if rules else None)
    return classify_products(load_products(paths), rulebase)
