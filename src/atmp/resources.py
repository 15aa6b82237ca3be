"""Where the shipped rule base and facts are, installed or in a source checkout.

A wheel carries `logic/` and `facts/` inside the package (`atmp/logic`,
`atmp/facts`); an editable install or a checkout finds them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from atmp.errors import AtmpError


@cache
def data_dir(name: str) -> Path:
    """The directory `name` (`logic` or `facts`), wherever this installation keeps it."""
    here = Path(__file__).resolve().parent
    for candidate in (here / name, here.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise AtmpError(f"cannot find the shipped '{name}' directory next to {here}; reinstall atmp-classifier")


def logic_dir() -> Path:
    return data_dir("logic")


def facts_dir() -> Path:
    return data_dir("facts")


def catalog_dir() -> Path:
    return facts_dir() / "products"
