"""Results as JSON-ready data, YAML, JSON and tables - computing stays elsewhere."""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

from atmp.i18n import t
from atmp.metadata import Metadata
from atmp.products import ProductError
from atmp.results import Classification, Fact, Finding
from atmp.table import render_table, wrap
from atmp.vocabulary import Vocabulary

FORMATS = ("table", "json", "yaml")


def facts_mapping(facts: Iterable[Fact], vocab: Vocabulary) -> dict[str, Any]:
    """Facts as field -> value, set-field members gathered in a list."""
    out: dict[str, Any] = {}
    for fact in facts:
        fdef = vocab.fields.get(fact.field)
        if fdef is not None and fdef.kind == "set":
            out.setdefault(fact.field, []).append(fact.value)
        else:
            out[fact.field] = fact.value
    return out


def plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def clauses(rule_id: str, meta: Metadata) -> list[dict[str, str]]:
    info = meta.rule(rule_id)
    if info is None:
        return [{"rule": rule_id, "lines": "", "text": "", "defect": "no metadata for this rule id"}]
    return [{"rule": rule_id, "lines": c.citation, "text": c.text} for c in info.clauses]


def _finding(f: Finding, meta: Metadata, vocab: Vocabulary, lang: str) -> dict[str, Any]:
    info = meta.rule(f.rule)
    out: dict[str, Any] = {"rule": f.rule}
    if f.note is not None:
        out["note"] = f.note
    out["summary"] = info.summary[lang] if info else None
    if info and info.message:
        out["message"] = info.message[lang]
    out["clauses"] = clauses(f.rule, meta)
    out["facts"] = facts_mapping(f.facts, vocab)
    return out


def classification_data(r: Classification | ProductError, meta: Metadata, vocab: Vocabulary,
                        lang: str) -> dict[str, Any]:
    if isinstance(r, ProductError):
        return {"id": r.id, "error": str(r), "source": r.source}
    return {
        "id": r.id,
        "name": r.metadata.get("name_zh" if lang == "zh" else "name") or r.metadata.get("name"),
        "source": r.source,
        "in_scope": r.in_scope,
        "preferred": r.preferred,
        "candidates": [
            {"category": c.category, "name": meta.category_name(c.category, lang), "rules": list(c.rules),
             "clauses": [cl for rule in c.rules for cl in clauses(rule, meta)], "facts": facts_mapping(c.facts, vocab)}
            for c in r.candidates
        ],
        "exclusions": [_finding(f, meta, vocab, lang) for f in r.exclusions],
        "undetermined": [_finding(f, meta, vocab, lang) for f in r.undetermined],
        "priorities": [
            {"winner": p.winner, "loser": p.loser, "rule": p.rule, "clauses": clauses(p.rule, meta)}
            for p in r.priorities
        ],
        "unresolved": list(r.unresolved),
        "notes": [_finding(f, meta, vocab, lang) for f in r.notes],
        "rules": list(r.rules),
        "assumed_defaults": {k: plain(v) for k, v in r.assumed_defaults.items()},
        "implied_facts": facts_mapping(r.implied_facts, vocab),
        **({"defect": t("priority_cycle", "en")} if r.priority_cycle else {}),
    }


def dump(data: Any, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).rstrip()


def scope_label(scope: str, lang: str) -> str:
    return t(scope, lang)


def classification_row(r: Classification | ProductError, meta: Metadata, lang: str) -> list[str]:
    """One product's row of the classify table (rows are rendered apart so workers can make them)."""
    if isinstance(r, ProductError):
        return [r.id or f"#{r.index or '?'}", t("error", lang), "", "", wrap(r.message, 60)]
    if r.preferred:
        preferred = f"{r.preferred}\n{meta.category_name(r.preferred, lang)}"
    elif r.unresolved:
        preferred = f"{t('unresolved', lang)}: " + ", ".join(r.unresolved)
    else:
        preferred = "-"
    cands = ", ".join(c.category for c in r.candidates) or "-"
    notes = "\n".join(_note_text(f, meta, lang) for f in r.notes) or "-"
    return [r.id, scope_label(r.in_scope, lang), preferred, cands + "\n" + " ".join(r.rules), notes]


def classification_rows_table(rows: Sequence[list[str]], lang: str) -> str:
    return render_table([t(k, lang) for k in ("id", "in_scope", "preferred", "candidates", "notes")], list(rows))


def _note_text(f: Finding, meta: Metadata, lang: str) -> str:
    info = meta.rule(f.rule)
    text = info.message[lang] if info and info.message else (info.summary[lang] if info else "")
    return f"{f.rule} {text}"


def texts(mapping: Mapping[str, str] | None, lang: str) -> str:
    return mapping[lang] if mapping else ""


def expectation_data(o: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": o.id, "source": o.source, "status": o.status}
    if o.mismatches:
        data["mismatches"] = [{"key": m.key, "expected": plain(m.expected), "got": plain(m.got)}
                              for m in o.mismatches]
    if o.error:
        data["error"] = o.error
    return data


def expectation_table(outcomes: Sequence[Any], lang: str) -> str:
    rows = []
    for o in outcomes:
        detail = o.error or "\n".join(
            f"{m.key}: {t('expected', lang)} {_show(m.expected)}, {t('got', lang)} {_show(m.got)}"
            for m in o.mismatches)
        status = t("fail", lang) if o.status in ("fail", "error") else o.status
        rows.append([o.id or "?", t(status, lang) if status == "pass" else status, detail])
    counts = {s: sum(o.status == s for o in outcomes) for s in ("pass", "fail", "error", "skipped")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    return render_table([t("id", lang), "", ""], rows) + f"\n\n{summary}"


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return "null" if value is None else str(value)
