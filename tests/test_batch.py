"""Batch classification: chunks, memoisation and streaming never change a result."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from atmp.classify import classify_products, iter_classify
from atmp.cli import app
from atmp.products import ProductError, load_products, parse_product
from atmp.resources import catalog_dir

from test_properties import products as random_fact_sets

CATALOG = load_products([catalog_dir()])
runner = CliRunner()


def test_catalog_batch_equals_one_by_one():
    batch = classify_products(CATALOG)
    assert batch == [classify_products([p])[0] for p in CATALOG]


@pytest.mark.parametrize("chunk", [1, 7])
def test_chunking_does_not_change_results(chunk):
    assert list(iter_classify(CATALOG, chunk=chunk)) == classify_products(CATALOG)


def test_duplicates_are_solved_once_and_keep_their_own_identity(monkeypatch):
    import atmp.classify

    calls = []
    real = atmp.classify.solve_facts

    def counting(rulebase, vocab, items, trace="facts"):
        calls.append(len(items))
        return real(rulebase, vocab, items, trace=trace)

    monkeypatch.setattr(atmp.classify, "solve_facts", counting)
    facts = {"active_ingredients": ["cell"], "manipulations": ["activation"]}
    items = [parse_product({"id": f"dup{i}", "name": f"n{i}", "facts": facts}, "<b>", i) for i in range(50)]
    items.insert(10, parse_product({"id": "bad", "facts": {"active_ingredients": ["cel"]}}, "<b>", 99))
    results = classify_products(items)
    assert calls == [1]
    assert [r.id for r in results] == [i.id for i in items]
    assert isinstance(results[10], ProductError)
    assert {r.preferred for r in results if not isinstance(r, ProductError)} == {"ctmp/non_gm"}
    assert results[0].metadata["name"] == "n0" and results[-1].metadata["name"] == "n49"


def test_trace_levels_report_the_same_facts():
    facts = classify_products(CATALOG, trace="facts")
    full = classify_products(CATALOG, trace="full")
    assert facts == full
    none = classify_products(CATALOG, trace="none")
    assert [(r.in_scope, r.preferred, r.rules) for r in none] == [(r.in_scope, r.preferred, r.rules) for r in facts]


@settings(max_examples=15, deadline=None)
@given(random_fact_sets)
def test_random_batches_with_duplicates_and_errors(fact_sets):
    items = [parse_product({"id": f"p{i}", "facts": f}, "<r>", i) for i, f in enumerate(fact_sets + fact_sets)]
    items.append(parse_product({"id": "broken", "facts": {"carrier": "lnp"}}, "<r>", 0))
    batch = list(iter_classify(items, chunk=3))
    assert batch == [classify_products([item])[0] for item in items]


def test_jsonl_equals_json_and_json_files_load(tmp_path):
    data = [{"id": p.id, "facts": {k: list(v) if isinstance(v, tuple) else v for k, v in p.facts.items()
                                   if k not in p.assumed_defaults}} for p in CATALOG[:20]]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = runner.invoke(app, ["classify", str(path), "--format", "jsonl", "--quiet"])
    whole = runner.invoke(app, ["classify", str(path), "--format", "json", "--quiet"])
    assert lines.exit_code == whole.exit_code == 0, lines.output
    assert [json.loads(line) for line in lines.stdout.splitlines()] == json.loads(whole.stdout)
    assert lines.stderr == ""
    assert [d["preferred"] for d in json.loads(whole.stdout)] == \
        [r.preferred for r in classify_products(CATALOG[:20])]


def test_invalid_json_file_is_reported_with_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"id": "a",\n "facts": }]', encoding="utf-8")
    (error,) = load_products([path])
    assert isinstance(error, ProductError) and error.line == 2 and "invalid JSON" in error.message


def test_the_memo_stays_bounded_even_when_the_consumer_stops_at_the_last_result(monkeypatch):
    import atmp.classify

    monkeypatch.setattr(atmp.classify, "MEMO_LIMIT", 5)
    memo: dict = {}
    results = iter_classify(CATALOG, chunk=7, memo=memo)
    pairs = list(zip(CATALOG, results))  # zip never resumes the generator after the last item
    assert len(pairs) == len(CATALOG) and len(memo) <= 5
    assert [r for _, r in pairs] == classify_products(CATALOG)
