"""`atmp explain`: one product's reasoning as a tree, every step cited.

The tree is read off the solver's support atoms (see rulebase.py), so each
branch is a rule instance that really fired, with the facts it fired on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from atmp.i18n import t
from atmp.metadata import Metadata
from atmp.resources import facts_dir
from atmp.results import Classification
from atmp.rulebase import ANY, RULE_OUTPUTS
from atmp.terms import Term, args, category_id, name, show
from atmp.vocabulary import Vocabulary, show_value
from atmp.yamlio import read_yaml_file


@dataclass
class Node:
    text: str
    rule: str | None = None
    lines: str | None = None
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (lines, text)
    children: list["Node"] = field(default_factory=list)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text}
        if self.rule:
            out.update(rule=self.rule, lines=self.lines,
                       clauses=[{"lines": lines, "text": text} for lines, text in self.quotes])
        if self.children:
            out["children"] = [c.data() for c in self.children]
        return out


@cache
def _templates() -> dict[str, dict[str, str]]:
    return read_yaml_file(facts_dir() / "predicates.yaml") or {}


class Explainer:
    def __init__(self, meta: Metadata, vocab: Vocabulary, lang: str) -> None:
        self.meta, self.vocab, self.lang = meta, vocab, lang

    # -- atoms as text ----------------------------------------------------------
    def term_text(self, term: Term) -> str:
        if name(term) == "cat" and len(args(term)) == 2:
            cid = category_id(term)
            return f"{cid} {self.meta.category_name(cid, self.lang)}"
        if term == ANY:
            return "*"
        return show(term)

    def fact_text(self, atom: Term) -> str:
        _, _, fname, value = atom
        f = self.vocab.fields.get(fname)
        if f is None:
            return show(atom)
        op = "∋" if f.kind == "set" else "="
        return f"{f.label[self.lang]}: {f.value_label(value, self.lang)}  [{fname} {op} {value}]"

    def atom_text(self, atom: Term) -> str:
        if name(atom) == "value" and len(args(atom)) == 3:
            return self.fact_text(atom)
        if name(atom) == "group" and len(args(atom)) == 3:
            fname, value, group = args(atom)
            f = self.vocab.fields.get(fname)
            label = f.group_labels.get(group, {}).get(self.lang, group) if f else group
            return f"{value}: {label}"
        template = _templates().get(name(atom), {}).get(self.lang)
        if template is None:
            return show(atom)
        return template.format(*(self.term_text(a) for a in args(atom)))  # {0}: the product, if any

    # -- rule nodes ----------------------------------------------------------
    def rule_node(self, text: str, rule_id: str) -> Node:
        info = self.meta.rule(rule_id)
        if info is None:
            return Node(f"{rule_id} {text} — no metadata for this rule id (defect)", rule=rule_id, lines="")
        lead = f"{rule_id} {text}" if text else rule_id
        return Node(f"{lead} — {info.summary[self.lang]}", rule=rule_id, lines=info.citation,
                    quotes=[(c.citation, c.text) for c in info.clauses])

    def because(self, atom: Term, trace: Any, depth: int = 0) -> list[Node]:
        nodes = []
        for body in trace.support.get(atom, ()):
            if name(body) in ("product", "domain", "field"):
                continue
            node = Node(self.atom_text(body))
            if depth < 8 and name(body) not in RULE_OUTPUTS:
                node.children = self.because(body, trace, depth + 1)
            nodes.append(node)
        for body in trace.absent.get(atom, ()):
            nodes.append(Node(f"{t('not', self.lang)}: {self.atom_text(body)}"))
        return nodes

    def output_node(self, atom: Term, trace: Any) -> Node:
        kind, *rest = atom
        rule_id = show(rest[-1]).upper()
        if kind == "candidate":
            text = "→ " + self.term_text(rest[1])
        elif kind == "beats":
            text = f"{self.term_text(rest[1])} {t('beats', self.lang)} {self.term_text(rest[2])}"
        else:
            info = self.meta.rule(rule_id)
            text = f"[{info.message[self.lang]}]" if info and info.message else ""
        node = self.rule_node(text, rule_id)
        node.children = self.because(atom, trace) if kind != "beats" else []
        return node

    # -- the whole tree ------------------------------------------------------
    def tree(self, r: Classification) -> Node:
        trace = r.trace
        outputs = sorted(trace.outputs, key=show)
        by = lambda kind: [self.output_node(a, trace) for a in outputs if a[0] == kind]  # noqa: E731
        name = r.metadata.get("name_zh" if self.lang == "zh" else "name") or r.metadata.get("name") or ""
        scope = t(r.in_scope, self.lang)
        head = f"{r.id}{' — ' + name if name else ''}   {t('in_scope', self.lang)}: {scope}"
        if r.preferred:
            head += f"   {t('preferred', self.lang)}: {r.preferred} {self.meta.category_name(r.preferred, self.lang)}"
        root = Node(head)
        scope_node = Node(t("scope", self.lang), children=by("excluded") + by("undetermined"))
        if not scope_node.children:
            scope_node.children = [Node(t("no_exclusion", self.lang))]
        cands = Node(t("candidates_section", self.lang), children=by("candidate") or [Node(t("no_candidate", self.lang))])
        prios = Node(t("priorities", self.lang), children=by("beats") or [Node(t("no_priority", self.lang))])
        root.children = [scope_node, cands, prios, Node(t("outcome", self.lang), children=[self.outcome(r)])]
        notes = by("note")
        if notes:
            root.children.append(Node(t("notes_section", self.lang), children=notes))
        if r.implied_facts:
            implied = ", ".join(f"{f.field} ∋ {f.value}" for f in r.implied_facts)
            root.children.append(Node(f"{t('implied_facts', self.lang)}: {implied}"))
        if r.assumed_defaults:
            defaults = ", ".join(f"{k}={show_value(v)}" for k, v in r.assumed_defaults.items())
            root.children.append(Node(f"{t('assumed_defaults', self.lang)}: {defaults}"))
        return root

    def outcome(self, r: Classification) -> Node:
        if r.priority_cycle:
            return Node(t("priority_cycle", self.lang))
        if r.in_scope == "no":
            return Node(t("not_in_scope", self.lang))
        if r.in_scope == "undetermined":
            return Node(t("undetermined_outcome", self.lang))
        if r.preferred:
            return Node(f"{r.preferred} {self.meta.category_name(r.preferred, self.lang)}: "
                        f"{t('preferred_because', self.lang)}")
        return Node(f"{', '.join(r.unresolved)}: {t('unresolved_because', self.lang)}")


def render_tree(node: Node) -> str:
    lines = [node.text]
    _render_children(node, "", lines)
    return "\n".join(lines)


def _render_children(node: Node, prefix: str, lines: list[str]) -> None:
    for i, child in enumerate(node.children):
        last = i == len(node.children) - 1
        lines.append(prefix + ("└─ " if last else "├─ ") + child.text)
        inner = prefix + ("   " if last else "│  ")
        if child.rule and child.lines:
            for cite, quote in child.quotes:
                lines.append(inner + ("│  " if child.children else "   ") + f"「{quote}」 ({cite})")
        _render_children(child, inner, lines)
