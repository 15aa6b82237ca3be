"""One command for every benchmark: `python benchmarks/run.py [--quick] [--only NAME]`.

Each row is a figure next to a baseline measured in the same run on the same
machine (the machines are shared and noisy: ratios travel, seconds do not).
Synthetic catalogs are generated under benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import space_bench  # noqa: E402
from common import ATMP, IMPORT_BASELINE, peak_memory_mb, row, wall  # noqa: E402

def loader_seconds(path: Path, runs: int = 1) -> float:
    """The C loader alone reading the same input (every file of a directory, in one process)."""
    code = ("import sys, json, yaml, pathlib; p = pathlib.Path(sys.argv[1]); "
            "files = sorted(p.glob('*.yaml')) if p.is_dir() else [p]; "
            "[json.load(open(f, encoding='utf-8')) if f.suffix == '.json' "
            "else yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader) for f in files]")
    return wall([sys.executable, "-c", code, str(path)], runs)


def bench_batch(sizes: list[int]) -> list[dict]:
    """End-to-end classify against the loader alone; by default one worker per core, and
    `-j 1` (everything in one process) beside it so the gain from the cores shows."""
    rows = []
    for size in sizes:
        paths = generate.write(size, HERE / "data")
        runs = 3 if size <= 10_000 else 1  # medians where a run is short enough to repeat
        load = {kind: loader_seconds(path, runs) for kind, path in paths.items()}
        loader_name = {"yaml": "C PyYAML loader alone", "json": "C json loader alone",
                       "dir": f"C PyYAML loader alone, {generate.PER_FILE} products a file"}
        for kind, fmt, jobs in (("yaml", "jsonl", None), ("yaml", "jsonl", 1), ("json", "jsonl", None),
                                ("dir", "jsonl", None), ("yaml", "table", None)):
            extra = [] if jobs is None else ["--jobs", str(jobs)]
            e2e = wall([*ATMP, "classify", str(paths[kind]), "--format", fmt, "--quiet", *extra], runs)
            how = "one process" if jobs == 1 else "all cores"
            label = f"{size // generate.PER_FILE:,} yaml files" if kind == "dir" else kind
            rows.append(row(f"classify {size:,} products ({label}, {fmt}, {how})", e2e, load[kind],
                            loader_name[kind], "<= 2x", e2e <= 2 * load[kind]))
        if size == max(sizes):
            for jobs in (None, 1):
                extra = [] if jobs is None else ["--jobs", str(jobs)]
                mem = peak_memory_mb([*ATMP, "classify", str(paths["yaml"]), "--format", "jsonl", "--quiet",
                                      *extra])
                how = "one process" if jobs == 1 else "all processes summed"
                rows.append(row(f"peak memory, {size:,} products (yaml, jsonl, {how})", mem, 1024, "1 GB",
                                "< 1 GB", mem < 1024, unit="MB"))
    return rows


def bench_startup(runs: int = 5) -> list[dict]:
    one = wall([*ATMP, "classify", str(HERE / "one_product.yaml")], runs)
    base = wall(IMPORT_BASELINE, runs)
    return [row("classify one product", one, base, "python -c 'import clingo, typer'", "<= 3x", one <= 3 * base)]


def bench_naive(count: int = 500) -> list[dict]:
    """Products per second: a fresh clingo Control per product vs one batch."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from atmp.classify import classify_products
    from atmp.products import parse_product
    from atmp.rulebase import load_rulebase

    products = [parse_product(p, "<bench>", i) for i, p in enumerate(generate.synthetic(count, seed=11))]
    load_rulebase()
    start = time.perf_counter()
    for product in products:
        classify_products([product])
    naive = count / (time.perf_counter() - start)
    start = time.perf_counter()
    classify_products(products)
    batch = count / (time.perf_counter() - start)
    return [row(f"throughput, {count} products, batch (products/s)", batch, naive,
                "naive: a fresh clingo Control per product", "> naive", batch > naive, unit="/s")]


BENCHMARKS: dict[str, Callable[[argparse.Namespace], list[dict]]] = {
    "batch": lambda a: bench_batch([10_000] if a.quick else [10_000, 100_000]),
    "startup": lambda a: bench_startup(),
    "naive": lambda a: bench_naive(),
    "explore": lambda a: space_bench.bench_explore(),
    "check": lambda a: space_bench.bench_check(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k products only")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append")
    parser.add_argument("--json", action="store_true", help="rows as JSON")
    args = parser.parse_args()
    rows = [r for name in (args.only or BENCHMARKS) for r in BENCHMARKS[name](args)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"| benchmark | figure | baseline | ratio | target | met |\n|---|---|---|---|---|---|")
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] is not None else "-"
        print(f"| {r['name']} | {r['figure']:.2f} {r['unit']} | {r['baseline']:.2f} {r['unit']} "
              f"({r['baseline_name']}) | {ratio} | {r['target']} | {'yes' if r['met'] else 'no'} |")


if __name__ == "__main__":
    main()
