"""Properties over random valid products, drawn from the vocabulary itself."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atmp.classify import classify_products
from atmp.products import ProductError, parse_product
from atmp.results import Classification
from atmp.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


def _value(field):
    if field.kind == "bool":
        return st.booleans()
    if field.kind == "one":
        return st.sampled_from(field.values)
    size = 1 if field.required else 0
    return st.lists(st.sampled_from(field.values), min_size=size, max_size=4, unique=True)


@st.composite
def facts(draw):
    out = {}
    for name, field in VOCAB.fields.items():
        if field.required or draw(st.booleans()):
            out[name] = draw(_value(field))
    return out


products = st.lists(facts(), min_size=1, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(products)
def test_random_products_classify_consistently(fact_sets):
    items = [parse_product({"id": f"p{i}", "facts": f}, "<random>", i) for i, f in enumerate(fact_sets)]
    results = classify_products(items)
    assert len(results) == len(items)
    for result in results:
        if isinstance(result, ProductError):
            assert result.message.startswith("contradictory facts"), str(result)
            assert result.field
            continue
        assert isinstance(result, Classification)
        assert result.in_scope in ("yes", "no", "undetermined")
        if result.in_scope == "yes":
            assert (result.preferred is None) != (not result.unresolved), result
            assert len(result.unresolved) != 1
            cats = {c.category for c in result.candidates}
            assert result.preferred in cats or set(result.unresolved) <= cats
        else:
            assert result.preferred is None and not result.unresolved
        if result.exclusions:
            assert result.in_scope == "no"
        assert result.candidates or result.in_scope != "yes"
        assert not result.priority_cycle
