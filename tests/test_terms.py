"""Reading symbols from their text gives the same structure as clingo's own accessors."""

from __future__ import annotations

import clingo
from hypothesis import given
from hypothesis import strategies as st

from atmp.terms import Text, category_id, of_symbol, parse, show

names = st.from_regex(r"_?[a-z][A-Za-z0-9_]{0,6}", fullmatch=True)
leaves = st.one_of(st.integers(-10**6, 10**6).map(clingo.Number), names.map(clingo.Function),
                   st.text(max_size=8).map(clingo.String))
symbols = st.recursive(leaves, lambda inner: st.one_of(
    st.tuples(names, st.lists(inner, min_size=1, max_size=4)).map(lambda t: clingo.Function(t[0], t[1])),
    st.lists(inner, min_size=2, max_size=3).map(clingo.Tuple_)), max_leaves=12)


def structural(sym: clingo.Symbol):
    if sym.type == clingo.SymbolType.Number:
        return sym.number
    if sym.type == clingo.SymbolType.String:
        return Text(sym.string)
    if not sym.arguments:
        return sym.name
    return (sym.name, *(structural(a) for a in sym.arguments))


@given(symbols)
def test_parse_matches_the_structure(sym):
    term = of_symbol(sym)
    assert term == structural(sym)
    assert isinstance(term, Text) == (sym.type == clingo.SymbolType.String)
    assert show(term) == str(sym)


def test_examples():
    assert parse("candidate(3,cat(gtmp,oncolytic),c5)") == ("candidate", 3, ("cat", "gtmp", "oncolytic"), "c5")
    assert parse("f(x,(1,2))") == ("f", "x", ("", 1, 2))
    assert parse('note(1,"a, (b)",n1)') == ("note", 1, Text("a, (b)"), "n1")
    assert category_id(parse("cat(ctmp,non_gm)")) == "ctmp/non_gm"
