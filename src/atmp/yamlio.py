"""Reading YAML (and JSON) safely: a safe loader, a size limit and an alias limit.

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
MAX_EXPANDED = 1_000_000  # nodes an alias-expanded document may hold beyond 10x its own size


class YamlError(AtmpError):
    """A file that cannot be read as YAML; the message names file and line."""

    def __init__(self, source: str, detail: str, line: int | None = None) -> None:
        self.source, self.detail, self.line = source, detail, line
        super().__init__(f"{source}{'' if line is None else f':{line}'}: {detail}")


def _check_expansion(text: str, source: str) -> None:
    """Refuse documents whose aliases expand to far more nodes than they hold.

    Walks the event stream once, tracking each anchor's expanded size; an
    alias bomb is caught after reading a few hundred bytes of it.
    """
    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]  # [anchor, expanded size] of open collections
    events = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        events += 1
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
        else:
            continue
        stack[-1][1] += size
        if stack[-1][1] > max(MAX_EXPANDED, 10 * events):
            line = event.start_mark.line + 1 if event.start_mark else None
            raise YamlError(source, "YAML aliases expand to too many nodes (an alias bomb?): refused", line)


def parse_yaml(text: str, source: str) -> Any:
    if "*" in text and "&" in text:
        try:
            _check_expansion(text, source)
        except yaml.YAMLError:
            pass  # the loader below reports the syntax error with its line
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(source, f"invalid YAML: {problem}", None if mark is None else mark.line + 1) from None


def parse_json(text: str, source: str) -> Any:
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise YamlError(source, f"invalid JSON: {exc.msg}", exc.lineno) from None


def read_data_file(path: Path, max_bytes: int | None = None) -> Any:
    """A product file: JSON when it ends in .json (the json module is far faster), else YAML."""
    return read_yaml_file(path, max_bytes, parser=parse_json if path.suffix == ".json" else parse_yaml)


def read_yaml_file(path: Path, max_bytes: int | None = None, parser: Any = None) -> Any:
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
    return (parser or parse_yaml)(text, str(path))
