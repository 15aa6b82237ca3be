"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

ATMP = [sys.executable, "-m", "atmp.cli"]
IMPORT_BASELINE = [sys.executable, "-c", "import clingo, typer"]


def wall(command: list[str], runs: int = 1) -> float:
    """Median wall time of a command in a fresh process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(name: str, figure: float, baseline: float, baseline_name: str, target: str, met: bool,
        unit: str = "s") -> dict:
    return {"name": name, "figure": figure, "baseline": baseline, "baseline_name": baseline_name,
            "unit": unit, "ratio": figure / baseline if baseline else None, "target": target, "met": met}
