"""The JSON Schema of a product file, derived from the vocabulary alone."""

from __future__ import annotations

from typing import Any

from atmp.metadata import load_categories
from atmp.products import METADATA_KEYS, SCOPES
from atmp.vocabulary import UNKNOWN, Field, Vocabulary


def _field_schema(f: Field, lang: str) -> dict[str, Any]:
    described = {"title": f.label[lang], "description": f.help[lang]}
    if f.kind == "bool":
        body: dict[str, Any] = {"type": "boolean"}
    elif f.kind == "one":
        body = {"type": "string", "enum": list(f.values)}
    else:
        body = {"type": "array", "items": {"type": "string", "enum": list(f.values)}, "uniqueItems": True}
        if f.required:
            body["minItems"] = 1
    if not f.required:
        described["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
    return {**described, "anyOf": [body, {"const": UNKNOWN}]}


def product_schema(vocab: Vocabulary, lang: str = "en") -> dict[str, Any]:
    categories = list(load_categories()[0])
    category = {"type": "string", "enum": categories}
    product = {
        "type": "object",
        "required": ["id", "facts"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": ["string", "integer"], "description": "Any identifier; never parsed as ASP."},
            **{k: {"type": "string"} for k in METADATA_KEYS if k != "references"},
            "references": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "facts": {
                "type": "object",
                "additionalProperties": False,
                "required": [n for n, f in vocab.fields.items() if f.required],
                "properties": {n: _field_schema(f, lang) for n, f in vocab.fields.items()},
            },
            "expect": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "in_scope": {"anyOf": [{"enum": list(SCOPES)}, {"type": "boolean"}]},
                    "preferred": {"anyOf": [category, {"type": "null"}]},
                    "candidates": {"type": "array", "items": category},
                    "unresolved": {"type": "array", "items": category},
                    "rules": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "atmp product file",
        "description": "One product, or a list of products, to classify by the ATMP guideline.",
        "$defs": {"product": product},
        "anyOf": [{"$ref": "#/$defs/product"}, {"type": "array", "items": {"$ref": "#/$defs/product"}}],
    }
