"""`atmp explore --ask`: ask the deciding questions one at a time.

After each answer the product is explored again, so the next question is the
best one given what is now known; it stops as soon as the outcome is settled.
"""

from __future__ import annotations

from typing import Any, Callable

from atmp.explore import Exploration, answer, explore_product
from atmp.explore_view import exploration_text, outcome_text
from atmp.i18n import t
from atmp.metadata import Metadata
from atmp.products import Product
from atmp.rulebase import RuleBase
from atmp.vocabulary import Field, Vocabulary

Prompt = Callable[[str], str]
Say = Callable[[str], None]


def _choices(f: Field, values: tuple[str, ...] | list[str], lang: str) -> list[str]:
    return [f"  {i}) {v} — {f.value_label(v, lang)}" for i, v in enumerate(values, start=1)]


def _parse_one(reply: str, values: list[str]) -> str | None:
    reply = reply.strip()
    if reply.isdigit() and 1 <= int(reply) <= len(values):
        return values[int(reply) - 1]
    return reply if reply in values else None


def _ask_field(f: Field, members: tuple[str, ...], possible: list[str], prompt: Prompt, say: Say,
               lang: str) -> Any:
    say(f"{f.label[lang]} ({f.name}): {f.help[lang]}")
    if f.kind == "set":
        options = list(members)
        for line in _choices(f, options, lang):
            say(line)
        while True:
            reply = prompt(t("choose_many", lang))
            parts = [p for p in (x.strip() for x in reply.split(",")) if p]
            chosen = [_parse_one(p, options) for p in parts]
            if all(c is not None for c in chosen):
                return [v for v in f.values if v in chosen]
            say(t("invalid_answer", lang))
    options = [v for v in f.values if v in possible]
    for line in _choices(f, options, lang):
        say(line)
    while True:
        choice = _parse_one(prompt(t("choose", lang)), options)
        if choice is not None:
            return (choice == "true") if f.kind == "bool" else choice
        say(t("invalid_answer", lang))


def ask(product: Product, rulebase: RuleBase, vocab: Vocabulary, meta: Metadata, lang: str,
        prompt: Prompt, say: Say) -> tuple[Product, Exploration]:
    """Ask until the outcome is settled (or nothing is left to ask); return the completed product."""
    exploration = explore_product(product, rulebase, vocab)
    while not exploration.settled and exploration.questions:
        say(exploration_text(exploration, meta, vocab, lang))
        question = exploration.questions[0]
        possible = [answer_ for answer_, outcomes in question.splits if outcomes]
        value = _ask_field(vocab.fields[question.field], question.members, possible, prompt, say, lang)
        product = answer(product, question.field, value)
        exploration = explore_product(product, rulebase, vocab)
    say(f"{t('settled', lang) if exploration.settled else ''}: "
        + "; ".join(outcome_text(c.outcome, meta, lang) for c in exploration.outcomes))
    return product, exploration
