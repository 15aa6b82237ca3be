"""Reading YAML safely: a safe loader, a size limit and an alias limit.

Product files come from users; a file that is too large or an alias bomb
("billion laughs") is refused before it can exhaust memory or time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from atmp.errors import AtmpError

try:  # the C loader is several times faster on large catalogs
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = int(os.environ.get("ATMP_MAX_FILE_BYTES", 256 * 1024 * 1024))
MAX_ALIASES = 1000


class YamlError(AtmpError):
    """A file that cannot be read as YAML; the message names file and line."""

    def __init__(self, source: str, detail: str, line: int | None = None) -> None:
        self.source, self.detail, self.line = source, detail, line
        super().__init__(f"{source}{'' if line is None else f':{line}'}: {detail}")


def _count_aliases(text: str, source: str) -> None:
    # Scanning events is cheap next to constructing; only done when aliases may exist.
    count = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            count += 1
            if count > MAX_ALIASES:
                line = event.start_mark.line + 1 if event.start_mark else None
                raise YamlError(source, f"more than {MAX_ALIASES} YAML aliases: refused", line)


def parse_yaml(text: str, source: str) -> Any:
    if "*" in text and "&" in text:
        try:
            _count_aliases(text, source)
        except yaml.YAMLError:
            pass  # the loader below reports the syntax error with its line
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(source, f"invalid YAML: {problem}", None if mark is None else mark.line + 1) from None


def read_yaml_file(path: Path, max_bytes: int | None = None) -> Any:
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise YamlError(str(path), f"file is {size} bytes, over the limit of {limit} bytes: refused")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise YamlError(str(path), f"cannot read: {exc.strerror}") from None
    return parse_yaml(text, str(path))
