"""The product vocabulary, read from `facts/vocabulary.yaml` and nothing else.

Every consumer - validation, defaults, ASP domain facts, the JSON Schema and the
help texts - asks this module, so a field or value is defined in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Mapping

from atmp.errors import AtmpError
from atmp.resources import facts_dir
from atmp.yamlio import read_yaml_file

UNKNOWN = "unknown"
KINDS = ("bool", "one", "set")
LANGS = ("en", "zh")

Lines = tuple[tuple[int, int], ...]
Text = Mapping[str, str]  # language -> text


def format_lines(lines: Lines) -> str:
    """`((117, 123), (232, 238))` -> `L117-123, L232-238`, as SPEC cites them."""
    return ", ".join(f"L{a}" if a == b else f"L{a}-{b}" for a, b in lines)


def parse_lines(raw: Any, where: str) -> Lines:
    try:
        pairs = tuple((int(a), int(b)) for a, b in raw)
    except (TypeError, ValueError) as exc:
        raise AtmpError(f"{where}: lines must be a list of [first, last] pairs") from exc
    if not pairs or any(a > b for a, b in pairs):
        raise AtmpError(f"{where}: lines must be non-empty [first, last] pairs with first <= last")
    return pairs


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    values: tuple[str, ...]
    default: Any  # bool, str, tuple[str, ...] or None when required
    required: bool
    lines: Lines
    label: Text
    help: Text
    value_labels: Mapping[str, Text]
    groups: Mapping[str, str]  # value -> group name
    group_labels: Mapping[str, Text]

    def value_label(self, value: Any, lang: str) -> str:
        key = term(value)
        labels = self.value_labels.get(key)
        return labels[lang] if labels else key


@dataclass(frozen=True)
class Constraint:
    id: str
    fields: tuple[str, ...]
    message: Text


@dataclass(frozen=True)
class Vocabulary:
    fields: Mapping[str, Field]
    constraints: Mapping[str, Constraint]

    def field(self, name: str) -> Field:
        return self.fields[name]

    @cached_property
    def value_order(self) -> dict[tuple[str, str], tuple[int, int]]:
        """(field, value) -> position, so that facts are listed in vocabulary order."""
        return {(name, value): (i, j) for i, (name, f) in enumerate(self.fields.items())
                for j, value in enumerate(f.values)}


def term(value: Any) -> str:
    """The ASP constant of a validated value (bools are `true`/`false`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def show_value(value: Any) -> str:
    """A fact's value as people read it in tables and trees: true, [a, b], null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "null" if value is None else str(value)


def bilingual(raw: Any, where: str) -> Text:
    if not isinstance(raw, Mapping) or any(not isinstance(raw.get(lang), str) for lang in LANGS):
        raise AtmpError(f"{where}: needs an 'en' and a 'zh' text")
    return {lang: raw[lang] for lang in LANGS}


def _field(name: str, raw: Mapping[str, Any], where: str) -> Field:
    kind = raw.get("kind")
    if kind not in KINDS:
        raise AtmpError(f"{where}: kind must be one of {', '.join(KINDS)}")
    raw_values = raw.get("values") or {}
    if kind == "bool":
        values: tuple[str, ...] = ("true", "false")
        value_labels = {"true": {"en": "yes", "zh": "是"}, "false": {"en": "no", "zh": "否"}}
    else:
        if not isinstance(raw_values, Mapping) or not raw_values:
            raise AtmpError(f"{where}: a '{kind}' field needs values")
        values = tuple(str(v) for v in raw_values)
        for v, t in raw_values.items():
            extra = set(t) - {"en", "zh", "group"} if isinstance(t, Mapping) else set()
            if extra:  # typically an unquoted comma inside a flow mapping
                raise AtmpError(f"{where}.values.{v}: unexpected keys {sorted(extra)} (quote texts with commas)")
        value_labels = {str(v): bilingual(t, f"{where}.values.{v}") for v, t in raw_values.items()}
    groups = {str(v): t["group"] for v, t in raw_values.items() if isinstance(t, Mapping) and "group" in t}
    group_labels = {g: bilingual(t, f"{where}.groups.{g}") for g, t in (raw.get("groups") or {}).items()}
    if set(groups.values()) - set(group_labels):
        raise AtmpError(f"{where}: values use groups without labels: {sorted(set(groups.values()) - set(group_labels))}")
    required = bool(raw.get("required", False))
    default = raw.get("default")
    if not required:
        if kind == "bool" and not isinstance(default, bool):
            raise AtmpError(f"{where}: default must be true or false")
        if kind == "one" and default not in values:
            raise AtmpError(f"{where}: default must be one of its values")
        if kind == "set":
            if not isinstance(default, list) or any(v not in values for v in default):
                raise AtmpError(f"{where}: default must be a list of its values")
            default = tuple(default)
    return Field(
        name=name,
        kind=kind,
        values=values,
        default=None if required else default,
        required=required,
        lines=parse_lines(raw.get("lines"), where),
        label=bilingual(raw.get("label"), f"{where}.label"),
        help=bilingual(raw.get("help"), f"{where}.help"),
        value_labels=value_labels,
        groups=groups,
        group_labels=group_labels,
    )


def vocabulary_from_mapping(data: Any, source: str) -> Vocabulary:
    if not isinstance(data, Mapping) or not isinstance(data.get("fields"), Mapping):
        raise AtmpError(f"{source}: needs a 'fields' mapping")
    fields = {str(n): _field(str(n), f, f"{source}: fields.{n}") for n, f in data["fields"].items()}
    constraints = {}
    for cid, raw in (data.get("constraints") or {}).items():
        where = f"{source}: constraints.{cid}"
        unknown = [f for f in raw.get("fields", []) if f not in fields]
        if unknown:
            raise AtmpError(f"{where}: unknown fields {unknown}")
        constraints[str(cid)] = Constraint(str(cid), tuple(raw["fields"]), bilingual(raw.get("message"), where))
    return Vocabulary(fields=fields, constraints=constraints)


@cache
def load_vocabulary(path: Path | None = None) -> Vocabulary:
    path = path or facts_dir() / "vocabulary.yaml"
    return vocabulary_from_mapping(read_yaml_file(path), str(path))
