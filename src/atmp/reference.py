"""The vocabulary and rule references (`atmp vocab`, `atmp rules`) as data and tables."""

from __future__ import annotations

from typing import Any, Sequence

from atmp.i18n import t
from atmp.metadata import RuleInfo
from atmp.rulebase import RuleSite
from atmp.table import render_table, wrap
from atmp.vocabulary import Vocabulary, format_lines, show_value


def _default(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def vocabulary_data(vocab: Vocabulary, names: Sequence[str], lang: str) -> list[dict[str, Any]]:
    out = []
    for name in names:
        f = vocab.fields[name]
        out.append({
            "field": name, "kind": f.kind, "label": f.label[lang], "help": f.help[lang],
            "values": [{"value": v, "label": f.value_labels[v][lang],
                        **({"group": f.groups[v]} if v in f.groups else {})} for v in f.values],
            "default": None if f.required else _default(f.default), "required": f.required,
            "lines": format_lines(f.lines),
        })
    return out


def vocabulary_table(vocab: Vocabulary, names: Sequence[str], lang: str) -> str:
    rows = []
    for name in names:
        f = vocab.fields[name]
        default = t("required", lang) if f.required else show_value(f.default)
        values = ", ".join(f.values) if f.kind != "bool" else "true, false"
        rows.append([f"{name}\n{f.label[lang]}", f.kind, wrap(values, 44), default,
                     format_lines(f.lines).replace(", ", "\n"), wrap(f.help[lang], 48 if lang == "en" else 24)])
    headers = [t(k, lang) for k in ("field", "kind", "values", "default", "lines", "help")]
    return render_table(headers, rows)


def _sites_by_rule(sites: Sequence[RuleSite]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in sites:
        out.setdefault(s.rule_id, []).append(f"{s.file.rsplit('/', 1)[-1]}:{s.line}")
    return out


def rules_data(infos: Sequence[RuleInfo], sites: Sequence[RuleSite], lang: str) -> list[dict[str, Any]]:
    where = _sites_by_rule(sites)
    return [{
        "rule": i.id, "kind": i.kind, "part": i.part, "lines": i.citation, "summary": i.summary[lang],
        **({"message": i.message[lang]} if i.message else {}),
        "clauses": [{"lines": c.citation, "text": c.text} for c in i.clauses],
        "defined_at": where.get(i.id, []),
    } for i in infos]


def rules_table(infos: Sequence[RuleInfo], sites: Sequence[RuleSite], lang: str) -> str:
    where = _sites_by_rule(sites)
    rows = []
    for i in infos:
        quotes = "\n".join(f"{c.citation} 「{wrap(c.text, 30)}」" for c in i.clauses)
        rows.append([f"{i.id}\n{i.kind}", i.citation.replace(", ", "\n"),
                     wrap(i.summary[lang], 50 if lang == "en" else 25) + "\n" + ", ".join(where.get(i.id, [])),
                     quotes])
    headers = [t(k, lang) for k in ("rule", "lines", "summary", "quote")]
    return render_table(headers, rows)
