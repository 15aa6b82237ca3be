"""Timing helpers shared by the benchmark modules."""

from __future__ import annotations

import os
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


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), in KB.

    Forked workers share pages with their parent, so the sum overstates the
    true footprint a little: a conservative figure.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def peak_memory_mb(command: list[str], interval: float = 0.05) -> float:
    """Peak of the summed resident memory of the command's process tree, sampled."""
    if not os.path.isdir("/proc"):  # pragma: no cover - not Linux: the largest single process
        probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
                 "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
        out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True)
        return int(out.stdout.strip()) / 1024
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss_kb(process.pid))
        time.sleep(interval)
    return peak / 1024
