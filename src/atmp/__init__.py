"""atmp: classify advanced therapy medicinal products by China's ATMP guideline.

The guideline's criteria and priorities are clingo rules (`logic/`); this
package validates product facts, grounds them, solves, and explains.

    >>> from atmp import classify
    >>> results = classify("facts/products/")          # doctest: +SKIP
    >>> results[0].preferred, results[0].rules         # doctest: +SKIP

Imports are lazy so that `atmp --help` and one-product runs start fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["classify", "classify_products", "load_products", "Classification", "ProductError", "AtmpError"]
__version__ = "0.1.0"

_EXPORTS = {
    "classify": "atmp.classify",
    "classify_products": "atmp.classify",
    "load_products": "atmp.products",
    "Classification": "atmp.results",
    "ProductError": "atmp.products",
    "AtmpError": "atmp.errors",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'atmp' has no attribute {name!r}")
