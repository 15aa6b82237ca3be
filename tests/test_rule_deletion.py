"""Deleting any single rule of logic/ makes at least one rule case fail.

This is the guarantee that the rule cases bite: every rule statement of the
shipped rule base (category rules, helpers and the core alike) is removed in
turn and the cases are re-run against the mutilated rule base.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from atmp.rulebase import load_rulebase

from rule_cases import case_failures

def _rule_statements():
    rb = load_rulebase()
    return [(i, s) for i, s in enumerate(rb.statements) if s.ast_type.name == "Rule"]


STATEMENTS = _rule_statements()


@pytest.mark.parametrize("index, statement", STATEMENTS,
                         ids=[f"{s.location.begin.filename.rsplit('/', 1)[-1]}:{s.location.begin.line}"
                              for _, s in STATEMENTS])
def test_deleting_the_rule_fails_some_case(index, statement):
    rb = load_rulebase()
    kept = [s for i, s in enumerate(rb.statements) if i != index]
    mutant = replace(rb, statements=tuple(kept))
    assert case_failures(mutant), f"no case notices the deletion of: {statement}"
