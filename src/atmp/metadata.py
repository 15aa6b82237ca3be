"""Rule and category metadata: what each rule id and category cites and says.

The rule base cites; this module holds the citations (guideline lines, quoted
Chinese text, summaries). A rule base directory may carry its own `rules.yaml`;
otherwise the shipped `facts/rules.yaml` describes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Mapping

from atmp.errors import AtmpError
from atmp.resources import facts_dir
from atmp.vocabulary import Lines, Text, bilingual, format_lines, parse_lines
from atmp.yamlio import read_yaml_file

RULE_KINDS = ("exclusion", "undetermined", "candidate", "priority", "note")


@dataclass(frozen=True)
class Clause:
    lines: tuple[int, int]
    text: str

    @property
    def citation(self) -> str:
        return format_lines((self.lines,))


@dataclass(frozen=True)
class RuleInfo:
    id: str  # upper case, as in SPEC (C5); the ASP term is id.lower()
    kind: str
    part: str
    summary: Text
    clauses: tuple[Clause, ...]
    message: Text | None

    @property
    def lines(self) -> Lines:
        return tuple(c.lines for c in self.clauses)

    @property
    def citation(self) -> str:
        return format_lines(self.lines)


@dataclass(frozen=True)
class CategoryInfo:
    id: str  # class/subclass
    name: Text
    lines: Lines
    definition: str

    @property
    def citation(self) -> str:
        return format_lines(self.lines)


@dataclass(frozen=True)
class Metadata:
    rules: Mapping[str, RuleInfo]
    categories: Mapping[str, CategoryInfo]
    classes: Mapping[str, Text]

    def rule(self, rule_id: str) -> RuleInfo | None:
        return self.rules.get(rule_id.upper())

    def category_name(self, cat_id: str, lang: str) -> str:
        info = self.categories.get(cat_id)
        return info.name[lang] if info else cat_id


def _rule(rule_id: str, raw: Any, where: str) -> RuleInfo:
    if not isinstance(raw, Mapping):
        raise AtmpError(f"{where}: must be a mapping")
    kind = raw.get("kind")
    if kind not in RULE_KINDS:
        raise AtmpError(f"{where}: kind must be one of {', '.join(RULE_KINDS)}")
    clauses = []
    for i, c in enumerate(raw.get("clauses") or []):
        lines = parse_lines([c.get("lines")], f"{where}.clauses[{i}]")[0]
        if not isinstance(c.get("text"), str) or not c["text"].strip():
            raise AtmpError(f"{where}.clauses[{i}]: needs the quoted guideline text")
        clauses.append(Clause(lines, c["text"].strip()))
    if not clauses:
        raise AtmpError(f"{where}: a rule needs at least one clause (guideline lines and quoted text)")
    message = bilingual(raw["message"], f"{where}.message") if "message" in raw else None
    return RuleInfo(rule_id, kind, str(raw.get("part", "")), bilingual(raw.get("summary"), f"{where}.summary"),
                    tuple(clauses), message)


@cache
def load_rule_metadata(path: Path) -> Mapping[str, RuleInfo]:
    data = read_yaml_file(path)
    if not isinstance(data, Mapping):
        raise AtmpError(f"{path}: must map rule ids to their metadata")
    return {str(k).upper(): _rule(str(k).upper(), v, f"{path}: {k}") for k, v in data.items()}


@cache
def load_categories(path: Path | None = None) -> tuple[Mapping[str, CategoryInfo], Mapping[str, Text]]:
    path = path or facts_dir() / "categories.yaml"
    data = read_yaml_file(path)
    classes = {str(k): bilingual(v, f"{path}: classes.{k}") for k, v in (data.get("classes") or {}).items()}
    categories = {}
    for cid, raw in (data.get("categories") or {}).items():
        where = f"{path}: categories.{cid}"
        categories[str(cid)] = CategoryInfo(str(cid), bilingual(raw, where), parse_lines(raw.get("lines"), where),
                                            str(raw.get("definition", "")))
    return categories, classes


def rules_metadata_path(rules_dir: Path) -> Path:
    """A rule base's own `rules.yaml`, or the shipped one."""
    own = rules_dir / "rules.yaml"
    return own if own.is_file() else facts_dir() / "rules.yaml"


def load_metadata(rules_dir: Path) -> Metadata:
    categories, classes = load_categories()
    return Metadata(load_rule_metadata(rules_metadata_path(rules_dir)), categories, classes)
