"""`atmp explore`: outcomes and conditions agree with classifying every completion."""

from __future__ import annotations

import itertools
import json

import pytest
from typer.testing import CliRunner

from atmp.classify import classify_products
from atmp.cli import app
from atmp.explore import Outcome, answer, explore_product
from atmp.products import Product, ProductError, parse_product
from atmp.vocabulary import load_vocabulary

VOCAB = load_vocabulary()
runner = CliRunner()

PARTIAL = [
    {"active_ingredients": ["nucleic_acid"], "carrier": "lnp", "gene_editing": "unknown",
     "neoantigen_personalized": "unknown", "intended_use": "unknown"},
    {"active_ingredients": ["cell"], "manipulations": ["culture_expansion"], "device_component": "unknown",
     "mechanisms": "unknown", "cell_genetic_modification": "unknown"},
    {"active_ingredients": ["tissue"], "device_component": "unknown", "combination_lead": "unknown",
     "homologous_use": "unknown", "donated_for_transplant": "unknown"},
    {"active_ingredients": ["virus"], "oncolytic": "unknown", "microorganism_genetically_modified": "unknown",
     "carries_target_gene": "unknown", "pathogenic_microorganism": "unknown"},
    {"active_ingredients": "unknown", "carrier": "bacterium", "oncolytic": "unknown"},
]


def _product(facts, pid="p") -> Product:
    product = parse_product({"id": pid, "facts": facts}, "<test>", 1)
    assert isinstance(product, Product), product
    return product


def _completions(product: Product):
    """Every completion of the unknown fields (small cases only), classified one by one."""
    domains = []
    for fname in product.unknown:
        f = VOCAB.fields[fname]
        if f.kind == "set":
            members = f.values
            domains.append([tuple(c) for n in range(len(members) + 1) for c in itertools.combinations(members, n)])
        elif f.kind == "bool":
            domains.append([True, False])
        else:
            domains.append(list(f.values))
    for values in itertools.product(*domains):
        completed = product
        for fname, value in zip(product.unknown, values):
            completed = answer(completed, fname, value)
        yield dict(zip(product.unknown, values)), completed


def _holds(condition, assignment) -> bool:
    value = assignment[condition.field]
    f = VOCAB.fields[condition.field]
    if f.kind == "bool":
        value = "true" if value else "false"
    if condition.op == "=":
        return value in condition.values
    if condition.op == "≠":
        return value not in condition.values
    members = set(value)
    return {"contains": set(condition.values) <= members,
            "contains_any": bool(set(condition.values) & members),
            "contains_none": not (set(condition.values) & members),
            "lacks_any": not set(condition.values) <= members}[condition.op]


def _formula_holds(formula, assignment) -> bool:
    if formula.form == "any":
        return any(all(_holds(c, assignment) for c in term) for term in formula.terms)
    return all(any(_holds(c, assignment) for c in term) for term in formula.terms)


def _small(facts):
    """Set fields left unknown are too large to enumerate; restrict them in the test."""
    return sum(len(VOCAB.fields[f].values) for f, v in facts.items()
               if v == "unknown" and VOCAB.fields[f].kind == "set") <= 10


def _classified_completions(product: Product) -> list[tuple[dict, Outcome]]:
    """(assignment, outcome) of every consistent completion, classified in one batch."""
    assignments, completed = zip(*_completions(product))
    out = []
    for assignment, result in zip(assignments, classify_products(list(completed))):
        if isinstance(result, ProductError):
            assert "contradictory" in result.message
            continue
        out.append((assignment, Outcome(result.in_scope, result.preferred, tuple(result.unresolved))))
    return out


@pytest.mark.parametrize("facts", [f for f in PARTIAL if _small(f)], ids=lambda f: ",".join(
    k for k, v in f.items() if v == "unknown"))
def test_outcomes_and_conditions_match_every_completion(facts):
    product = _product(facts)
    exploration = explore_product(product)
    observed: dict[Outcome, list[dict]] = {}
    for assignment, outcome in _classified_completions(product):
        observed.setdefault(outcome, []).append(assignment)
    assert {c.outcome for c in exploration.outcomes} == set(observed)
    for case in exploration.outcomes:
        for outcome, reached in observed.items():
            for assignment in reached:
                assert _formula_holds(case.when, assignment) == (outcome == case.outcome), (case, assignment)
        # the example really leads to the outcome
        example = product
        for fname, value in case.example.items():
            example = answer(example, fname, value)
        (result,) = classify_products([example])
        assert Outcome(result.in_scope, result.preferred, tuple(result.unresolved)) == case.outcome


@pytest.mark.parametrize("facts", [f for f in PARTIAL if _small(f)])
def test_irrelevant_fields_change_nothing_and_questions_do(facts):
    product = _product(facts)
    exploration = explore_product(product)
    outcome_of = {tuple(sorted(assignment.items())): outcome
                  for assignment, outcome in _classified_completions(product)}

    def matters(fname):
        groups = {}
        for key, outcome in outcome_of.items():
            rest = tuple(kv for kv in key if kv[0] != fname)
            groups.setdefault(rest, set()).add(outcome)
        return any(len(g) > 1 for g in groups.values())

    for fname in exploration.irrelevant:
        assert not matters(fname), fname
    for q in exploration.questions:
        assert matters(q.field), q.field
    assert {q.field for q in exploration.questions} | set(exploration.irrelevant) == set(product.unknown)


def test_nucleic_acid_with_everything_else_unknown():
    facts = {name: "unknown" for name in VOCAB.fields}
    facts["active_ingredients"] = ["nucleic_acid"]
    exploration = explore_product(_product(facts))
    outcomes = {c.outcome for c in exploration.outcomes}
    preferred = {o.preferred for o in outcomes}
    assert {"gtmp/nucleic_acid", "gtmp/viral_vector", "gtmp/gene_editing", "other/neoantigen"} <= preferred
    assert any(o.in_scope == "no" for o in outcomes)
    no = next(c for c in exploration.outcomes if c.outcome.in_scope == "no")
    assert "intended_use = prophylactic_vaccine" in no.when.text()
    editing = next(c for c in exploration.outcomes if c.outcome.preferred == "gtmp/gene_editing")
    assert "gene_editing = in_vivo" in editing.when.text()
    fields = [q.field for q in exploration.questions]
    assert {"gene_editing", "carrier", "intended_use", "neoantigen_personalized"} <= set(fields)
    assert "mechanisms" in exploration.irrelevant and "stem_cell_potency" in exploration.irrelevant


def test_known_facts_alone_settle_the_outcome():
    exploration = explore_product(_product({"active_ingredients": ["cell"], "manipulations": ["activation"],
                                            "human_genetic_resources": "unknown"}))
    assert exploration.settled and exploration.irrelevant == ("human_genetic_resources",)
    assert exploration.outcomes[0].outcome.preferred == "ctmp/non_gm"


def test_unknown_active_ingredients_never_empty():
    exploration = explore_product(_product({"active_ingredients": "unknown", "carrier": "bacterium"}))
    for case in exploration.outcomes:
        assert case.example["active_ingredients"], case


def test_classify_points_to_explore(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: x\nfacts: {active_ingredients: [cell], gene_editing: unknown}\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(path)])
    assert result.exit_code == 1
    assert "atmp explore" in result.stderr and "gene_editing" in result.stderr


def test_explore_json_contract(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: x\nfacts: {active_ingredients: [nucleic_acid], carrier: lnp, gene_editing: unknown,"
                    " intended_use: unknown}\n", encoding="utf-8")
    result = runner.invoke(app, ["explore", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.stdout)
    assert set(data) >= {"id", "outcomes", "questions", "irrelevant"}
    for outcome in data["outcomes"]:
        assert set(outcome) >= {"in_scope", "preferred", "unresolved", "when", "example"}
        assert outcome["when"]["form"] in ("any", "all") and outcome["when"]["text"]
    assert {q["field"] for q in data["questions"]} == {"gene_editing", "intended_use"}
    assert runner.invoke(app, ["explore", str(path), "--lang", "zh"]).exit_code == 0


def test_ask_drives_to_a_settled_outcome_and_saves(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: x\nname: Editing\nfacts: {active_ingredients: [nucleic_acid], carrier: lnp,"
                    " gene_editing: unknown, neoantigen_personalized: unknown, intended_use: unknown}\n",
                    encoding="utf-8")
    saved = tmp_path / "done.yaml"
    # intended_use: therapeutic_vaccine (2); neoantigen: false (2); gene_editing: in_vivo (2)
    result = runner.invoke(app, ["explore", str(path), "--ask", "--save", str(saved)], input="2\nx\n2\n2\n")
    assert result.exit_code == 0, result.output
    assert "Not one of the choices" in result.output
    assert "The outcome is settled" in result.output and "gtmp/gene_editing" in result.output
    import yaml

    doc = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert doc["facts"]["gene_editing"] == "in_vivo" and doc["facts"]["intended_use"] == "therapeutic_vaccine"
    assert doc["name"] == "Editing" and "drug_pathway" not in doc["facts"]
    (rerun,) = classify_products([parse_product(doc, str(saved), 1)])
    assert rerun.preferred == "gtmp/gene_editing"


def test_ask_stops_early_when_an_answer_settles_it(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: x\nfacts: {active_ingredients: [nucleic_acid], carrier: lnp, gene_editing: unknown,"
                    " intended_use: unknown}\n", encoding="utf-8")
    result = runner.invoke(app, ["explore", str(path), "--ask"], input="3\n")  # prophylactic vaccine
    assert result.exit_code == 0, result.output
    assert "The outcome is settled" in result.output and result.output.count("Choose one") == 1
