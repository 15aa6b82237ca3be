"""`atmp check`: is a rule base consistent, over every product the vocabulary allows?

Static findings come from the files and clingo's AST (syntax, metadata, the
vocabulary); the others from the solver over the whole vocabulary space
(space.py), each with a minimal example product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clingo import Function

from atmp.errors import AtmpError, RuleBaseError
from atmp.metadata import rules_metadata_path
from atmp.results import rule_order
from atmp.rulebase import RULE_OUTPUTS, load_rulebase
from atmp.space import Space, cat_symbol, p0, space_control
from atmp.terms import category_id, of_symbol
from atmp.vocabcheck import vocabulary_problems
from atmp.vocabulary import Vocabulary, load_vocabulary, show_value

ERROR, WARNING = "error", "warning"

# Fixed program text of ours, over the rule base's output predicates only.
CHECK_PROGRAM = """
#defined candidate/3. #defined excluded/2. #defined undetermined/2. #defined beats/4.
#defined note/3. #defined implied/3. #defined unresolved/2. #defined preferred/2.
atmp_reach(W, L) :- beats(0, W, L, _).
atmp_reach(W, L2) :- atmp_reach(W, L), beats(0, L, L2, _).
atmp_cycle :- atmp_reach(C, C).
atmp_cand(C) :- candidate(0, C, _).
atmp_fires(R) :- candidate(0, _, R).
atmp_fires(R) :- excluded(0, R).
atmp_fires(R) :- undetermined(0, R).
atmp_fires(R) :- beats(0, _, _, R).
atmp_fires(R) :- note(0, _, R).
atmp_complex :- value(0, manipulations, M), group(manipulations, M, complex).
atmp_complex :- implied(0, manipulations, M), group(manipulations, M, complex).
atmp_looks_atmp(I) :- atmp_complex, value(0, active_ingredients, I), group(active_ingredients, I, atmp_material).
atmp_gap(I) :- atmp_looks_atmp(I), not excluded(0, _), not undetermined(0, _), not candidate(0, _, _).
"""


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    rules: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    example: dict[str, Any] | None = field(default=None, compare=False)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"severity": self.severity, "code": self.code, "message": self.message,
                               "rules": list(self.rules), "files": list(self.files)}
        if self.example is not None:
            out["example"] = self.example
        return out


_LOCATION = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>[\d-]+): (?P<text>.*)$", re.S)


def _syntax_findings(error: RuleBaseError) -> list[Finding]:
    out = []
    for message in error.messages:
        match = _LOCATION.match(message)
        where = f"{match['file']}:{match['line']}" if match else ""
        text = match["text"].splitlines()[0] if match else message.splitlines()[0]
        out.append(Finding(ERROR, "syntax", f"{where}: {text}" if where else text, files=(where,) if where else ()))
    return out


def _rules_of(atoms: list, kinds: tuple[str, ...] = tuple(RULE_OUTPUTS)) -> tuple[str, ...]:
    found = {a.arguments[-1].name.upper() for a in atoms
             if a.name in kinds and len(a.arguments) == RULE_OUTPUTS[a.name] and a.arguments[0].number == 0}
    return tuple(sorted(found, key=rule_order))


class Checker:
    def __init__(self, rules_dir: Path | None, vocab: Vocabulary) -> None:
        self.rules_dir, self.vocab = rules_dir, vocab
        self.findings: list[Finding] = []

    def add(self, *findings: Finding) -> None:
        self.findings.extend(findings)

    def run(self, catalog: list[Path] | None) -> list[Finding]:
        directory = Path(self.rules_dir) if self.rules_dir else None
        try:
            rulebase = load_rulebase(directory)
        except RuleBaseError as exc:
            self.add(*_syntax_findings(exc))
            return self.findings
        except AtmpError as exc:  # metadata that cannot be read
            self.add(Finding(ERROR, "metadata", str(exc)))
            return self.findings
        self.static(rulebase)
        try:
            space = Space(space_control(self.vocab, [(rulebase, None)], CHECK_PROGRAM), self.vocab)
        except RuleBaseError as exc:
            self.add(*_syntax_findings(exc))
            return self.findings
        self.semantic(space, rulebase)
        if catalog:
            self.expectations(rulebase, catalog)
        return self.findings

    # -- static ----------------------------------------------------------------
    def static(self, rulebase: Any) -> None:
        meta = rulebase.metadata
        sites = rulebase.sites()
        metadata_file = str(rules_metadata_path(rulebase.directory))
        for rule_id in sorted({s.rule_id for s in sites} - set(meta.rules), key=rule_order):
            where = tuple(f"{s.file}:{s.line}" for s in sites if s.rule_id == rule_id)
            self.add(Finding(ERROR, "no-metadata", f"rule {rule_id} has no metadata in {metadata_file}: "
                             "it cites nothing", (rule_id,), where))
        for rule_id in sorted(set(meta.rules) - {s.rule_id for s in sites}, key=rule_order):
            self.add(Finding(ERROR, "no-rule", f"metadata for {rule_id} in {metadata_file} but no rule in "
                             f"{rulebase.directory}", (rule_id,), (metadata_file,)))
        for problem in vocabulary_problems(list(rulebase.statements), self.vocab, meta.categories):
            self.add(Finding(ERROR, "vocabulary", f"{problem.file}:{problem.line}: {problem.message}",
                             (problem.rule_id,) if problem.rule_id else (), (f"{problem.file}:{problem.line}",)))

    # -- over the vocabulary space ----------------------------------------------
    def semantic(self, space: Space, rulebase: Any) -> None:
        cycle = space.ask([(Function("atmp_cycle"), True)])
        if cycle is not None:
            beats = [a for a in cycle.atoms if a.name == "beats" and a.arguments[0].number == 0]
            pairs = ", ".join(f"{_cat(a.arguments[1])} > {_cat(a.arguments[2])} ({a.arguments[3].name.upper()})"
                              for a in beats)
            self.add(Finding(ERROR, "priority-cycle", f"the priority relation has a cycle: {pairs}",
                             _rules_of(beats, ("beats",)), example=cycle.example))
        categories = list(dict.fromkeys([*rulebase.metadata.categories, *self._head_categories(space)]))
        for cid in categories:
            reach = space.ask([(Function("atmp_cand", [cat_symbol(cid)]), True)], optimise=False)
            if reach is None:
                self.add(Finding(ERROR, "unreachable", f"no valid product can be a candidate of {cid}",
                                 ()))
            elif space.ask([(p0("preferred", cat_symbol(cid)), True)], optimise=False) is None:
                self.add(Finding(WARNING, "never-preferred", f"{cid} can be a candidate but is never preferred"))
        for rule_id in sorted({s.rule_id for s in rulebase.sites()}, key=rule_order):
            if space.ask([(Function("atmp_fires", [Function(rule_id.lower())]), True)], optimise=False) is None:
                self.add(Finding(WARNING, "dead-rule", f"rule {rule_id} fires for no valid product", (rule_id,)))
        self.overlaps(space, categories)
        self.gaps(space)

    def _head_categories(self, space: Space) -> list[str]:
        return sorted({_cat(a.arguments[1]) for a in space.atoms("candidate", 3)})

    def overlaps(self, space: Space, categories: list[str]) -> None:
        for i, a in enumerate(categories):
            for b in categories[i + 1:]:
                answer = space.ask([(p0("unresolved", cat_symbol(a)), True), (p0("unresolved", cat_symbol(b)), True)])
                if answer is None:
                    continue
                rules = _rules_of([x for x in answer.atoms if x.name == "candidate"
                                   and _cat(x.arguments[1]) in (a, b)], ("candidate",))
                self.add(Finding(WARNING, "unresolved-overlap",
                                 f"{a} and {b} can both be candidates with no priority between them "
                                 "(the guideline recommends consultation, L427-433)", rules,
                                 example=answer.example))

    def gaps(self, space: Space) -> None:
        seen: set[str] = set()
        for value in self.vocab.fields["active_ingredients"].values:
            if self.vocab.fields["active_ingredients"].groups.get(value) != "atmp_material":
                continue
            answer = space.ask([(Function("atmp_gap", [Function(value)]), True)])
            if answer is None:
                continue
            key = repr(sorted(answer.example.items()))
            if key in seen:
                continue
            seen.add(key)
            self.add(Finding(WARNING, "no-category",
                             f"a complexly manipulated product with active {value}, not excluded, "
                             "matches no category definition", example=answer.example))

    # -- catalog -----------------------------------------------------------------
    def expectations(self, rulebase: Any, catalog: list[Path]) -> None:
        from atmp.classify import classify_products
        from atmp.expect import run_expectations
        from atmp.products import load_products

        products = load_products(catalog)
        for outcome in run_expectations(products, classify_products(products, rulebase)):
            if outcome.status == "error":
                self.add(Finding(ERROR, "catalog", outcome.error or "", files=(outcome.source,)))
            elif outcome.status == "fail":
                detail = "; ".join(f"{m.key}: expected {show_value(m.expected)}, got {show_value(m.got)}"
                                   for m in outcome.mismatches)
                self.add(Finding(ERROR, "expectation", f"{outcome.id}: {detail}", files=(outcome.source,)))


def _cat(symbol: Any) -> str:
    return category_id(of_symbol(symbol))


def check(rules_dir: Path | None = None, catalog: list[Path] | None = None) -> list[Finding]:
    """Every finding about the rule base, errors first."""
    checker = Checker(rules_dir, load_vocabulary())
    findings = checker.run(catalog)
    return sorted(findings, key=lambda f: (f.severity != ERROR, f.code))
