"""Product files in, validated products (or one-line errors) out.

Validation is driven by the vocabulary alone. A bad product becomes a
`ProductError` in its place in the run - the other products are unaffected.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from atmp.metadata import load_categories
from atmp.vocabulary import UNKNOWN, Field, Vocabulary, load_vocabulary
from atmp.yamlio import YamlError, parse_yaml, read_data_file

METADATA_KEYS = ("name", "name_zh", "description", "references")
TOP_KEYS = ("id", *METADATA_KEYS, "facts", "expect")
EXPECT_KEYS = ("in_scope", "preferred", "candidates", "unresolved", "rules")
SCOPES = ("yes", "no", "undetermined")
PRODUCT_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Product:
    id: str
    source: str
    index: int  # 1-based position in its file
    facts: Mapping[str, Any]  # every known field: bool, str or tuple of str
    unknown: tuple[str, ...] = ()
    assumed_defaults: tuple[str, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    expect: Mapping[str, Any] | None = None

    def key(self) -> tuple:
        """Canonical facts: two products with the same key classify the same."""
        return (tuple(sorted(self.facts.items())), self.unknown)


@dataclass(frozen=True)
class ProductError:
    source: str
    message: str
    id: str | None = None
    index: int | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        parts = [self.source if self.line is None else f"{self.source}:{self.line}"]
        if self.id is not None:
            parts.append(f"product {self.id}")
        elif self.index is not None:
            parts.append(f"product #{self.index}")
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join([*parts, self.message])


def unreadable(exc: YamlError) -> ProductError:
    """A file that cannot be read or parsed, in the place of its products."""
    return ProductError(exc.source, exc.detail, line=exc.line)


def duplicate_id(source: str, pid: str, index: int | None, first_source: str) -> ProductError:
    """A product whose id an earlier product of the run already has (the first one wins)."""
    return ProductError(source, f"duplicate id (first defined in {first_source})", id=pid, index=index, field="id")


class _Invalid(Exception):
    def __init__(self, field: str | None, message: str) -> None:
        self.field, self.message = field, message


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _allowed(f: Field) -> str:
    return ", ".join(f.values)


def _value(f: Field, raw: Any) -> Any:
    """A validated value for field f, or UNKNOWN."""
    if isinstance(raw, str) and raw == UNKNOWN:
        return UNKNOWN
    if f.kind == "bool":
        if isinstance(raw, bool):
            return raw
        raise _Invalid(f.name, f"{raw!r} is not allowed; allowed: true, false, unknown")
    if f.kind == "one":
        if isinstance(raw, str) and raw in f.values:
            return raw
        hint = _suggest(raw, f.values) if isinstance(raw, str) else ""
        raise _Invalid(f.name, f"{raw!r} is not allowed{hint}; allowed: {_allowed(f)}, unknown")
    if not isinstance(raw, list):
        raise _Invalid(f.name, f"must be a list of: {_allowed(f)} (or unknown)")
    chosen = set()
    for item in raw:
        if not isinstance(item, str) or item not in f.values:
            hint = _suggest(item, f.values) if isinstance(item, str) else ""
            raise _Invalid(f.name, f"{item!r} is not allowed{hint}; allowed: {_allowed(f)}")
        chosen.add(item)
    if f.required and not chosen:
        raise _Invalid(f.name, f"needs at least one of: {_allowed(f)}")
    return tuple(v for v in f.values if v in chosen)


def _facts(raw: Any, vocab: Vocabulary) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise _Invalid("facts", "must be a mapping of field: value")
    for name in raw:
        if name not in vocab.fields:
            raise _Invalid(str(name), f"unknown field{_suggest(str(name), vocab.fields)}")
    facts: dict[str, Any] = {}
    unknown, assumed = [], []
    for name, f in vocab.fields.items():
        if name not in raw:
            if f.required:
                raise _Invalid(name, f"is required; allowed: {_allowed(f)}")
            facts[name] = f.default
            assumed.append(name)
            continue
        value = _value(f, raw[name])
        if value == UNKNOWN:
            unknown.append(name)
        else:
            facts[name] = value
    return facts, tuple(unknown), tuple(assumed)


def _category_list(key: str, raw: Any, categories: Mapping[str, Any]) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise _Invalid(f"expect.{key}", "must be a list of category ids")
    for item in raw:
        if not isinstance(item, str) or item not in categories:
            raise _Invalid(f"expect.{key}", f"{item!r} is not a category{_suggest(str(item), categories)}")
    return tuple(sorted(set(raw)))


def _expect(raw: Any) -> dict[str, Any] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise _Invalid("expect", f"must be a mapping with keys among: {', '.join(EXPECT_KEYS)}")
    categories, _ = load_categories()
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in EXPECT_KEYS:
            raise _Invalid(f"expect.{key}", f"unknown key{_suggest(str(key), EXPECT_KEYS)}; allowed: {', '.join(EXPECT_KEYS)}")
        if key == "in_scope":
            value = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
            if value not in SCOPES:
                raise _Invalid("expect.in_scope", f"{value!r} is not allowed; allowed: {', '.join(SCOPES)}")
        elif key == "preferred":
            if value is not None and (not isinstance(value, str) or value not in categories):
                raise _Invalid("expect.preferred", f"{value!r} is not a category{_suggest(str(value), categories)}")
        elif key in ("candidates", "unresolved"):
            value = _category_list(key, value, categories)
        else:  # rules
            if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
                raise _Invalid("expect.rules", "must be a list of rule ids")
            value = tuple(sorted({r.upper() for r in value}))
        out[key] = value
    return out


def _product_id(raw: Mapping[str, Any]) -> str:
    value = raw.get("id")
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
        raise _Invalid("id", "is required: a non-empty string")
    return str(value)


def parse_product(raw: Any, source: str, index: int, vocab: Vocabulary | None = None) -> Product | ProductError:
    vocab = vocab or load_vocabulary()
    if not isinstance(raw, Mapping):
        return ProductError(source, "must be a mapping with id and facts", index=index)
    pid = None
    try:
        pid = _product_id(raw)
        for key in raw:
            if key not in TOP_KEYS:
                if key in vocab.fields:
                    raise _Invalid(str(key), "belongs under 'facts:'")
                raise _Invalid(str(key), f"unknown key{_suggest(str(key), TOP_KEYS)}; allowed: {', '.join(TOP_KEYS)}")
        metadata = {}
        for key in METADATA_KEYS:
            if key in raw and raw[key] is not None:
                value = raw[key]
                ok = isinstance(value, str) or (key == "references" and isinstance(value, list)
                                                and all(isinstance(v, str) for v in value))
                if not ok:
                    raise _Invalid(key, "must be text" + (" or a list of texts" if key == "references" else ""))
                metadata[key] = value
        facts, unknown, assumed = _facts(raw.get("facts"), vocab)
        expect = _expect(raw.get("expect"))
    except _Invalid as bad:
        return ProductError(source, bad.message, id=pid, index=index, field=bad.field)
    return Product(pid, source, index, facts, unknown, assumed, metadata, expect)


def products_from_data(data: Any, source: str, vocab: Vocabulary | None = None,
                       start: int = 1) -> list[Product | ProductError]:
    """One product mapping or a list of them, as read from one file (or from a slice of
    its list whose first item is the file's `start`-th product)."""
    if data is None:
        return [ProductError(source, "the file holds no product")]
    items = data if isinstance(data, list) else [data]
    return [parse_product(item, source, i, vocab) for i, item in enumerate(items, start=start)]


def product_files(paths: Iterable[str | Path]) -> Iterator[Path | ProductError]:
    """The product files under `paths` in run order (a directory sorted by path); errors for missing ones."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.suffix in PRODUCT_SUFFIXES and f.is_file())
            if not found:
                yield ProductError(str(path), "no *.yaml, *.yml or *.json files in this directory")
            yield from found
        elif path.is_file():
            yield path
        else:
            yield ProductError(str(path), "no such file or directory")


def iter_products(paths: Iterable[str | Path], vocab: Vocabulary | None = None) -> Iterator[Product | ProductError]:
    """Every product under `paths`, in order, a file at a time; errors stand in for bad products."""
    vocab = vocab or load_vocabulary()
    seen: dict[str, str] = {}
    for item in product_files(paths):
        if isinstance(item, ProductError):
            yield item
            continue
        try:
            batch = products_from_data(read_data_file(item), str(item), vocab)
        except YamlError as exc:
            yield unreadable(exc)
            continue
        for product in batch:
            if isinstance(product, Product):
                if product.id in seen:
                    product = duplicate_id(product.source, product.id, product.index, seen[product.id])
                else:
                    seen[product.id] = product.source
            yield product


def load_products(paths: Iterable[str | Path], vocab: Vocabulary | None = None) -> list[Product | ProductError]:
    """Every product under `paths`, in order; errors stand in for bad products."""
    return list(iter_products(paths, vocab))


def load_products_text(text: str, source: str = "<input>") -> list[Product | ProductError]:
    try:
        data = parse_yaml(text, source)
    except YamlError as exc:
        return [unreadable(exc)]
    return products_from_data(data, source)
