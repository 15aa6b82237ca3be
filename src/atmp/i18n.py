"""Interface strings in both languages (vocabulary and rule texts live in facts/)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "id": {"en": "id", "zh": "编号"},
    "in_scope": {"en": "in scope", "zh": "是否属于ATMP"},
    "preferred": {"en": "preferred", "zh": "优先归属"},
    "candidates": {"en": "candidates", "zh": "候选类别"},
    "rules": {"en": "rules", "zh": "规则"},
    "notes": {"en": "notes", "zh": "提示"},
    "error": {"en": "error", "zh": "错误"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "undetermined": {"en": "undetermined", "zh": "待定"},
    "unresolved": {"en": "unresolved", "zh": "未决"},
    "scope": {"en": "Scope", "zh": "范围"},
    "no_exclusion": {"en": "No exclusion applies.", "zh": "不适用任何排除情形。"},
    "no_candidate": {"en": "No category definition matches.", "zh": "不符合任何类别释义。"},
    "priorities": {"en": "Priorities", "zh": "优先归属规则"},
    "no_priority": {"en": "No priority applies.", "zh": "不适用任何优先归属规则。"},
    "outcome": {"en": "Outcome", "zh": "结论"},
    "beats": {"en": "is preferred over", "zh": "优先于"},
    "because": {"en": "because", "zh": "依据"},
    "not": {"en": "not", "zh": "非"},
    "preferred_because": {"en": "preferred: no other candidate is preferred over it",
                          "zh": "优先归属：没有其他候选类别优先于它"},
    "unresolved_because": {"en": "unresolved: several candidates remain and no priority decides between them",
                           "zh": "未决：多个候选类别之间没有优先归属规则"},
    "not_in_scope": {"en": "not an ATMP", "zh": "不属于ATMP"},
    "undetermined_outcome": {"en": "undetermined: the guideline leaves this case open",
                             "zh": "待定：指导原则未明确此情形"},
    "assumed_defaults": {"en": "assumed defaults", "zh": "采用默认值"},
    "implied_facts": {"en": "implied facts", "zh": "推定事实"},
    "priority_cycle": {"en": "rule-base defect: a priority cycle leaves no preferred category",
                       "zh": "规则库缺陷：优先归属规则存在循环"},
    "field": {"en": "field", "zh": "字段"},
    "kind": {"en": "kind", "zh": "类型"},
    "values": {"en": "values", "zh": "取值"},
    "default": {"en": "default", "zh": "默认值"},
    "lines": {"en": "lines", "zh": "行号"},
    "label": {"en": "label", "zh": "名称"},
    "help": {"en": "help", "zh": "说明"},
    "required": {"en": "required", "zh": "必填"},
    "rule": {"en": "rule", "zh": "规则"},
    "summary": {"en": "summary", "zh": "摘要"},
    "quote": {"en": "guideline text", "zh": "指导原则原文"},
    "pass": {"en": "pass", "zh": "通过"},
    "fail": {"en": "FAIL", "zh": "失败"},
    "expected": {"en": "expected", "zh": "预期"},
    "got": {"en": "got", "zh": "实际"},
    "none": {"en": "none", "zh": "无"},
}


def t(key: str, lang: str) -> str:
    entry = STRINGS.get(key)
    return entry[lang] if entry else key
