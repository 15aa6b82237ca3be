"""`atmp test`: compare classifications with the products' `expect` blocks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from atmp.products import Product, ProductError
from atmp.results import Classification


@dataclass(frozen=True)
class Mismatch:
    key: str
    expected: Any
    got: Any


@dataclass(frozen=True)
class Outcome:
    id: str | None
    source: str
    status: str  # pass | fail | error | skipped
    mismatches: tuple[Mismatch, ...] = ()
    error: str | None = None


def observed(result: Classification) -> dict[str, Any]:
    """The result in the terms an `expect` block uses."""
    return {
        "in_scope": result.in_scope,
        "preferred": result.preferred,
        "candidates": tuple(sorted(c.category for c in result.candidates)),
        "unresolved": tuple(sorted(result.unresolved)),
        "rules": tuple(sorted(result.rules)),
    }


def compare(expect: dict[str, Any], result: Classification) -> tuple[Mismatch, ...]:
    got = observed(result)
    return tuple(Mismatch(k, v, got[k]) for k, v in expect.items() if got[k] != v)


def run_expectations(products: Sequence[Product | ProductError],
                     results: Sequence[Classification | ProductError]) -> list[Outcome]:
    outcomes = []
    for product, result in zip(products, results):
        if isinstance(result, ProductError):
            outcomes.append(Outcome(result.id, result.source, "error", error=str(result)))
        elif not isinstance(product, Product) or product.expect is None:
            outcomes.append(Outcome(result.id, result.source, "skipped"))
        else:
            mismatches = compare(product.expect, result)
            outcomes.append(Outcome(result.id, result.source, "fail" if mismatches else "pass", mismatches))
    return outcomes
