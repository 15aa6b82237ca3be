"""`atmp check` and `atmp diff` on the shipped rules and on deliberately broken copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atmp.check import check
from atmp.cli import app
from atmp.diff import diff
from atmp.resources import catalog_dir, logic_dir

runner = CliRunner()


@pytest.fixture(scope="module")
def shipped():
    return check(None, [catalog_dir()])


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(logic_dir(), target)
    return target


def _edit(rules: Path, name: str, old: str, new: str) -> None:
    path = rules / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _codes(findings):
    return {(f.severity, f.code) for f in findings}


def test_shipped_rules_have_no_errors(shipped):
    assert [f for f in shipped if f.severity == "error"] == []


def test_shipped_rules_report_the_guidelines_real_overlaps(shipped):
    overlaps = {f.message.split(" can both")[0]: f for f in shipped if f.code == "unresolved-overlap"}
    cell_carrier = overlaps["ctmp/non_gm and other/novel_delivery"]
    assert set(cell_carrier.rules) == {"C1", "C11"}
    assert "cell" in cell_carrier.example["active_ingredients"]
    assert cell_carrier.example["carrier"] in ("nucleated_cell", "anucleate_cell", "extracellular_vesicle",
                                               "organelle", "other_novel_carrier")
    assert "gtmp/oncolytic and gtmp/unspecified" in overlaps  # SPEC's P4 covers viral vectors only
    # settled by priorities, so never reported
    assert "gtmp/oncolytic and gtmp/viral_vector" not in overlaps
    assert "ctmp/ex_vivo_gm and gtmp/nucleic_acid" not in overlaps


def test_examples_are_minimal(shipped):
    for finding in shipped:
        if finding.example:
            assert sum(len(v) for v in finding.example.values() if isinstance(v, list)) <= 6, finding


def test_gaps_report_complexly_manipulated_products_without_category(shipped):
    gaps = [f for f in shipped if f.code == "no-category"]
    assert any(f.example["active_ingredients"] == ["virus"] for f in gaps)


def test_priority_cycle_is_an_error(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "borderline.lp", "% P3 ", """beats(P, cat(other, tissue_engineered), cat(ctmp, S), p2) :-
    candidate(P, cat(ctmp, S), _), candidate(P, cat(other, tissue_engineered), _).

% P3 """)
    findings = check(rules, None)
    cycle = [f for f in findings if f.code == "priority-cycle"]
    assert cycle and cycle[0].severity == "error" and "P2" in cycle[0].rules
    actives = set(cycle[0].example["active_ingredients"])
    assert actives & {"tissue", "organ", "organoid"}  # a ctmp/* and other/tissue_engineered candidate


def test_removed_priority_leaves_an_overlap_unresolved(tmp_path, shipped):
    rules = _copy(tmp_path)
    _edit(rules, "function.lp", "beats(P, cat(gtmp, oncolytic), cat(gtmp, viral_vector), p4) :-",
          "atmp_unused_p4(P) :-")
    findings = check(rules, None)
    new = {f.message for f in findings} - {f.message for f in shipped}
    assert any(m.startswith("gtmp/viral_vector and gtmp/oncolytic") or m.startswith(
        "gtmp/oncolytic and gtmp/viral_vector") for m in new), new
    assert ("error", "no-rule") in _codes(findings)  # P4's metadata now describes no rule


def test_deleted_candidate_rule_makes_a_category_unreachable(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "substance.lp", "candidate(P, cat(other, cell_derivative), c12) :-", "atmp_unused_c12(P) :-")
    findings = check(rules, None)
    assert any(f.code == "unreachable" and "other/cell_derivative" in f.message for f in findings)


def test_rule_without_metadata_is_an_error(tmp_path):
    rules = _copy(tmp_path)
    (rules / "extra.lp").write_text("% Purpose: test\nnote(P, extra, n7) :- value(P, oncolytic, true).\n",
                                    encoding="utf-8")
    findings = check(rules, None)
    (finding,) = [f for f in findings if f.code == "no-metadata"]
    assert finding.rules == ("N7",) and "extra.lp:2" in finding.files[0]


def test_misspelled_field_and_value_are_errors(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "scope.lp", "value(P, reproductive_use, true)", "value(P, reproductiv_use, true)")
    _edit(rules, "substance.lp", "active(P, (tissue; organ; organoid)).", "active(P, (tissue; organ; organoids)).")
    findings = [f for f in check(rules, None) if f.code == "vocabulary"]
    messages = " ".join(f.message for f in findings)
    assert "unknown field 'reproductiv_use' (did you mean 'reproductive_use'?)" in messages
    assert "'organoids', which is not a value of active_ingredients (did you mean 'organoid'?)" in messages
    assert {"X4", "C9"} <= {r for f in findings for r in f.rules}


def test_syntax_error_is_reported_with_file_and_line(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "scope.lp", "excluded(P, x2) :- value(P, blood_component_for_transfusion, true).",
          "excluded(P, x2) :- value(P, blood_component_for_transfusion, true")
    findings = check(rules, None)
    assert findings and all(f.code == "syntax" for f in findings)
    assert any("scope.lp:" in f.message for f in findings)


def test_catalog_expectation_failures_are_errors(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "function.lp", "beats(P, cat(gtmp, oncolytic), cat(gtmp, viral_vector), p4) :-",
          "atmp_unused_p4(P) :-")
    findings = check(rules, [catalog_dir()])
    assert any(f.code == "expectation" and f.message.startswith("t-vec:") for f in findings)


def test_check_cli_exit_codes_and_json(tmp_path):
    ok = runner.invoke(app, ["check", "--format", "json"])
    assert ok.exit_code == 0, ok.stdout
    data = json.loads(ok.stdout)
    assert data["errors"] == 0 and data["warnings"] == len(data["findings"]) > 0
    rules = _copy(tmp_path)
    _edit(rules, "scope.lp", "value(P, reproductive_use, true)", "value(P, reproductiv_use, true)")
    bad = runner.invoke(app, ["check", "--rules", str(rules)])
    assert bad.exit_code == 1 and "reproductiv_use" in bad.stdout


def test_diff_reports_exactly_the_expected_kinds_of_change(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "function.lp", "beats(P, cat(gtmp, oncolytic), cat(gtmp, viral_vector), p4) :-",
          "atmp_unused_p4(P) :-")
    result = diff(logic_dir(), rules, [catalog_dir()])
    assert {c.id for c in result.catalog} == {"t-vec", "pexa-vec"}
    kinds = {(c.old_scope, c.old_preferred, c.new_scope, c.new_preferred, c.gained, c.lost) for c in result.space}
    assert kinds == {
        ("yes", "gtmp/oncolytic", "yes", None, ("gtmp/oncolytic", "gtmp/viral_vector"), ()),
        ("yes", None, "yes", None, ("gtmp/viral_vector",), ()),
    }
    for change in result.space:
        assert change.example["oncolytic"] is True


def test_diff_of_identical_rule_bases_is_empty():
    result = diff(logic_dir(), logic_dir(), [catalog_dir()])
    assert result.catalog == () and result.space == ()


def test_diff_cli(tmp_path):
    rules = _copy(tmp_path)
    _edit(rules, "scope.lp", "excluded(P, x5) :- value(P, intended_use, prophylactic_vaccine).",
          "excluded(P, x5) :- value(P, intended_use, prophylactic_vaccine), value(P, drug_pathway, false).")
    result = runner.invoke(app, ["diff", str(logic_dir()), str(rules), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    data = json.loads(result.stdout)
    assert any(c["old"]["in_scope"] == "no" and c["new"]["in_scope"] == "yes" for c in data["space"])
    assert all(c["example"].get("intended_use") == "prophylactic_vaccine" for c in data["space"])
    assert runner.invoke(app, ["diff", str(logic_dir()), str(rules), "--lang", "zh"]).exit_code == 0
