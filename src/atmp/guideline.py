"""The guideline text by margin line number, to check that quotes are verbatim.

The shipped text keeps the document's margin numbers at the end of each line;
page markers and blank lines carry none, so a line counts as margin line N only
when it ends with the next expected number.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from atmp.resources import facts_dir

GUIDELINE_FILE = "000_8badc80f587f5761.txt"
_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Whitespace-free text: the guideline has stray spaces inside words."""
    return _WS.sub("", text)


@cache
def margin_lines(path: Path | None = None) -> dict[int, str]:
    path = path or facts_dir() / "guideline" / GUIDELINE_FILE
    lines: dict[int, str] = {}
    expected = 1
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.rstrip()
        number = str(expected)
        if stripped.endswith(number):
            lines[expected] = stripped[: -len(number)]
            expected += 1
    return lines


def passage(first: int, last: int) -> str:
    """The text of margin lines first..last, whitespace removed."""
    text = margin_lines()
    return "".join(squeeze(text.get(n, "")) for n in range(first, last + 1))


def quote_is_verbatim(quote: str, first: int, last: int) -> bool:
    return squeeze(quote) in passage(first, last)
