"""A plain-text table that lines up Chinese and Latin text alike.

CJK characters take two terminal columns; `str.ljust` does not know that.
"""

from __future__ import annotations

import unicodedata
from typing import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Cells may hold several lines; columns are as wide as their widest line."""
    cells = [[str(c).split("\n") for c in row] for row in [list(headers), *rows]]
    sizes = [max(width(line) for row in cells for line in row[i]) for i in range(len(headers))]
    out = []
    for n, row in enumerate(cells):
        for k in range(max(len(c) for c in row)):
            line = "  ".join(pad(c[k] if k < len(c) else "", sizes[i]) for i, c in enumerate(row))
            out.append(line.rstrip())
        if n == 0:
            out.append("  ".join("-" * s for s in sizes))
    return "\n".join(out)


def wrap(text: str, size: int) -> str:
    """Break long text into lines of at most `size` characters, at spaces when there are any."""
    if " " not in text:
        return "\n".join(text[i:i + size] for i in range(0, len(text), size))
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > size:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])
