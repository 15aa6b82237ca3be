"""For every rule id: products where it fires and near-identical ones where it does not.

Each case is (rule id, facts where it fires, [facts where it does not]); the
negatives change as little as possible, so each pins the condition it drops.
Shared by test_rules.py and test_rule_deletion.py.
"""

from __future__ import annotations

from typing import Any

Facts = dict[str, Any]


def f(**facts: Any) -> Facts:
    return facts


CELL = f(active_ingredients=["cell"], manipulations=["culture_expansion"])
LNP_MRNA = f(active_ingredients=["nucleic_acid"], carrier="lnp")

CASES: list[tuple[str, Facts, list[Facts]]] = [
    # --- scope and exclusions -------------------------------------------------
    ("X1", {**LNP_MRNA, "drug_pathway": False}, [{**LNP_MRNA, "drug_pathway": True}]),
    ("X2", f(active_ingredients=["platelet"], blood_component_for_transfusion=True),
     [f(active_ingredients=["platelet"], blood_component_for_transfusion=False)]),
    ("X3", f(active_ingredients=["organ"], donated_for_transplant=True, homologous_use=True),
     [f(active_ingredients=["organ"], donated_for_transplant=False, homologous_use=True, manipulations=["culture_expansion"]),
      f(active_ingredients=["cell"], donated_for_transplant=True, homologous_use=True,
        cell_genetic_modification="ex_vivo")]),
    ("X4", f(active_ingredients=["cell"], reproductive_use=True, manipulations=["culture_expansion"]),
     [f(active_ingredients=["cell"], reproductive_use=False, manipulations=["culture_expansion"])]),
    ("X5", {**LNP_MRNA, "intended_use": "prophylactic_vaccine"},
     [{**LNP_MRNA, "intended_use": "therapeutic_vaccine"}, {**LNP_MRNA, "intended_use": "treatment"}]),
    ("X6", f(active_ingredients=["tissue"], manipulations=["cutting"], homologous_use=True),
     [f(active_ingredients=["tissue"], manipulations=["enzymatic_digestion"], homologous_use=True),
      f(active_ingredients=["tissue"], manipulations=["cutting"], homologous_use=False),
      f(active_ingredients=["organoid"], manipulations=["cutting"], homologous_use=True)]),
    ("X7", {**CELL, "device_component": True, "mechanisms": ["mechanical_support"]},
     [{**CELL, "device_component": True, "mechanisms": ["mechanical_support", "regeneration_repair"]},
      {**CELL, "device_component": False, "mechanisms": ["mechanical_support"]},
      {**CELL, "device_component": True, "mechanisms": []}]),
    ("X8", f(active_ingredients=["tissue"], device_component=True, combination_lead="device"),
     [f(active_ingredients=["tissue"], device_component=True, combination_lead="drug"),
      f(active_ingredients=["tissue"], device_component=False, combination_lead="device")]),
    ("U1", f(active_ingredients=["cell"], manipulations=["centrifugation"], homologous_use=False),
     [f(active_ingredients=["cell"], manipulations=["culture_expansion"], homologous_use=False),
      f(active_ingredients=["cell"], manipulations=["centrifugation"], homologous_use=True)]),
    ("U2", f(active_ingredients=["tissue"], device_component=True, combination_lead="undetermined",
             manipulations=["culture_expansion"]),
     [f(active_ingredients=["tissue"], device_component=True, combination_lead="drug",
        manipulations=["culture_expansion"]),
      f(active_ingredients=["cell"], device_component=True, combination_lead="undetermined",
        manipulations=["culture_expansion"])]),
    # --- candidates -----------------------------------------------------------
    ("C1", CELL,
     [f(active_ingredients=["cell"], manipulations=["centrifugation"]),
      {**CELL, "cell_genetic_modification": "ex_vivo"},
      {**CELL, "mechanisms": ["mechanical_support"]}]),
    ("C2", {**CELL, "cell_genetic_modification": "ex_vivo"}, [CELL]),
    ("C2", f(active_ingredients=["nucleic_acid"], carrier="nucleated_cell"),
     [f(active_ingredients=["nucleic_acid"], carrier="anucleate_cell")]),
    *[("C3", f(active_ingredients=["nucleic_acid"], carrier=carrier),
       [f(active_ingredients=["nucleic_acid"], carrier="viral_vector")])
      for carrier in ("none", "plasmid", "lnp", "extracellular_vesicle", "organelle", "anucleate_cell",
                      "other_novel_carrier")],
    ("C4", f(active_ingredients=["nucleic_acid"], carrier="viral_vector"),
     [f(active_ingredients=["nucleic_acid"], carrier="bacterium")]),
    ("C4", f(active_ingredients=["virus"], microorganism_genetically_modified=True, carries_target_gene=True),
     [f(active_ingredients=["virus"], microorganism_genetically_modified=True, carries_target_gene=False),
      f(active_ingredients=["virus"], microorganism_genetically_modified=False, carries_target_gene=True),
      f(active_ingredients=["phage"], microorganism_genetically_modified=True, carries_target_gene=True)]),
    ("C5", f(active_ingredients=["virus"], oncolytic=True), [f(active_ingredients=["virus"], oncolytic=False)]),
    ("C5", f(active_ingredients=["bacterium"], oncolytic=True),
     [f(active_ingredients=["bacterium"], oncolytic=False)]),
    ("C6", {**LNP_MRNA, "gene_editing": "in_vivo"}, [{**LNP_MRNA, "gene_editing": "none"}]),
    ("C7", f(active_ingredients=["nucleic_acid"], carrier="bacterium"),
     [f(active_ingredients=["nucleic_acid"], carrier="plasmid")]),
    ("C7", f(active_ingredients=["fungus"], carries_target_gene=True),
     [f(active_ingredients=["fungus"], carries_target_gene=False)]),
    ("C8", f(active_ingredients=["bacterium"], novel_microorganism=True),
     [f(active_ingredients=["bacterium"], novel_microorganism=False),
      f(active_ingredients=["bacterium"], novel_microorganism=True, oncolytic=True),
      f(active_ingredients=["virus"], novel_microorganism=True)]),
    ("C8", f(active_ingredients=["phage"], microorganism_genetically_modified=True, carries_target_gene=True),
     [f(active_ingredients=["phage"], microorganism_genetically_modified=False, carries_target_gene=True),
      f(active_ingredients=["bacterium"], microorganism_genetically_modified=True, carries_target_gene=True,
        oncolytic=True)]),
    ("C9", f(active_ingredients=["organoid"], manipulations=["culture_expansion"]), [CELL]),
    ("C10", f(active_ingredients=["peptide"], neoantigen_personalized=True, manipulations=["chemical_synthesis"]),
     [f(active_ingredients=["peptide"], neoantigen_personalized=False, manipulations=["chemical_synthesis"]),
      f(active_ingredients=["small_molecule"], neoantigen_personalized=True)]),
    ("C11", f(active_ingredients=["protein"], carrier="extracellular_vesicle"),
     [f(active_ingredients=["protein"], carrier="none"), f(active_ingredients=["protein"], carrier="lnp")]),
    ("C12", f(active_ingredients=["extracellular_vesicle"]),
     [f(active_ingredients=["extracellular_vesicle"], carrier="other_novel_carrier")]),
    # --- priorities -----------------------------------------------------------
    ("P1", {**LNP_MRNA, "gene_editing": "in_vivo"}, [{**LNP_MRNA, "gene_editing": "none"}]),
    ("P2", f(active_ingredients=["cell", "tissue"], manipulations=["culture_expansion"]),
     [f(active_ingredients=["tissue"], manipulations=["culture_expansion"])]),
    ("P3", {**CELL, "neoantigen_personalized": True}, [{**CELL, "neoantigen_personalized": False}]),
    ("P4", f(active_ingredients=["virus"], oncolytic=True, microorganism_genetically_modified=True,
             carries_target_gene=True),
     [f(active_ingredients=["virus"], oncolytic=False, microorganism_genetically_modified=True,
        carries_target_gene=True)]),
    ("P5", f(active_ingredients=["bacterium"], microorganism_genetically_modified=True, carries_target_gene=True),
     [f(active_ingredients=["bacterium"], microorganism_genetically_modified=True, carries_target_gene=True,
        oncolytic=True)]),
    ("P6", f(active_ingredients=["cell", "nucleic_acid"], carrier="lnp", cell_genetic_modification="ex_vivo"),
     [f(active_ingredients=["cell", "nucleic_acid"], carrier="lnp", manipulations=["culture_expansion"])]),
    # --- notes ----------------------------------------------------------------
    ("N1", {**CELL, "human_genetic_resources": True}, [{**CELL, "human_genetic_resources": False}]),
    ("N2", f(active_ingredients=["virus"], oncolytic=True, pathogenic_microorganism=True),
     [f(active_ingredients=["virus"], oncolytic=True, pathogenic_microorganism=False)]),
    ("N3", {**LNP_MRNA, "gene_editing": "in_vivo", "heritable_modification": True},
     [{**LNP_MRNA, "gene_editing": "in_vivo", "heritable_modification": False}]),
    ("N4", {**CELL, "stem_cell_potency": "multipotent"},
     [{**CELL, "stem_cell_potency": "none"}, {**CELL, "stem_cell_potency": "multipotent", "drug_pathway": False}]),
    ("N4", f(active_ingredients=["tissue"], manipulations=["culture_expansion"]),
     [f(active_ingredients=["platelet"], manipulations=["culture_expansion"]),
      f(active_ingredients=["tissue"], manipulations=["culture_expansion"], reproductive_use=True)]),
    ("N5", f(active_ingredients=["cell", "small_molecule"], carrier="nucleated_cell",
             manipulations=["culture_expansion"]),
     [f(active_ingredients=["cell"], carrier="nucleated_cell", manipulations=["culture_expansion"])]),
    ("N5", f(active_ingredients=["cell"], manipulations=["centrifugation"]),
     [f(active_ingredients=["cell"], manipulations=["enzymatic_digestion"])]),
    ("N6", f(active_ingredients=["nucleic_acid"], manipulations=["chemical_synthesis"]),
     [f(active_ingredients=["nucleic_acid"], manipulations=["chemical_synthesis"], neoantigen_personalized=True),
      f(active_ingredients=["nucleic_acid"], manipulations=["recombinant_expression"])]),
]

#: (constraint id, contradictory facts, near-identical consistent facts)
CONFLICTS: list[tuple[str, Facts, Facts]] = [
    ("gene_editing_ex_vivo_without_cell_modification",
     f(active_ingredients=["cell"], gene_editing="ex_vivo"),
     f(active_ingredients=["cell"], gene_editing="ex_vivo", cell_genetic_modification="ex_vivo")),
    ("cell_modification_without_cells",
     f(active_ingredients=["nucleic_acid"], cell_genetic_modification="ex_vivo"),
     f(active_ingredients=["organoid"], cell_genetic_modification="ex_vivo")),
    ("oncolytic_without_microorganism",
     f(active_ingredients=["phage"], oncolytic=True),
     f(active_ingredients=["bacterium"], oncolytic=True)),
    ("carrier_also_active",
     f(active_ingredients=["extracellular_vesicle", "protein"], carrier="extracellular_vesicle"),
     f(active_ingredients=["protein"], carrier="extracellular_vesicle")),
    ("carrier_also_active",
     f(active_ingredients=["bacterium", "nucleic_acid"], carrier="bacterium"),
     f(active_ingredients=["nucleic_acid"], carrier="bacterium")),
    ("carrier_also_active",
     f(active_ingredients=["organelle", "nucleic_acid"], carrier="organelle"),
     f(active_ingredients=["nucleic_acid"], carrier="organelle")),
]

#: Outcomes of the generic core: (facts, in_scope, preferred, unresolved)
OUTCOMES: list[tuple[Facts, str, str | None, list[str]]] = [
    (CELL, "yes", "ctmp/non_gm", []),
    (f(active_ingredients=["small_molecule"]), "no", None, []),
    ({**LNP_MRNA, "intended_use": "prophylactic_vaccine"}, "no", None, []),
    (f(active_ingredients=["cell"], manipulations=["centrifugation"]), "undetermined", None, []),
    (f(active_ingredients=["cell", "small_molecule"], carrier="nucleated_cell", manipulations=["culture_expansion"]),
     "yes", None, ["ctmp/non_gm", "other/novel_delivery"]),
    (f(active_ingredients=["organ"], donated_for_transplant=True), "no", None, []),
    (f(active_ingredients=["cell"], donated_for_transplant=True, cell_genetic_modification="ex_vivo"),
     "yes", "ctmp/ex_vivo_gm", []),
    (f(active_ingredients=["extracellular_vesicle"], manipulations=["engineering_modification"]),
     "yes", "other/cell_derivative", []),
    ({**LNP_MRNA, "gene_editing": "in_vivo"}, "yes", "gtmp/gene_editing", []),
    (f(active_ingredients=["cell", "tissue"], manipulations=["culture_expansion"]), "yes", "ctmp/non_gm", []),
]

#: A rule that closes a priority cycle with P2; the core must report it, not hide it.
CYCLE_RULE = """
beats(P, cat(other, tissue_engineered), cat(ctmp, S), p2) :-
    candidate(P, cat(ctmp, S), _), candidate(P, cat(other, tissue_engineered), _).
"""
CYCLE_FACTS = f(active_ingredients=["cell", "tissue"], manipulations=["culture_expansion"])

#: Facts a candidate must report as the reason it fired: (facts, category, expected field/value pairs)
REASONS: list[tuple[Facts, str, set[tuple[str, Any]]]] = [
    (f(active_ingredients=["virus"], oncolytic=True, carries_target_gene=True,
       microorganism_genetically_modified=True), "gtmp/oncolytic",
     {("active_ingredients", "virus"), ("oncolytic", True)}),
    (f(active_ingredients=["virus"], oncolytic=True, carries_target_gene=True,
       microorganism_genetically_modified=True), "gtmp/viral_vector",
     {("active_ingredients", "virus"), ("microorganism_genetically_modified", True), ("carries_target_gene", True)}),
    (f(active_ingredients=["cell"], manipulations=["culture_expansion", "filling"]), "ctmp/non_gm",
     {("active_ingredients", "cell"), ("cell_genetic_modification", "none"), ("manipulations", "culture_expansion")}),
]


#: Facts the input implies (SPEC §3): (facts, expected implied field/value pairs)
IMPLIED: list[tuple[Facts, set[tuple[str, Any]]]] = [
    (f(active_ingredients=["cell"], cell_genetic_modification="ex_vivo", gene_editing="ex_vivo"),
     {("manipulations", "genetic_modification"), ("manipulations", "gene_editing")}),
    (f(active_ingredients=["cell"], cell_genetic_modification="ex_vivo", manipulations=["genetic_modification"]),
     set()),
    (CELL, set()),
]


#: Products with unknown facts: (facts, every reachable (in_scope, preferred, unresolved)).
#: They pin the choice rules over bool, one-valued and set fields and the rule
#: that keeps contradictory completions out.
EXPLORED: list[tuple[Facts, set[tuple[str, str | None, tuple[str, ...]]]]] = [
    (f(active_ingredients=["virus"], oncolytic="unknown"), {("yes", "gtmp/oncolytic", ()), ("no", None, ())}),
    ({**LNP_MRNA, "gene_editing": "unknown"}, {("yes", "gtmp/nucleic_acid", ()), ("yes", "gtmp/gene_editing", ())}),
    (f(active_ingredients=["cell"], manipulations=["centrifugation"], gene_editing="unknown"),
     {("undetermined", None, ())}),
    ({**CELL, "device_component": True, "mechanisms": "unknown"}, {("no", None, ()), ("yes", "ctmp/non_gm", ())}),
]
#: Facts whose unknown active ingredients may not all be absent.
NO_EMPTY_ACTIVES = f(active_ingredients="unknown")


def _explore_failures(rulebase) -> list[str]:
    from atmp.explore import ProductSpace
    from atmp.rulebase import load_rulebase
    from atmp.vocabulary import load_vocabulary
    from conftest import product

    rulebase, vocab = rulebase or load_rulebase(), load_vocabulary()
    failures = []
    for facts, expected in EXPLORED:
        space = ProductSpace(product(facts), rulebase, vocab)
        got = {(o.in_scope, o.preferred, o.unresolved) for o in space.outcomes()}
        if got != expected:
            failures.append(f"outcomes of {facts}: {got} != {expected}")
    space = ProductSpace(product(NO_EMPTY_ACTIVES), rulebase, vocab)
    none = [("active_ingredients", v, False) for v in vocab.fields["active_ingredients"].values]
    if space.outcomes(none):
        failures.append("a product with unknown active ingredients may have none")
    return failures


def case_failures(rulebase=None) -> list[str]:
    """Every way the rule base disagrees with the cases above (empty when all hold).

    One batch for all cases, so the deletion test can afford to re-run it per rule.
    """
    from atmp.classify import classify_products
    from atmp.products import ProductError
    from conftest import product

    sets: list[Facts] = []
    for _, positive, negatives in CASES:
        sets += [positive, *negatives]
    for _, bad, good in CONFLICTS:
        sets += [bad, good]
    sets += [o[0] for o in OUTCOMES] + [r[0] for r in REASONS] + [i[0] for i in IMPLIED]
    results = iter(classify_products([product(s, f"p{i}") for i, s in enumerate(sets)], rulebase))
    failures = []
    for rule_id, positive, negatives in CASES:
        got = next(results)
        if isinstance(got, ProductError) or rule_id not in got.rules:
            failures.append(f"{rule_id} does not fire on {positive}: {got}")
        for facts in negatives:
            got = next(results)
            if isinstance(got, ProductError) or rule_id in got.rules:
                failures.append(f"{rule_id} fires on {facts}: {got}")
    for constraint, bad, good in CONFLICTS:
        got_bad, got_good = next(results), next(results)
        if not isinstance(got_bad, ProductError) or "contradictory" not in got_bad.message:
            failures.append(f"{constraint}: {bad} is not reported as contradictory")
        if isinstance(got_good, ProductError):
            failures.append(f"{constraint}: {good} is reported as an error: {got_good}")
    for facts, in_scope, preferred, unresolved in OUTCOMES:
        got = next(results)
        observed = None if isinstance(got, ProductError) else (got.in_scope, got.preferred, list(got.unresolved))
        if observed != (in_scope, preferred, unresolved):
            failures.append(f"outcome of {facts}: {observed} != {(in_scope, preferred, unresolved)}")
    for facts, category, reasons in REASONS:
        got = next(results)
        found = {} if isinstance(got, ProductError) else {c.category: c for c in got.candidates}
        pairs = {(x.field, x.value) for x in found[category].facts} if category in found else None
        if pairs != reasons:
            failures.append(f"reasons of {category} for {facts}: {pairs} != {reasons}")
    for facts, implied in IMPLIED:
        got = next(results)
        pairs = None if isinstance(got, ProductError) else {(x.field, x.value) for x in got.implied_facts}
        if pairs != implied:
            failures.append(f"implied facts of {facts}: {pairs} != {implied}")
    failures += _cycle_failures(rulebase)
    failures += _explore_failures(rulebase)
    return failures


def _cycle_failures(rulebase) -> list[str]:
    from dataclasses import replace

    from clingo import ast

    from atmp.classify import classify_products
    from atmp.rulebase import load_rulebase
    from conftest import product

    base = rulebase or load_rulebase()
    added: list = []
    ast.parse_string(CYCLE_RULE, added.append)
    statements = (*base.statements, *added[1:])
    cyclic = replace(base, statements=statements)
    got = classify_products([product(CYCLE_FACTS)], cyclic)[0]
    if getattr(got, "priority_cycle", False) is not True or got.preferred or got.unresolved:
        return [f"a priority cycle is not reported: {got}"]
    return []
