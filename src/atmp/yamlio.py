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


def _check_expansion(root: yaml.Node, source: str) -> None:
    """Refuse documents whose aliases expand to far more nodes than they hold.

    An alias is the same node object reached twice, so the composed graph
    stays small while its expansion explodes ("billion laughs"). Sizes are
    summed bottom-up with a memo per node: the check is linear in the nodes
    the file really holds and needs no second parse.
    """
    expanded: dict[int, int] = {}
    distinct = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in expanded and not children_done:
            continue
        children = _children(node)
        if not children_done:
            distinct += 1
            expanded[key] = 1  # a node that contains itself counts once
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in expanded)
            continue
        size = 1 + sum(expanded.get(id(child), 1) for child in children)
        expanded[key] = size
        if size > max(MAX_EXPANDED, 10 * distinct):
            raise YamlError(source, "YAML aliases expand to too many nodes (an alias bomb?): refused",
                            node.start_mark.line + 1 if node.start_mark else None)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def parse_yaml(text: str, source: str) -> Any:
    """One YAML document, composed once; aliases are checked before anything is built."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:
            _check_expansion(node, source)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlError(source, f"invalid YAML: {problem}", None if mark is None else mark.line + 1) from None
    finally:
        loader.dispose()


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
    return (parser or parse_yaml)(read_text(path, max_bytes), str(path))


def read_text(path: Path, max_bytes: int | None = None) -> str:
    """A user's file as text: refused when over the size limit or not UTF-8."""
    limit = MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise YamlError(str(path), f"file is {size} bytes, over the limit of {limit} bytes: refused")
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlError(str(path), "not UTF-8 text") from None
    except OSError as exc:
        raise YamlError(str(path), f"cannot read: {exc.strerror}") from None
