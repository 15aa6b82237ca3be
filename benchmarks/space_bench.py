"""Benchmarks of the solver-heavy commands: `explore` and `check`.

Each figure is the median wall time of the real command in a fresh process,
next to a baseline measured in the same run: starting Python and importing
clingo and typer, the floor of any `atmp` command.
"""

from __future__ import annotations

from pathlib import Path

from common import ATMP, IMPORT_BASELINE, row, wall

HERE = Path(__file__).resolve().parent


def bench_explore(runs: int = 3) -> list[dict]:
    """Issue 3: all-unknown nucleic acid explored in under 2 s."""
    figure = wall([*ATMP, "explore", str(HERE / "nucleic_acid_unknown.yaml"), "--format", "json"], runs)
    base = wall(IMPORT_BASELINE, runs)
    return [row("explore, nucleic acid with 23 unknown fields", figure, base, "python -c 'import clingo, typer'",
                "< 2 s", figure < 2.0)]


def bench_check(runs: int = 3) -> list[dict]:
    """Issue 4: a full check of the shipped rules in under 10 s."""
    figure = wall([*ATMP, "check", "--format", "json"], runs)
    base = wall(IMPORT_BASELINE, runs)
    return [row("check, shipped rules + catalog", figure, base, "python -c 'import clingo, typer'",
                "< 10 s", figure < 10.0)]


if __name__ == "__main__":  # pragma: no cover - `python benchmarks/space_bench.py`
    for row in bench_explore() + bench_check():
        print(f"{row['name']}: {row['figure']:.2f} s vs {row['baseline']:.2f} s baseline "
              f"({row['figure'] / row['baseline']:.1f}x); target {row['target']}: {'met' if row['met'] else 'NOT met'}")
