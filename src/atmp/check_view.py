"""Findings of `atmp check` and changes of `atmp diff` as tables."""

from __future__ import annotations

from typing import Any, Sequence

from atmp.check import Finding
from atmp.i18n import t
from atmp.table import render_table, wrap
from atmp.vocabulary import show_value


def example_text(example: dict[str, Any] | None) -> str:
    if not example:
        return ""
    return "\n".join(f"{key}: {show_value(value)}" for key, value in example.items())


def findings_table(findings: Sequence[Finding], lang: str) -> str:
    rows = [[f.severity, f.code, wrap(f.message, 60), " ".join(f.rules), example_text(f.example)] for f in findings]
    errors = sum(f.severity == "error" for f in findings)
    summary = f"{errors} {t('errors', lang)}, {len(findings) - errors} {t('warnings', lang)}"
    if not rows:
        return summary
    headers = [t(k, lang) for k in ("severity", "finding", "message", "rules", "example")]
    return render_table(headers, rows) + "\n\n" + summary


def diff_table(d: Any, lang: str) -> str:
    def outcome(o: dict[str, Any]) -> str:
        if "error" in o:
            return o["error"]
        main = o["preferred"] or (f"{t('unresolved', lang)}: " + ", ".join(o["unresolved"]) if o["unresolved"]
                                  else t(o["in_scope"], lang))
        return f"{main}\n[{', '.join(o['candidates'])}]"

    parts = [f"{t('catalog_changes', lang)}: {len(d.catalog)}"]
    if d.catalog:
        parts.append(render_table([t("id", lang), t("old", lang), t("new", lang)],
                                  [[c.id, outcome(c.old), outcome(c.new)] for c in d.catalog]))
    parts.append(f"{t('space_changes', lang)}: {len(d.space)}")
    if d.space:
        parts.append(render_table([t("change", lang), t("example", lang)],
                                  [[wrap(c.text(), 60), example_text(c.example)] for c in d.space]))
    return "\n\n".join(parts)
