"""The command line: output contracts, languages and exit codes (typer's CliRunner)."""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from atmp.cli import app

runner = CliRunner()

CAR_T = """
- id: relma-cel
  name: Relmacabtagene autoleucel
  name_zh: 瑞基奥仑赛注射液
  facts:
    active_ingredients: [cell]
    cell_genetic_modification: ex_vivo
    manipulations: [sorting_purification, activation, culture_expansion]
    mechanisms: [immune_modulation]
    human_genetic_resources: true
  expect:
    in_scope: yes
    preferred: ctmp/ex_vivo_gm
    candidates: [ctmp/ex_vivo_gm]
    rules: [C2, N1]
- id: cell-carrier
  facts:
    active_ingredients: [cell, small_molecule]
    carrier: nucleated_cell
    manipulations: [culture_expansion]
"""
BROKEN = "- id: broken\n  facts: {active_ingredients: [cel]}\n"


@pytest.fixture
def products(tmp_path):
    path = tmp_path / "products.yaml"
    path.write_text(CAR_T, encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_classify_json_contract(products):
    result = invoke("classify", products, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["id"] for d in data] == ["relma-cel", "cell-carrier"]
    car_t = data[0]
    for key, kind in [("id", str), ("in_scope", str), ("preferred", str), ("candidates", list),
                      ("exclusions", list), ("priorities", list), ("unresolved", list), ("notes", list),
                      ("assumed_defaults", dict)]:
        assert isinstance(car_t[key], kind), key
    assert car_t["in_scope"] == "yes" and car_t["preferred"] == "ctmp/ex_vivo_gm"
    (cand,) = car_t["candidates"]
    assert cand["category"] == "ctmp/ex_vivo_gm" and cand["rules"] == ["C2"]
    assert cand["facts"] == {"active_ingredients": ["cell"], "cell_genetic_modification": "ex_vivo"}
    assert all({"rule", "lines", "text"} <= set(c) for c in cand["clauses"])
    assert cand["clauses"][0]["lines"] == "L85-89"
    assert car_t["notes"][0]["rule"] == "N1" and car_t["notes"][0]["clauses"][0]["lines"] == "L42-45"
    assert car_t["assumed_defaults"]["drug_pathway"] is True
    unresolved = data[1]
    assert unresolved["preferred"] is None
    assert unresolved["unresolved"] == ["ctmp/non_gm", "other/novel_delivery"]
    assert [n["rule"] for n in unresolved["notes"]] == ["N5"]


def test_classify_yaml_matches_json(products):
    as_json = json.loads(invoke("classify", products, "-f", "json").stdout)
    as_yaml = yaml.safe_load(invoke("classify", products, "-f", "yaml").stdout)
    assert as_json == as_yaml


def test_invalid_product_gives_error_object_and_exit_1(products, broken):
    result = invoke("classify", broken, products, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0] == {"id": "broken", "error": data[0]["error"], "source": str(broken)}
    assert "did you mean 'cell'" in data[0]["error"]
    assert data[1]["preferred"] == "ctmp/ex_vivo_gm"
    assert "Traceback" not in result.output


def test_classify_table_in_both_languages(products):
    en = invoke("classify", products)
    zh = invoke("classify", products, "--lang", "zh")
    assert en.exit_code == zh.exit_code == 0
    assert "Ex vivo genetically modified CTMPs" in en.stdout and "unresolved" in en.stdout
    assert "体外基因修饰细胞药品" in zh.stdout and "优先归属" in zh.stdout and "未决" in zh.stdout


def test_error_lines_go_to_stderr(broken):
    result = invoke("classify", broken)
    assert result.exit_code == 1
    assert "error: " in result.stderr and "product broken: field active_ingredients" in result.stderr


def test_usage_errors_exit_2(products):
    assert invoke("classify", products, "--format", "xml").exit_code == 2
    assert invoke("classify", "/no/such/file.yaml").exit_code == 2
    assert invoke("classify").exit_code == 2


def test_explain_is_a_cited_tree(products):
    result = invoke("explain", products, "--id", "relma-cel")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("relma-cel — Relmacabtagene autoleucel")
    assert "C2 → ctmp/ex_vivo_gm" in out and "(L85-89)" in out and "「体外基因修饰细胞药品" in out
    assert "[cell_genetic_modification = ex_vivo]" in out
    assert "├─" in out and "└─" in out


def test_explain_zh_and_json(products):
    zh = invoke("explain", products, "--id", "cell-carrier", "--lang", "zh")
    assert "未决" in zh.stdout and "N5" in zh.stdout
    data = json.loads(invoke("explain", products, "--id", "cell-carrier", "-f", "json").stdout)
    sections = [c["text"] for c in data[0]["children"]]
    assert sections[:4] == ["Scope", "Candidates", "Priorities", "Outcome"]
    rules = {c["rule"] for c in data[0]["children"][1]["children"]}
    assert rules == {"C1", "C11"}


def test_explain_unknown_id_exits_1(products):
    assert invoke("explain", products, "--id", "nope").exit_code == 1


def test_test_command_passes_and_fails(products, tmp_path):
    ok = invoke("test", products)
    assert ok.exit_code == 0, ok.stdout
    assert "1 pass" in ok.stdout and "1 skipped" in ok.stdout
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(CAR_T.replace("preferred: ctmp/ex_vivo_gm", "preferred: ctmp/non_gm"), encoding="utf-8")
    bad = invoke("test", wrong, "-f", "json")
    assert bad.exit_code == 1
    data = json.loads(bad.stdout)
    assert data[0]["status"] == "fail"
    assert data[0]["mismatches"] == [{"key": "preferred", "expected": "ctmp/non_gm", "got": "ctmp/ex_vivo_gm"}]


def test_vocab_rules_schema():
    vocab = json.loads(invoke("vocab", "-f", "json").stdout)
    assert vocab[0]["field"] == "drug_pathway"
    carrier = json.loads(invoke("vocab", "carrier", "-f", "json", "--lang", "zh").stdout)[0]
    assert carrier["label"] == "递送载体"
    assert invoke("vocab", "carier").exit_code == 2
    rules = json.loads(invoke("rules", "-f", "json").stdout)
    assert [r["rule"] for r in rules][:3] == ["X1", "X2", "X3"]
    c5 = json.loads(invoke("rules", "c5", "-f", "json").stdout)[0]
    assert c5["lines"] == "L117-123, L232-238" and c5["defined_at"]
    assert "gtmp" in invoke("rules").stdout.lower() or invoke("rules").exit_code == 0
    schema = json.loads(invoke("schema").stdout)
    assert "carrier" in schema["$defs"]["product"]["properties"]["facts"]["properties"]


def test_broken_rule_base_is_reported_with_file_and_line(tmp_path, products):
    from atmp.resources import logic_dir

    for src in logic_dir().glob("*.lp"):
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "scope.lp").write_text("excluded(P, x1) :- value(P, drug_pathway, false\n", encoding="utf-8")
    result = invoke("classify", products, "--rules", tmp_path)
    assert result.exit_code == 1
    assert "scope.lp:" in result.stderr and "syntax error" in result.stderr
    assert "Traceback" not in result.output
