"""Writing classifications as they are ready: table, JSON Lines, JSON and YAML.

A batch of 100,000 products should neither wait for the last product before
printing the first nor hold every rendered result in memory. Rendering one
result (`render_result`) is apart from writing them in order (`Writer`), so
worker processes can render and this process only writes.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Callable, TextIO, Union

from atmp.metadata import Metadata
from atmp.products import ProductError
from atmp.render import classification_data, classification_row, classification_rows_table
from atmp.results import Classification
from atmp.vocabulary import Vocabulary

Rendered = Union[str, list]  # a text, or a table row
FORMATS = ("table", "json", "jsonl", "yaml")


class Progress:
    """A progress bar on stderr for long batches: only when stderr is a terminal, not
    with --quiet, and only once a run has lasted `delay` seconds (a short run stays quiet).

    The total is what the batch planner counted (an estimate for a YAML file read
    whole); without one the bar is a plain counter.
    """

    WIDTH = 30

    def __init__(self, enabled: bool, stream: TextIO | None = None, delay: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.clock, self.delay = clock, delay
        self.count = self.total = 0
        self._start = clock()
        self._last: float | None = None

    def expect(self, count: int) -> None:
        self.total += count

    def step(self) -> None:
        self.count += 1
        if not self.enabled:
            return
        now = self.clock()
        if now - self._start >= self.delay and (self._last is None or now - self._last >= 0.2):
            self._last = now
            self._draw()

    def line(self) -> str:
        if not self.total:
            return f"classified {self.count:,} products"
        total = max(self.total, self.count)
        filled = self.WIDTH * self.count // total
        return (f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {100 * self.count // total:3d}% "
                f"{self.count:,}/{total:,} products")

    def _draw(self) -> None:
        self.stream.write("\r" + self.line())
        self.stream.flush()

    def done(self) -> None:
        if self._last is not None:  # a bar was shown: finish it on its own line
            if self.total:
                self.total = self.count  # the planned total may have been an estimate
            self._draw()
            self.stream.write("\n")
            self.stream.flush()


def render_result(result: Classification | ProductError, fmt: str, meta: Metadata, vocab: Vocabulary,
                  lang: str) -> Rendered:
    if fmt == "table":
        return classification_row(result, meta, lang)
    data = classification_data(result, meta, vocab, lang)
    if fmt == "jsonl":
        return json.dumps(data, ensure_ascii=False)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    import yaml

    return yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100)


class Writer:
    """Writes rendered results in order, with the separators of the format.

    A table needs every row for its column widths, so it is written at the end;
    the other formats go out as each result arrives.
    """

    def __init__(self, fmt: str, lang: str, write: Callable[[str], None],
                 on_error: Callable[[str], None], progress: Progress) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt, self.lang, self.write, self.on_error, self.progress = fmt, lang, write, on_error, progress
        self.errors = 0
        self.rows: list[list] = []
        self._first = True

    def add(self, rendered: Rendered, error: str | None = None) -> None:
        self.progress.step()
        if error is not None:
            self.errors += 1
            self.on_error(error)
        if self.fmt == "table":
            self.rows.append(rendered)  # type: ignore[arg-type]
        elif self.fmt == "jsonl":
            self.write(rendered + "\n")  # type: ignore[operator]
        elif self.fmt == "json":
            self.write(("[\n" if self._first else ",\n") + rendered)  # type: ignore[operator]
        else:
            self.write(rendered)  # type: ignore[arg-type]
        self._first = False

    def close(self) -> int:
        """Finish the output; returns the number of invalid products."""
        if self.fmt == "table":
            self.write(classification_rows_table(self.rows, self.lang) + "\n")
        elif self.fmt == "json":
            self.write("[]\n" if self._first else "\n]\n")
        elif self.fmt == "yaml" and self._first:
            self.write("[]\n")
        self.progress.done()
        return self.errors
