"""Explorations as data (JSON/YAML) and as readable text."""

from __future__ import annotations

from typing import Any

from atmp.explore import Exploration, Outcome, Question
from atmp.i18n import t
from atmp.metadata import Metadata
from atmp.vocabulary import Vocabulary, show_value


def exploration_data(e: Exploration) -> dict[str, Any]:
    return {
        "id": e.id,
        "source": e.source,
        "unknown": list(e.unknown),
        "outcomes": [{**c.outcome.data(), "when": c.when.data(), "example": dict(c.example)} for c in e.outcomes],
        "questions": [question_data(q) for q in e.questions],
        "irrelevant": list(e.irrelevant),
    }


def question_data(q: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"field": q.field}
    if q.members:
        data["members"] = list(q.members)
    data["expected_outcomes"] = round(q.expected, 3)
    data["answers"] = [{"answer": answer, "possible": bool(outcomes), "outcomes": [o.data() for o in outcomes]}
                       for answer, outcomes in q.splits]
    return data


def outcome_text(o: Outcome, meta: Metadata, lang: str) -> str:
    text = f"{t('in_scope', lang)}: {t(o.in_scope, lang)}"
    if o.preferred:
        text += f"   {t('preferred', lang)}: {o.preferred} {meta.category_name(o.preferred, lang)}"
    if o.unresolved:
        text += f"   {t('unresolved', lang)}: {', '.join(o.unresolved)}"
    return text


def _short(o: Outcome, lang: str) -> str:
    if o.preferred:
        return o.preferred
    if o.unresolved:
        return f"{t('unresolved', lang)}(" + ", ".join(o.unresolved) + ")"
    return t("undetermined", lang) if o.in_scope == "undetermined" else t("not_in_scope", lang)


def exploration_text(e: Exploration, meta: Metadata, vocab: Vocabulary, lang: str) -> str:
    name = e.metadata.get("name_zh" if lang == "zh" else "name") or e.metadata.get("name") or ""
    lines = [f"{e.id}{' — ' + name if name else ''}: {len(e.outcomes)} {t('possible_outcomes', lang)}, "
             f"{len(e.unknown)} {t('unknown_fields', lang)}"]
    relevant = {q.field for q in e.questions}
    for i, case in enumerate(e.outcomes, start=1):
        lines.append(f"{i:>2}. {outcome_text(case.outcome, meta, lang)}")
        if len(e.outcomes) > 1:
            lines.append(f"    {t('when', lang)}: {case.when.text()}")
            example = ", ".join(f"{k}={show_value(v)}" for k, v in case.example.items() if k in relevant)
            lines.append(f"    {t('for_example', lang)}: {example}")
    if e.questions:
        lines.append(f"{t('deciding_questions', lang)}:")
        for i, q in enumerate(e.questions, start=1):
            f = vocab.fields[q.field]
            members = f" ({', '.join(q.members)})" if q.members else ""
            lines.append(f"{i:>2}. {q.field} — {f.label[lang]}{members}   "
                         f"[{t('expected_outcomes', lang)}: {q.expected:.1f}]")
            for answer, outcomes in q.splits:
                shown = ", ".join(_short(o, lang) for o in outcomes) or t("impossible", lang)
                lines.append(f"      {answer} → {shown}")
    if e.irrelevant:
        lines.append(f"{t('irrelevant', lang)}: {', '.join(e.irrelevant)}")
    return "\n".join(lines)
