"""The one exception family users see; the CLI turns it into a one-line message."""

from __future__ import annotations


class AtmpError(Exception):
    """A problem the user can fix (bad input, bad rule base); never a bug."""


class RuleBaseError(AtmpError):
    """The rule base cannot be loaded: syntax errors, missing files, bad metadata.

    `messages` keeps every clingo message (file:line: text) so none is lost.
    """

    def __init__(self, summary: str, messages: tuple[str, ...] = ()) -> None:
        self.summary = summary
        self.messages = messages
        super().__init__(summary if not messages else f"{summary}: " + "; ".join(messages))
