"""Classification: validated products in, `Classification` results out.

Identical fact sets are solved once; a whole batch is one grounding and one
solve. Everything category-specific happens in the rule base - this module only
reads the atoms back.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

from clingo import Symbol

from atmp.products import Product, ProductError, load_products
from atmp.results import CandidateResult, Classification, Finding, Priority, rule_order
from atmp.rulebase import RuleBase, load_rulebase
from atmp.solver import solve_facts
from atmp.trace import Trace, fact_of, sort_facts
from atmp.vocabulary import Vocabulary, load_vocabulary

Result = Classification | ProductError


def category_id(term: Symbol) -> str:
    """`cat(gtmp, oncolytic)` -> `gtmp/oncolytic`."""
    if term.name == "cat" and len(term.arguments) == 2:
        return "/".join(a.name for a in term.arguments)
    return str(term)


def _rule_id(term: Symbol) -> str:
    return term.name.upper() if term.type.name == "Function" else str(term)


def interpret(atoms: Sequence[Symbol], product: Product, vocab: Vocabulary) -> Result:
    """Read one product's atoms into a Classification (or its input error)."""
    conflicts = sorted({a.arguments[1].name for a in atoms if a.name == "conflict"})
    if conflicts:
        parts, fields = [], []
        for cid in conflicts:
            constraint = vocab.constraints.get(cid)
            parts.append(constraint.message["en"] if constraint else cid)
            fields.extend(f for f in (constraint.fields if constraint else ()) if f not in fields)
        return ProductError(product.source, "contradictory facts: " + "; ".join(parts),
                            id=product.id, index=product.index, field=", ".join(fields) or None)
    trace = Trace.from_atoms(atoms)

    def facts_below(*roots: Symbol) -> tuple:
        return sort_facts((fact_of(v, vocab) for r in roots for v in trace.leaves(r)), vocab)

    candidates: dict[str, list[Symbol]] = {}
    exclusions, undetermined, notes, priorities = [], [], [], []
    in_scope, preferred, unresolved, cycle, implied = None, None, [], False, []
    for atom in atoms:
        name, args = atom.name, atom.arguments
        if name == "candidate":
            candidates.setdefault(category_id(args[1]), []).append(atom)
        elif name == "excluded":
            exclusions.append(Finding(_rule_id(args[1]), facts_below(atom)))
        elif name == "undetermined":
            undetermined.append(Finding(_rule_id(args[1]), facts_below(atom)))
        elif name == "note":
            notes.append(Finding(_rule_id(args[2]), facts_below(atom), note=args[1].name))
        elif name == "beats":
            priorities.append(Priority(category_id(args[1]), category_id(args[2]), _rule_id(args[3])))
        elif name == "in_scope":
            in_scope = args[1].name
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
            CandidateResult(cat, tuple(sorted({_rule_id(a.arguments[2]) for a in found}, key=rule_order)),
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
        trace=trace,
    )


def _incomplete(product: Product) -> ProductError:
    fields = ", ".join(product.unknown)
    return ProductError(product.source, "has unknown facts; classify needs every fact known: "
                        "run `atmp explore` to see every possible outcome and the deciding questions",
                        id=product.id, index=product.index, field=fields)


def classify_products(items: Iterable[Product | ProductError], rulebase: RuleBase | None = None,
                      vocab: Vocabulary | None = None) -> list[Result]:
    """Classify products (errors pass through in place), solving each distinct fact set once."""
    rulebase = rulebase or load_rulebase()
    vocab = vocab or load_vocabulary()
    items = list(items)
    keys: dict[tuple, int] = {}
    distinct: list[Product] = []
    for item in items:
        if isinstance(item, Product) and not item.unknown and item.key() not in keys:
            keys[item.key()] = len(distinct)
            distinct.append(item)
    atoms = solve_facts(rulebase, vocab, [(p.facts, ()) for p in distinct]) if distinct else {}
    solved = [interpret(atoms.get(i, []), p, vocab) for i, p in enumerate(distinct)]
    out: list[Result] = []
    for item in items:
        if isinstance(item, ProductError):
            out.append(item)
        elif item.unknown:
            out.append(_incomplete(item))
        else:
            result = solved[keys[item.key()]]
            if isinstance(result, ProductError):
                out.append(replace(result, source=item.source, id=item.id, index=item.index))
            else:
                out.append(replace(result, id=item.id, source=item.source, metadata=item.metadata,
                                   assumed_defaults={f: item.facts[f] for f in item.assumed_defaults}))
    return out


def classify(*paths: str | Path, rules: str | Path | None = None) -> list[Result]:
    """Classify every product in the given files or directories.

    >>> from atmp import classify
    >>> [r.preferred for r in classify("facts/products/ctmp.yaml")][:1]  # doctest: +SKIP
    ['ctmp/ex_vivo_gm']
    """
    rulebase = load_rulebase(Path(rules) if rules else None)
    return classify_products(load_products(paths), rulebase)
