"""The shipped catalog: every expectation holds, every rule fires somewhere, the schema accepts it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from atmp.classify import classify_products
from atmp.cli import app
from atmp.expect import compare
from atmp.products import Product, load_products
from atmp.resources import catalog_dir
from atmp.rulebase import load_rulebase
from atmp.yamlio import read_yaml_file

PRODUCTS = load_products([catalog_dir()])
RESULTS = dict(zip([p.id for p in PRODUCTS], classify_products(PRODUCTS)))


def test_catalog_is_valid_and_large_enough():
    assert all(isinstance(p, Product) for p in PRODUCTS), [str(p) for p in PRODUCTS if not isinstance(p, Product)]
    assert len(PRODUCTS) >= 40
    assert all(p.expect for p in PRODUCTS)


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p.id)
def test_expectation(product):
    assert compare(product.expect, RESULTS[product.id]) == ()


def test_every_rule_fires_in_the_catalog():
    fired = {rule for r in RESULTS.values() for rule in r.rules}
    assert set(load_rulebase().metadata.rules) <= fired


def test_every_category_is_preferred_somewhere():
    from atmp.metadata import load_categories

    preferred = {r.preferred for r in RESULTS.values()}
    assert set(load_categories()[0]) <= preferred


def test_atmp_test_passes_on_the_catalog():
    result = CliRunner().invoke(app, ["test"])
    assert result.exit_code == 0, result.stdout
    assert f"{len(PRODUCTS)} pass" in result.stdout


def test_schema_accepts_the_catalog_and_rejects_bad_products():
    jsonschema = pytest.importorskip("jsonschema")
    from atmp.schema import product_schema
    from atmp.vocabulary import load_vocabulary

    schema = product_schema(load_vocabulary())
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(catalog_dir().glob("*.yaml")):
        errors = list(validator.iter_errors(read_yaml_file(path)))
        assert errors == [], (path, errors[:1])
    bad = {"id": "x", "facts": {"active_ingredients": ["cel"]}}
    assert list(validator.iter_errors(bad))
    assert list(validator.iter_errors({"id": "x", "facts": {"active_ingredients": ["cell"], "colour": "red"}}))
