"""Each rule id fires on its positive case and stays silent on the near-identical negatives."""

from __future__ import annotations

import pytest

from atmp.products import ProductError

from conftest import classify_facts
from rule_cases import CASES, case_failures


@pytest.fixture(scope="module")
def failures():
    return case_failures()


def test_all_rule_cases_hold(failures):
    assert failures == []


@pytest.mark.parametrize("rule_id", sorted({c[0] for c in CASES}))
def test_rule_cases_hold_per_rule(rule_id, failures):
    assert [f for f in failures if f.startswith(rule_id + " ")] == []


def test_every_rule_id_has_a_case(rulebase):
    assert {c[0] for c in CASES} == set(rulebase.metadata.rules)
    assert {s.rule_id for s in rulebase.sites()} == set(rulebase.metadata.rules)


def test_empty_active_ingredients_is_rejected_before_solving():
    result = classify_facts({"active_ingredients": []})
    assert isinstance(result, ProductError) and result.field == "active_ingredients"


def test_contradiction_names_its_fields():
    result = classify_facts({"active_ingredients": ["cell"], "gene_editing": "ex_vivo"})
    assert isinstance(result, ProductError)
    assert result.field == "gene_editing, cell_genetic_modification"
    assert "contradictory facts" in str(result)


def test_implied_manipulations_count_as_complex():
    # cell_genetic_modification: ex_vivo implies genetic_modification (SPEC §3): donated HSC stay in scope
    result = classify_facts({"active_ingredients": ["cell"], "donated_for_transplant": True,
                             "cell_genetic_modification": "ex_vivo", "gene_editing": "ex_vivo"})
    assert result.in_scope == "yes" and "X3" not in result.rules
