"""Bad input: one clear line naming file, product and field; the rest of the run goes on."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from atmp.classify import classify
from atmp.products import Product, ProductError, load_products, load_products_text
from atmp.results import Classification

GOOD = """
- id: good
  facts:
    active_ingredients: [cell]
    manipulations: [culture_expansion]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _only_error(text: str) -> ProductError:
    items = load_products_text(text, "f.yaml")
    assert len(items) == 1 and isinstance(items[0], ProductError), items
    return items[0]


def test_invalid_yaml_names_file_and_line(tmp_path):
    bad = _write(tmp_path, "bad.yaml", "- id: a\n  facts: {active_ingredients: [cell]\n")
    good = _write(tmp_path, "good.yaml", GOOD)
    results = classify(bad, good)
    assert isinstance(results[0], ProductError)
    assert str(results[0]).startswith(f"{bad}:3: invalid YAML")
    assert isinstance(results[1], Classification) and results[1].preferred == "ctmp/non_gm"


def test_unknown_field_suggests_the_closest():
    err = _only_error("id: x\nfacts: {active_ingredient: [cell]}\n")
    assert err.field == "active_ingredient"
    assert "did you mean 'active_ingredients'" in str(err)
    assert str(err).startswith("f.yaml: product x: field active_ingredient:")


def test_value_outside_domain_lists_allowed_values():
    err = _only_error("id: x\nfacts: {active_ingredients: [cell], carrier: lnpp}\n")
    assert err.field == "carrier"
    assert "did you mean 'lnp'" in err.message
    assert "allowed: none, plasmid, lnp, viral_vector" in err.message


@pytest.mark.parametrize("text, field", [
    ("facts: {active_ingredients: [cell]}\n", "id"),
    ("id: x\nfacts: {carrier: lnp}\n", "active_ingredients"),
    ("id: x\n", "active_ingredients"),
    ("id: x\nfacts: {active_ingredients: cell}\n", "active_ingredients"),
    ("id: x\nfacts: {active_ingredients: [cell], oncolytic: maybe}\n", "oncolytic"),
    ("id: x\nfacts: {active_ingredients: [cell], manipulations: [culture_expansion, 3]}\n", "manipulations"),
    ("id: x\nactive_ingredients: [cell]\n", "active_ingredients"),
    ("id: x\nfacts: {active_ingredients: [cell]}\nexpect: {preferred: ctmp/nongm}\n", "expect.preferred"),
    ("id: x\nfacts: {active_ingredients: [cell]}\nexpect: {in_scope: maybe}\n", "expect.in_scope"),
    ("id: x\nfacts: {active_ingredients: [cell]}\nexpect: {prefered: null}\n", "expect.prefered"),
    ("id: x\nnam: y\nfacts: {active_ingredients: [cell]}\n", "nam"),
])
def test_each_invalid_product_names_its_field(text, field):
    err = _only_error(text)
    assert err.field == field, str(err)
    assert "\n" not in str(err)


def test_missing_id_is_located_by_position():
    items = load_products_text(GOOD + "- facts: {active_ingredients: [cell]}\n", "f.yaml")
    assert isinstance(items[0], Product)
    assert str(items[1]) == "f.yaml: product #2: field id: is required: a non-empty string"


def test_duplicate_ids_across_files(tmp_path):
    a = _write(tmp_path, "a.yaml", GOOD)
    b = _write(tmp_path, "b.yaml", GOOD)
    results = load_products([a, b])
    assert isinstance(results[0], Product)
    assert isinstance(results[1], ProductError) and "duplicate id" in results[1].message
    assert str(a) in results[1].message


def test_yes_no_booleans_are_accepted_for_in_scope():
    items = load_products_text("id: x\nfacts: {active_ingredients: [cell]}\nexpect: {in_scope: yes}\n")
    assert items[0].expect == {"in_scope": "yes"}


@pytest.mark.parametrize("pid", ["x). :- a.", '"%', "#show.", "a\nb", "值"])
def test_ids_are_data_never_program_text(tmp_path, pid):
    import json

    path = _write(tmp_path, "p.yaml", json.dumps({"id": pid, "facts": {"active_ingredients": ["cell"],
                                                                          "manipulations": ["activation"]}}))
    (result,) = classify(path)
    assert isinstance(result, Classification)
    assert result.id == pid and result.preferred == "ctmp/non_gm"


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    lines.append("id: bomb\nfacts: {active_ingredients: [cell]}")
    path = _write(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    start = time.perf_counter()
    (result,) = load_products([path])
    assert time.perf_counter() - start < 2
    assert isinstance(result, ProductError) and "alias" in result.message


def test_oversized_file_is_refused(tmp_path, monkeypatch):
    import atmp.yamlio

    monkeypatch.setattr(atmp.yamlio, "MAX_BYTES", 100)
    path = _write(tmp_path, "big.yaml", GOOD * 10)
    (result,) = load_products([path])
    assert isinstance(result, ProductError) and "over the limit" in result.message


def test_directory_reads_yaml_and_yml(tmp_path):
    _write(tmp_path, "a.yaml", GOOD)
    _write(tmp_path, "b.yml", GOOD.replace("good", "other"))
    _write(tmp_path, "c.txt", "not a product")
    assert [p.id for p in load_products([tmp_path])] == ["good", "other"]


def test_defaults_are_reported_as_assumed():
    (product,) = load_products_text(GOOD)
    assert "drug_pathway" in product.assumed_defaults
    assert product.facts["drug_pathway"] is True
    assert "active_ingredients" not in product.assumed_defaults


def test_unknown_value_marks_field_unknown():
    (product,) = load_products_text("id: x\nfacts: {active_ingredients: [cell], gene_editing: unknown}\n")
    assert product.unknown == ("gene_editing",)
    assert "gene_editing" not in product.facts
