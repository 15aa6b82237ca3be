"""Every rule is cited: metadata exists for each rule id, and every quote is verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atmp.guideline import margin_lines, quote_is_verbatim
from atmp.metadata import load_categories
from atmp.resources import logic_dir
from atmp.rulebase import load_rulebase
from atmp.vocabulary import load_vocabulary

RULEBASE = load_rulebase()
RULES = RULEBASE.metadata.rules


def test_guideline_has_every_margin_line():
    lines = margin_lines()
    assert sorted(lines) == list(range(1, 486))


def test_rule_ids_and_metadata_match_both_ways():
    used = {site.rule_id for site in RULEBASE.sites()}
    assert used == set(RULES)


@pytest.mark.parametrize("rule_id", list(RULES))
def test_each_clause_quotes_its_lines_verbatim(rule_id):
    info = RULES[rule_id]
    assert info.summary["en"] and info.summary["zh"]
    for clause in info.clauses:
        first, last = clause.lines
        assert quote_is_verbatim(clause.text, first, last), f"{rule_id}: not in L{first}-{last}: {clause.text}"


@pytest.mark.parametrize("rule_id", [r for r in RULES if r[0] in "UN"])
def test_findings_and_notes_have_a_message(rule_id):
    assert RULES[rule_id].message is not None


@pytest.mark.parametrize("category", list(load_categories()[0].values()), ids=lambda c: c.id)
def test_category_definitions_are_verbatim(category):
    assert any(quote_is_verbatim(category.definition, a, b) for a, b in category.lines)
    assert any(quote_is_verbatim(category.name["zh"], a, b) for a, b in category.lines) \
        or category.id == "gtmp/unspecified"


def _comment_before(path: Path, line: int) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()[: line - 1]
    block = []
    for text in reversed(lines):
        if not text.startswith("%"):
            break
        block.append(text)
    return "\n".join(reversed(block))


def _first_sites():
    first = {}
    for site in RULEBASE.sites():
        first.setdefault(site.rule_id, site)
    return list(first.values())


@pytest.mark.parametrize("site", _first_sites(), ids=lambda s: s.rule_id)
def test_each_rule_is_commented_with_its_id_and_lines(site):
    """Catala style: a reviewer reads each rule under its id and guideline lines."""
    comment = _comment_before(Path(site.file), site.line)
    assert re.search(rf"\b{site.rule_id}\b", comment), f"{site.file}:{site.line}: no comment naming {site.rule_id}"
    first_range = RULES[site.rule_id].citation.split(",")[0]
    assert first_range in comment, f"{site.rule_id}: comment should cite {first_range}"


def test_every_lp_file_opens_with_a_purpose_header():
    for path in sorted(logic_dir().glob("*.lp")):
        assert path.read_text(encoding="utf-8").startswith("% Purpose:"), path.name


def test_vocabulary_lines_are_within_the_guideline():
    for f in load_vocabulary().fields.values():
        assert all(1 <= a <= b <= 485 for a, b in f.lines), f.name


def test_rule_metadata_lines_follow_the_spec_citation_format():
    for info in RULES.values():
        assert re.fullmatch(r"L\d+(-\d+)?(, L\d+(-\d+)?)*", info.citation), info.id
