"""`atmp diff OLD NEW`: what changes between two rule bases.

Over the catalog, products are classified with both. Over the whole vocabulary
space, both rule bases are loaded into one program - the new one with its
predicates renamed through clingo's AST - and the solver enumerates every kind
of change (old outcome -> new outcome), each with a minimal example product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clingo import Function, ast

from atmp.classify import classify_products
from atmp.terms import category_id, of_symbol
from atmp.products import load_products
from atmp.results import Classification
from atmp.rulebase import INPUT_PREDICATES, RuleBase, load_rulebase
from atmp.space import Space, space_control
from atmp.vocabulary import Vocabulary, load_vocabulary

NEW = "atmp_new_"

# Fixed program text of ours. A kind of change is old and new scope, old and
# new preferred category, and which categories become (or stop being)
# unresolved; products that differ only in *other* unresolved categories are
# the same kind.
DIFF_PROGRAM = "\n".join(
    [f"#defined {p}/2. #defined {NEW}{p}/2." for p in ("in_scope", "preferred", "unresolved")] + [
        "atmp_k_scope(A, B) :- in_scope(0, A), atmp_new_in_scope(0, B).",
        "atmp_k_old(C) :- preferred(0, C).",
        "atmp_k_new(C) :- atmp_new_preferred(0, C).",
        "atmp_k_gained(C) :- atmp_new_unresolved(0, C), not unresolved(0, C).",
        "atmp_k_lost(C) :- unresolved(0, C), not atmp_new_unresolved(0, C).",
        "atmp_changed :- atmp_k_scope(A, B), A != B.",
        "atmp_changed :- atmp_k_old(C), not atmp_k_new(C).",
        "atmp_changed :- atmp_k_new(C), not atmp_k_old(C).",
        "atmp_changed :- atmp_k_gained(C).",
        "atmp_changed :- atmp_k_lost(C).",
        "#project atmp_k_scope/2. #project atmp_k_old/1. #project atmp_k_new/1.",
        "#project atmp_k_gained/1. #project atmp_k_lost/1.",
    ])
KIND_SIGNATURES = [("atmp_k_scope", 2), ("atmp_k_old", 1), ("atmp_k_new", 1), ("atmp_k_gained", 1),
                   ("atmp_k_lost", 1)]


class _Rename(ast.Transformer):
    """Prefix every predicate that is not an input, so two rule bases coexist."""

    def visit_SymbolicAtom(self, node: Any) -> Any:
        fn = node.symbol
        if fn.ast_type == ast.ASTType.Function and fn.name not in INPUT_PREDICATES:
            return node.update(symbol=fn.update(name=NEW + fn.name))
        return node

    def visit_Defined(self, node: Any) -> Any:
        return node if node.name in INPUT_PREDICATES else node.update(name=NEW + node.name)


def _renamed(stm: Any) -> Any | None:
    if stm.ast_type in (ast.ASTType.ShowSignature, ast.ASTType.ShowTerm):
        return None  # what to show is ours to say
    return _Rename()(stm)


@dataclass(frozen=True)
class CatalogChange:
    id: str
    source: str
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass(frozen=True)
class SpaceChange:
    """One kind of change: scope and preferred category before and after, and the
    categories that become unresolved (gained) or stop being unresolved (lost)."""

    old_scope: str
    new_scope: str
    old_preferred: str | None
    new_preferred: str | None
    gained: tuple[str, ...]
    lost: tuple[str, ...]
    example: dict[str, Any] = field(compare=False)

    def text(self) -> str:
        old = f"{self.old_scope}" + (f" {self.old_preferred}" if self.old_preferred else "")
        new = f"{self.new_scope}" + (f" {self.new_preferred}" if self.new_preferred else "")
        extra = [f"+unresolved {', '.join(self.gained)}"] if self.gained else []
        extra += [f"-unresolved {', '.join(self.lost)}"] if self.lost else []
        return f"{old} -> {new}" + (f" ({'; '.join(extra)})" if extra else "")

    def data(self) -> dict[str, Any]:
        return {"old": {"in_scope": self.old_scope, "preferred": self.old_preferred},
                "new": {"in_scope": self.new_scope, "preferred": self.new_preferred},
                "unresolved_gained": list(self.gained), "unresolved_lost": list(self.lost),
                "example": self.example}


@dataclass(frozen=True)
class Diff:
    catalog: tuple[CatalogChange, ...]
    space: tuple[SpaceChange, ...]


def _summary(r: Any) -> dict[str, Any]:
    if not isinstance(r, Classification):
        return {"error": str(r)}
    return {"in_scope": r.in_scope, "preferred": r.preferred,
            "candidates": sorted(c.category for c in r.candidates), "unresolved": list(r.unresolved)}


def catalog_changes(old: RuleBase, new: RuleBase, catalog: list[Path]) -> list[CatalogChange]:
    products = load_products(catalog)
    changes = []
    for product, a, b in zip(products, classify_products(products, old), classify_products(products, new)):
        sa, sb = _summary(a), _summary(b)
        if sa != sb:
            changes.append(CatalogChange(getattr(product, "id", None) or "?", getattr(product, "source", ""), sa, sb))
    return changes


def _kind(atoms: frozenset, example: dict[str, Any]) -> SpaceChange:
    scope, old, new, gained, lost = ("no", "no"), None, None, [], []
    for sym in atoms:
        args = sym.arguments
        if sym.name == "atmp_k_scope":
            scope = (args[0].name, args[1].name)
        elif sym.name == "atmp_k_old":
            old = category_id(of_symbol(args[0]))
        elif sym.name == "atmp_k_new":
            new = category_id(of_symbol(args[0]))
        elif sym.name == "atmp_k_gained":
            gained.append(category_id(of_symbol(args[0])))
        elif sym.name == "atmp_k_lost":
            lost.append(category_id(of_symbol(args[0])))
    return SpaceChange(scope[0], scope[1], old, new, tuple(sorted(gained)), tuple(sorted(lost)), example)


def space_changes(old: RuleBase, new: RuleBase, vocab: Vocabulary) -> list[SpaceChange]:
    space = Space(space_control(vocab, [(old, None), (new, _renamed)], DIFF_PROGRAM), vocab)
    possible = [s for name, arity in KIND_SIGNATURES for s in space.atoms(name, arity)]
    changes = []
    for kind in space.enumerate([(Function("atmp_changed"), True)], KIND_SIGNATURES):
        answer = space.ask([(s, s in kind) for s in possible])
        changes.append(_kind(kind, answer.example if answer else {}))
    return sorted(changes, key=lambda c: c.text())


def diff(old_dir: Path, new_dir: Path, catalog: list[Path]) -> Diff:
    old, new = load_rulebase(Path(old_dir)), load_rulebase(Path(new_dir))
    vocab = load_vocabulary()
    return Diff(tuple(catalog_changes(old, new, catalog)), tuple(space_changes(old, new, vocab)))


def diff_data(d: Diff) -> dict[str, Any]:
    return {
        "catalog": [{"id": c.id, "source": c.source, "old": c.old, "new": c.new} for c in d.catalog],
        "space": [c.data() for c in d.space],
    }
