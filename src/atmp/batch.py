"""`atmp classify` on large batches: files cut into pieces that worker processes
parse, validate, classify and render, while this process writes them in order.

Why pieces of text rather than parsed products: on a 2-core machine reading
the YAML costs about as much as grounding it, so parsing must be shared out
too, and no process ever holds the whole parsed batch (memory stays flat). A
YAML file whose top level is a block list is cut at its items - lines that
start with "- " - into pieces of PIECE products; JSON is parsed here (it is
fast) and its list cut. What must see the whole run stays in this process:
output order, duplicate ids, the progress counter, the error count.

A cut can only be wrong inside a multi-line quoted scalar or flow collection
(or with an alias to another piece's anchor): then the piece before it fails
to parse on its own, and the rest of that file is read again whole, here.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from atmp.classify import iter_classify
from atmp.products import Product, ProductError, duplicate_id, product_files, products_from_data, unreadable
from atmp.results import Classification
from atmp.rulebase import RuleBase, load_rulebase
from atmp.stream import Rendered, Writer, render_result
from atmp.vocabulary import Vocabulary, load_vocabulary
from atmp.yamlio import YamlError, parse_json, parse_yaml, read_text, read_yaml_file

PIECE = 1000  # products per piece: enough to amortise a grounding, small enough to balance the workers
MAX_JOBS = 8

_ITEM = re.compile(r"^-(?=[ \t]|\r?$)", re.M)
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]", re.M)
_MARKERS = ("---", "...", "%")  # at a line start: several documents or directives
_COMMENT_OR_BLANK = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:#[^\n]*)?\Z")


@dataclass(frozen=True)
class Part:
    """Products of one file: all of them, or a slice when the file was cut."""

    source: str
    start: int = 1  # the file's index of the first product here
    text: str | None = None  # YAML to parse
    data: Any = None  # or data already parsed (JSON)
    count: int = 1  # products here (an estimate for YAML read whole)
    cut: bool = False  # one of several slices of its file
    error: ProductError | None = None  # the file cannot be read at all


Entry = tuple  # (id, index, valid product?, rendered, error text or None)


def item_starts(text: str) -> list[int] | None:
    """Offsets of the items of a top-level block list, or None when the file must be read whole."""
    # documents, directives and anchors: such a file is read whole (plain `in` tests
    # first: a regex scan of every character costs more than the cutting saves)
    if text.startswith(_MARKERS) or any("\n" + m in text for m in _MARKERS):
        return None
    if "&" in text and _ANCHOR.search(text):
        return None
    starts = [m.start() for m in _ITEM.finditer(text)]
    if not starts or not _COMMENT_OR_BLANK.fullmatch(text, 0, starts[0]):
        return None
    return starts


def file_parts(path: Path, size: int) -> Iterator[Part]:
    source = str(path)
    try:
        text = read_text(path)
        if path.suffix == ".json":
            data = parse_json(text, source)
            if isinstance(data, list) and data:
                for i in range(0, len(data), size):
                    yield Part(source, i + 1, data=data[i:i + size], count=len(data[i:i + size]))
            else:
                yield Part(source, data=data, count=0 if data == [] else 1)
            return
    except YamlError as exc:
        yield Part(source, error=unreadable(exc))
        return
    starts = item_starts(text)
    if starts is None or len(starts) <= size:
        count = len(starts) if starts is not None else len(_ITEM.findall(text))
        yield Part(source, text=text, count=count or 1)
        return
    bounds = [0, *starts[size::size], len(text)]
    for n, (begin, end) in enumerate(zip(bounds, bounds[1:])):
        count = min(size, len(starts) - n * size)
        yield Part(source, n * size + 1, text=text[begin:end], count=count, cut=True)


def plan(paths: Iterable[str | Path], size: int = PIECE) -> Iterator[list[Part]]:
    """Pieces of about `size` products, in run order; small files share a piece."""
    piece: list[Part] = []
    count = 0
    for item in product_files(paths):
        parts = [Part(item.source, error=item)] if isinstance(item, ProductError) else file_parts(item, size)
        for part in parts:
            if piece and count + part.count > size:
                yield piece
                piece, count = [], 0
            piece.append(part)
            count += part.count
    if piece:
        yield piece


class Renderer:
    """What a process needs to classify and render: loaded once per process."""

    def __init__(self, rules: Path | None, fmt: str, lang: str) -> None:
        self.key = (rules, fmt, lang)
        self.rulebase: RuleBase = load_rulebase(rules)
        self.vocab: Vocabulary = load_vocabulary()
        self.fmt, self.lang = fmt, lang
        self.trace = "none" if fmt == "table" else "facts"  # a table shows no per-finding facts
        self.memo: dict = {}

    def render(self, result: Classification | ProductError) -> Rendered:
        return render_result(result, self.fmt, self.rulebase.metadata, self.vocab, self.lang)

    def entries(self, items: Sequence[Product | ProductError]) -> list[Entry]:
        results = iter_classify(items, self.rulebase, self.vocab, trace=self.trace, memo=self.memo)
        return [(item.id, item.index, isinstance(item, Product), self.render(result),
                 str(result) if isinstance(result, ProductError) else None)
                for item, result in zip(items, results)]

    def piece(self, piece: list[Part]) -> list[tuple[str, bool, list[Entry]]]:
        """Each part's entries, or (source, True, []) for a cut part that does not parse alone.

        The cycle collector is paused meanwhile: a piece makes hundreds of
        thousands of short-lived, acyclic objects, and its passes over them
        cost about a tenth of the run.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._piece(piece)
        finally:
            if enabled:
                gc.enable()

    def _piece(self, piece: list[Part]) -> list[tuple[str, bool, list[Entry]]]:
        products: list[list[Product | ProductError] | None] = []
        for part in piece:
            if part.error is not None:
                products.append([part.error])
                continue
            try:
                data = parse_yaml(part.text, part.source) if part.text is not None else part.data
            except YamlError as exc:
                products.append(None if part.cut else [unreadable(exc)])
                continue
            products.append(products_from_data(data, part.source, self.vocab, part.start))
        entries = iter(self.entries(list(chain.from_iterable(p for p in products if p))))
        return [(part.source, found is None, [next(entries) for _ in found or ()])
                for part, found in zip(piece, products)]


_RENDERER: Renderer | None = None


def _setup(rules: Path | None, fmt: str, lang: str) -> None:
    """Worker initialiser: a forked worker inherits its parent's renderer, a spawned one loads its own."""
    global _RENDERER
    if _RENDERER is None or _RENDERER.key != (rules, fmt, lang):
        _RENDERER = Renderer(rules, fmt, lang)


def _work(piece: list[Part]) -> list[tuple[str, bool, list[Entry]]]:
    assert _RENDERER is not None
    return _RENDERER.piece(piece)


def default_jobs() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_JOBS))


def classify_batch(paths: Sequence[str | Path], writer: Writer, rules: Path | None = None,
                   jobs: int | None = None, size: int = PIECE) -> int:
    """Classify and write every product under `paths`; returns the number of invalid products.

    `jobs`: worker processes (None: one per core when there is more than one
    piece to share out, 1: all in this process). The output is the same either way.
    """
    global _RENDERER
    local = _RENDERER = Renderer(Path(rules) if rules else None, writer.fmt, writer.lang)
    pieces = list(plan(paths, size))  # a pool would read them all ahead anyway; counted for the bar
    writer.progress.expect(sum(part.count for piece in pieces for part in piece))
    if jobs is None:
        jobs = default_jobs() if len(pieces) > 1 else 1
    seen: dict[str, str] = {}
    done: dict[str, int] = {}  # products written per file
    reread: set[str] = set()

    def emit(entry: Entry, source: str) -> None:
        pid, index, valid, rendered, error = entry
        if valid and pid in seen:
            dup = duplicate_id(source, pid, index, seen[pid])
            rendered, error = local.render(dup), str(dup)
        elif valid:
            seen[pid] = source
        done[source] = done.get(source, 0) + 1
        writer.add(rendered, error)

    def consume(results: Iterable[list[tuple[str, bool, list[Entry]]]]) -> None:
        for piece in results:
            for source, unparsed, entries in piece:
                if source in reread:
                    continue
                if unparsed:
                    reread.add(source)
                    for entry in _rest_of_file(local, source, done.get(source, 0)):
                        emit(entry, source)
                    continue
                for entry in entries:
                    emit(entry, source)

    if jobs <= 1:
        consume(map(local.piece, pieces))
    else:
        import multiprocessing

        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with context.Pool(jobs, initializer=_setup, initargs=local.key) as pool:
            consume(pool.imap(_work, pieces))
    return writer.close()


def _rest_of_file(local: Renderer, source: str, skip: int) -> list[Entry]:
    """A cut file read whole after one of its pieces did not parse alone: its products after `skip`."""
    try:
        data = read_yaml_file(Path(source))
    except YamlError as exc:
        error = unreadable(exc)
        return [(None, None, False, local.render(error), str(error))]
    return local.entries(products_from_data(data, source, local.vocab)[skip:])
