"""Large batches cut into pieces and shared among worker processes write exactly
what one process reading each file whole writes: order, errors, duplicates."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from atmp.batch import classify_batch, item_starts, plan
from atmp.classify import iter_classify
from atmp.cli import app
from atmp.products import ProductError, iter_products
from atmp.resources import catalog_dir
from atmp.rulebase import load_rulebase
from atmp.stream import Progress, Writer, render_result
from atmp.vocabulary import load_vocabulary

runner = CliRunner()


def _writer(fmt: str) -> tuple[Writer, list[str], list[str]]:
    out: list[str] = []
    errors: list[str] = []
    return Writer(fmt, "en", out.append, errors.append, Progress(False)), out, errors


def whole_files(paths: list[Path], fmt: str) -> tuple[str, list[str], int]:
    """The reference: every file read whole, classified in one process, written in order."""
    writer, out, errors = _writer(fmt)
    rulebase, vocab = load_rulebase(), load_vocabulary()
    trace = "none" if fmt == "table" else "facts"
    for result in iter_classify(iter_products(paths), rulebase, vocab, trace=trace):
        writer.add(render_result(result, fmt, rulebase.metadata, vocab, "en"),
                   str(result) if isinstance(result, ProductError) else None)
    failed = writer.close()
    return "".join(out), errors, failed


def in_pieces(paths: list[Path], fmt: str, jobs: int, size: int) -> tuple[str, list[str], int]:
    writer, out, errors = _writer(fmt)
    failed = classify_batch(paths, writer, jobs=jobs, size=size)
    return "".join(out), errors, failed


def _catalog_items(count: int, prefix: str = "p") -> list[dict]:
    items = []
    for path in sorted(catalog_dir().glob("*.yaml")):
        for product in yaml.safe_load(path.read_text(encoding="utf-8")):
            items.append({"id": f"{prefix}{len(items)}", "name": product.get("name"), "facts": product["facts"]})
    return (items * (count // len(items) + 1))[:count]


def _dump(items: list[dict]) -> str:
    return yaml.safe_dump(items, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    """A directory mixing a large YAML list, a JSON list, small files and bad products."""
    root = tmp_path_factory.mktemp("batch")
    big = _catalog_items(60)
    big[7]["facts"] = {"active_ingredients": ["cel"]}  # invalid value
    big[33]["id"] = "p3"  # duplicate of an earlier product in another piece
    (root / "a_big.yaml").write_text("# exported list\n\n" + _dump(big), encoding="utf-8")
    (root / "b_list.json").write_text(json.dumps(_catalog_items(25, "j")), encoding="utf-8")
    (root / "c_one.yaml").write_text(_dump(_catalog_items(1, "single")[0]), encoding="utf-8")
    (root / "d_empty.json").write_text("[]", encoding="utf-8")
    (root / "e_dup.yaml").write_text(_dump([{"id": "j4", "facts": {"active_ingredients": ["cell"]}}]),
                                     encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["jsonl", "json", "yaml", "table"])
def test_pieces_in_one_process_write_what_whole_files_write(batch_dir, fmt):
    assert in_pieces([batch_dir], fmt, jobs=1, size=8) == whole_files([batch_dir], fmt)


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_worker_processes_write_what_one_process_writes(batch_dir, fmt):
    expected = whole_files([batch_dir], fmt)
    assert expected[2] == 3  # the invalid value and two duplicate ids
    assert in_pieces([batch_dir], fmt, jobs=2, size=8) == expected


def test_shipped_catalog_in_workers(tmp_path):
    out, errors, failed = in_pieces([catalog_dir()], "jsonl", jobs=2, size=5)
    assert (out, errors, failed) == whole_files([catalog_dir()], "jsonl")
    assert failed == 0 and len(out.splitlines()) >= 40


def test_a_cut_inside_a_quoted_scalar_rereads_the_file(tmp_path):
    items = _catalog_items(12)
    text = _dump(items[:5]) + ('- id: tricky\n  description: "first line\n- not an item"\n'
                               '  facts: {active_ingredients: [cell], manipulations: [expansion]}\n') + _dump(items[5:])
    assert yaml.safe_load(text)[5]["description"] == "first line - not an item"
    path = tmp_path / "tricky.yaml"
    path.write_text(text, encoding="utf-8")
    for jobs in (1, 2):
        result = in_pieces([path], "jsonl", jobs=jobs, size=3)
        assert result == whole_files([path], "jsonl")
        assert [json.loads(line)["id"] for line in result[0].splitlines()][5] == "tricky"


def test_a_syntax_error_late_in_a_cut_file_keeps_the_products_before_it(tmp_path):
    text = _dump(_catalog_items(9)) + "- id: broken\n  facts: {active_ingredients: [cell]\n" + _dump(_catalog_items(3, "q"))
    path = tmp_path / "late.yaml"
    path.write_text(text, encoding="utf-8")
    out, errors, failed = in_pieces([path], "jsonl", jobs=1, size=3)
    _, whole_errors, _ = whole_files([path], "jsonl")
    assert [json.loads(line).get("id") for line in out.splitlines()][:9] == [f"p{i}" for i in range(9)]
    assert failed == 1 and errors == whole_errors  # the same message, file and line
    assert "invalid YAML" in errors[0] and f"{path}:" in errors[0]


def test_a_cut_file_with_an_alias_across_pieces_is_read_whole(tmp_path):
    text = ("- id: first\n  facts: &shared {active_ingredients: [cell], manipulations: [expansion]}\n"
            + "".join(f"- id: n{i}\n  facts: *shared\n" for i in range(10)))
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    assert item_starts(text) is None
    assert in_pieces([path], "jsonl", jobs=1, size=3) == whole_files([path], "jsonl")


@pytest.mark.parametrize("text, cut", [
    ("- id: a\n- id: b\n", [0, 8]),
    ("# comment\n\n- id: a\n-\n  id: b\n", [11, 19]),
    ("- name: R&D product\n- name: Q & A\n", [0, 20]),
    ("id: a\nfacts: {}\n", None),
    ("---\n- id: a\n", None),
    ("%YAML 1.1\n---\n- id: a\n", None),
    ("- id: a\n  facts: &f {}\n- id: b\n  facts: *f\n", None),
    ("", None),
])
def test_item_starts(text, cut):
    assert item_starts(text) == cut


def test_plan_cuts_large_lists_and_shares_pieces_among_small_files(batch_dir):
    pieces = list(plan([batch_dir], size=8))
    assert all(sum(p.count for p in piece) <= 8 for piece in pieces)
    big = [part for piece in pieces for part in piece if part.source.endswith("a_big.yaml")]
    assert [part.start for part in big] == list(range(1, 61, 8)) and all(part.cut for part in big)
    assert big[0].text.startswith("# exported list")
    small = [piece for piece in pieces if len(piece) > 1]
    assert small, "small files should share a piece"


def test_cli_jobs_option_gives_the_same_output(batch_dir):
    one = runner.invoke(app, ["classify", str(batch_dir), "--format", "jsonl", "--quiet", "--jobs", "1"])
    two = runner.invoke(app, ["classify", str(batch_dir), "--format", "jsonl", "--quiet", "--jobs", "2"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert "duplicate id" in one.stderr and "cel" in one.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _progress(enabled: bool = True, stream: io.StringIO | None = None) -> tuple[Progress, list[float]]:
    now = [0.0]
    return Progress(enabled, stream if stream is not None else _Terminal(), delay=0.5, clock=lambda: now[0]), now


def test_progress_bar_on_a_terminal_for_a_long_batch(batch_dir):
    progress, now = _progress()
    writer = Writer("jsonl", "en", lambda s: None, lambda s: None, progress)
    real_add = writer.add

    def slow_add(rendered, error=None):
        now[0] += 0.125  # each product takes an eighth of a second on this clock
        real_add(rendered, error)

    writer.add = slow_add  # type: ignore[method-assign]
    classify_batch([batch_dir], writer, jobs=1, size=8)
    shown = progress.stream.getvalue()
    total = progress.count
    assert total == 60 + 25 + 1 + 1 == progress.total
    assert "\r[" in shown and shown.endswith(f"[{'#' * 30}] 100% {total}/{total} products\n")
    assert shown.startswith(f"\r[#{'-' * 29}]   4% 4/{total} products\r")  # first drawn after 0.5 s


def test_progress_is_silent_off_a_terminal_with_quiet_and_for_short_runs():
    for progress, now in (_progress(stream=io.StringIO()), _progress(enabled=False), _progress()):
        progress.expect(3)
        for _ in range(3):
            progress.step()
        progress.done()
        assert progress.stream.getvalue() == ""


def test_progress_without_a_total_counts():
    progress, now = _progress()
    now[0] = 1.0
    progress.step()
    progress.done()
    assert progress.stream.getvalue() == "\rclassified 1 products\rclassified 1 products\n"


def test_spawned_workers_load_their_own_rule_base(monkeypatch):
    """Where fork is missing (macOS, Windows) workers start fresh and load everything themselves."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert in_pieces([catalog_dir()], "jsonl", jobs=2, size=30) == whole_files([catalog_dir()], "jsonl")


def test_progress_ends_full_when_the_planned_total_was_an_overestimate():
    progress, now = _progress()
    progress.expect(10)  # e.g. nested "- " lines counted in a file read whole
    now[0] = 1.0
    for _ in range(3):
        progress.step()
    progress.done()
    assert progress.stream.getvalue().endswith(f"[{'#' * 30}] 100% 3/3 products\n")
