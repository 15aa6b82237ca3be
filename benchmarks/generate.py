"""Synthetic catalogs for the batch benchmarks.

Each product starts from a product of the shipped catalog (so the mix of kinds
is realistic) and varies facts that real portfolios vary: manipulations,
mechanisms, intended use, notes-only flags, sometimes the carrier. Seeded, so
every run measures the same file.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atmp.vocabulary import load_vocabulary  # noqa: E402

PER_FILE = 10  # products per file in the directory-of-files variant
FORMAT = 2  # bump when the generated files change, so stale ones are not reused
FLAGS = ("human_genetic_resources", "pathogenic_microorganism", "heritable_modification",
         "replication_competent", "homologous_use")


def _templates() -> list[dict]:
    out = []
    for path in sorted((ROOT / "facts" / "products").glob("*.yaml")):
        for product in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(product["facts"])
    return out


def synthetic(count: int, seed: int = 7) -> list[dict]:
    vocab = load_vocabulary()
    rng = random.Random(seed)
    templates = _templates()
    manipulations = list(vocab.fields["manipulations"].values)
    mechanisms = list(vocab.fields["mechanisms"].values)
    products = []
    for i in range(count):
        facts = dict(rng.choice(templates))
        if rng.random() < 0.7:
            kept = [m for m in facts.get("manipulations", []) if rng.random() < 0.8]
            facts["manipulations"] = sorted(set(kept + rng.sample(manipulations, rng.randint(0, 2))))
        if rng.random() < 0.5:
            facts["mechanisms"] = sorted(rng.sample(mechanisms, rng.randint(1, 3)))
        for flag in FLAGS:
            if rng.random() < 0.2:
                facts[flag] = rng.random() < 0.5
        if rng.random() < 0.1:
            facts["intended_use"] = rng.choice(vocab.fields["intended_use"].values)
        if rng.random() < 0.05:
            facts["stem_cell_potency"] = rng.choice(vocab.fields["stem_cell_potency"].values)
        products.append({"id": f"synthetic-{i:06d}", "name": f"Synthetic product {i}", "facts": facts})
    return products


class _PlainDumper(yaml.CSafeDumper):
    """Writes shared lists out in full, as a registry export would: no anchors or aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def write(count: int, directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    products = synthetic(count)
    paths = {"yaml": directory / f"synthetic-{count}-{FORMAT}.yaml",
             "json": directory / f"synthetic-{count}-{FORMAT}.json"}
    if not paths["yaml"].exists():
        paths["yaml"].write_text(yaml.dump(products, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
    if not paths["json"].exists():
        paths["json"].write_text(json.dumps(products, ensure_ascii=False), encoding="utf-8")
    paths["dir"] = directory / f"synthetic-{count}-{FORMAT}-files"
    if not paths["dir"].exists():  # the same products as a portfolio kept one small file each
        tmp = paths["dir"].with_suffix(".tmp")
        tmp.mkdir(exist_ok=True)
        for start in range(0, count, PER_FILE):
            (tmp / f"{start // PER_FILE:05d}.yaml").write_text(
                yaml.dump(products[start:start + PER_FILE], Dumper=_PlainDumper, allow_unicode=True,
                          sort_keys=False), encoding="utf-8")
        tmp.rename(paths["dir"])
    return paths


if __name__ == "__main__":  # pragma: no cover
    for n in (int(a) for a in sys.argv[1:] or ["10000"]):
        print(write(n, Path(__file__).resolve().parent / "data"))
