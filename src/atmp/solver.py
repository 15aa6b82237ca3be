"""One clingo run over many fact sets; the model's atoms sorted per fact set.

Classification is deterministic for fully known facts (one model), so a whole
batch is grounded and solved once; `explore` and `check` reuse the same setup
with `unknown` facts and enumerate models instead.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping, Sequence

import clingo

from atmp.errors import RuleBaseError
from atmp.grounding import BRIDGE, FactContext
from atmp.rulebase import ABSENT, SUPPORT, RuleBase
from atmp.terms import Term, parse
from atmp.vocabulary import Vocabulary

# Fixed program text of ours. "full": the whole support graph (for explain);
# "facts": only, per finding, the input facts below it - flat atoms, cheap to
# read - atmp_fact(P, Kind, Key1, Key2, Rule, Field, Value).
TRACE_PROGRAMS = {
    "none": "",
    "full": f"#show {SUPPORT}/2. #show {ABSENT}/2.",
    "facts": f"""
#defined {SUPPORT}/2.
atmp_key(candidate(P, cat(C, S), R), P, candidate, C, S, R) :- candidate(P, cat(C, S), R).
atmp_key(excluded(P, R), P, excluded, none, none, R) :- excluded(P, R).
atmp_key(undetermined(P, R), P, undetermined, none, none, R) :- undetermined(P, R).
atmp_key(note(P, N, R), P, note, N, none, R) :- note(P, N, R).
% reachability from the findings only, not between every pair of derived atoms
atmp_below(H, B) :- atmp_key(H, _, _, _, _, _), {SUPPORT}(H, B).
atmp_below(H, C) :- atmp_below(H, B), {SUPPORT}(B, C).
#show atmp_fact(P, K, X, Y, R, F, V) : atmp_key(H, P, K, X, Y, R), atmp_below(H, value(P, F, V)).
""",
}


def make_control(rulebase: RuleBase, arguments: Sequence[str] = (), trace: str = "none",
                 extra: str = "") -> tuple[clingo.Control, list[str]]:
    """A Control with the rule base and bridge loaded; `extra` is fixed program text of ours."""
    messages: list[str] = []

    def logger(code: clingo.MessageCode, message: str) -> None:
        if code != clingo.MessageCode.AtomUndefined:
            messages.append(message.strip())

    ctl = clingo.Control(list(arguments), logger=logger)
    rulebase.add_to(ctl, trace=trace != "none")
    ctl.add("base", [], BRIDGE + TRACE_PROGRAMS[trace] + extra)
    return ctl, messages


def ground(ctl: clingo.Control, messages: list[str], context: Any) -> None:
    try:
        ctl.ground([("base", [])], context=context)
    except RuntimeError:
        raise RuleBaseError("the rule base cannot be grounded", tuple(messages)) from None


def solve_facts(rulebase: RuleBase, vocab: Vocabulary,
                items: Sequence[tuple[Mapping[str, Any], Sequence[str]]],
                trace: str = "facts") -> dict[int, list[Term]]:
    """Atoms of the single model as terms (terms.py), grouped by fact-set
    number: the first argument (of the head, for support atoms)."""
    ctl, messages = make_control(rulebase, trace=trace)
    ground(ctl, messages, FactContext(vocab, items))
    per_item: dict[int, list[Term]] = defaultdict(list)

    def on_model(model: clingo.Model) -> None:
        per_item.clear()
        for sym in model.symbols(shown=True):
            atom = parse(str(sym))
            first = atom[1]
            if atom[0] in (SUPPORT, ABSENT):  # atmp_fact/7 has P first, like the outputs
                first = first[1]
            per_item[first].append(atom)

    result = ctl.solve(on_model=on_model)
    if not result.satisfiable:
        raise RuleBaseError("the rule base has no answer for these products (an integrity constraint fails)",
                            tuple(messages))
    return per_item


def false_literal(ctl: clingo.Control) -> int:
    """A program literal that is false in every model.

    Stands in for atoms the grounder proved impossible (they have no symbolic
    atom to assume). A fresh backend atom without rules is not enough: it
    stays open, so an integrity constraint pins it to false.
    """
    with ctl.backend() as backend:
        atom = backend.add_atom()
        backend.add_rule([], [atom])
    return atom
