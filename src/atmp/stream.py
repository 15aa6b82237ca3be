"""Writing classifications as they are ready: JSON Lines, JSON and YAML.

A batch of 100,000 products should neither wait for the last product before
printing the first nor hold every rendered result in memory.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Callable, Iterable, TextIO

from atmp.metadata import Metadata
from atmp.products import ProductError
from atmp.render import classification_data
from atmp.vocabulary import Vocabulary


class Progress:
    """A one-line counter on stderr, only when stderr is a terminal (and not --quiet)."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.count, self._last = 0, 0.0

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and now - self._last > 0.2:
            self._last = now
            self.stream.write(f"\rclassified {self.count} products")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled and self.count:
            self.stream.write(f"\rclassified {self.count} products\n")
            self.stream.flush()


def write_stream(results: Iterable, fmt: str, meta: Metadata, vocab: Vocabulary, lang: str,
                 write: Callable[[str], None], on_error: Callable[[ProductError], None],
                 progress: Progress) -> int:
    """Render each result as it arrives; returns the number of invalid products."""
    errors = 0
    first = True
    if fmt == "json":
        write("[")
    for result in results:
        progress.step()
        if isinstance(result, ProductError):
            errors += 1
            on_error(result)
        data = classification_data(result, meta, vocab, lang)
        if fmt == "jsonl":
            write(json.dumps(data, ensure_ascii=False) + "\n")
        elif fmt == "json":
            write(("\n" if first else ",\n") + json.dumps(data, ensure_ascii=False, indent=2))
        else:
            import yaml

            write(yaml.safe_dump([data], allow_unicode=True, sort_keys=False, width=100))
        first = False
    if fmt == "json":
        write("\n]\n")
    elif fmt == "yaml" and first:
        write("[]\n")
    progress.done()
    return errors
