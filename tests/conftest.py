"""Shared helpers: classify fact dictionaries without writing files."""

from __future__ import annotations

from typing import Any

import pytest

from atmp.classify import classify_products
from atmp.products import Product, ProductError, parse_product
from atmp.results import Classification
from atmp.rulebase import RuleBase, load_rulebase


def product(facts: dict[str, Any], pid: str = "p", **extra: Any) -> Product | ProductError:
    return parse_product({"id": pid, "facts": facts, **extra}, "<test>", 1)


def classify_facts(facts: dict[str, Any], rulebase: RuleBase | None = None) -> Classification | ProductError:
    return classify_products([product(facts)], rulebase)[0]


def classify_many(fact_sets: list[dict[str, Any]], rulebase: RuleBase | None = None) -> list:
    return classify_products([product(f, f"p{i}") for i, f in enumerate(fact_sets)], rulebase)


@pytest.fixture(scope="session")
def rulebase() -> RuleBase:
    return load_rulebase()
