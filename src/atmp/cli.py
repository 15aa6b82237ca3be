"""The `atmp` command line: parse options, call the library, render.

Exit codes: 0 success; 1 a product or rule base is invalid or a check failed
(everything else is still reported); 2 usage error.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Callable, List, Optional, TypeVar

import typer

from atmp.errors import AtmpError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Classify advanced therapy medicinal products (ATMPs) by China's ATMP guideline, "
                       "every step cited to the guideline's lines.")

T = TypeVar("T")


class Format(str, Enum):
    table = "table"
    json = "json"
    yaml = "yaml"


class BatchFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


_state = {"debug": False}

FormatOpt = typer.Option(Format.table, "--format", "-f", help="Output format.")
LangOpt = typer.Option(Lang.en, "--lang", "-l", help="Language of labels and texts.")
RulesOpt = typer.Option(None, "--rules", help="Load this rule base directory instead of the shipped logic/.",
                        exists=True, file_okay=False, dir_okay=True)
PathsArg = typer.Argument(..., help="Product YAML files or directories.", exists=True)


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors.")) -> None:
    _state["debug"] = debug


def _guard(fn: Callable[[], T]) -> T:
    """Run fn; a user-facing error becomes one line on stderr and exit code 1."""
    try:
        return fn()
    except AtmpError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None


def _emit(text: str) -> None:
    typer.echo(text)


def _report_errors(results: list) -> bool:
    from atmp.products import ProductError

    errors = [r for r in results if isinstance(r, ProductError)]
    for err in errors:
        typer.echo(f"error: {err}", err=True)
    return bool(errors)


def _load(paths: List[Path], rules: Optional[Path], trace: str = "facts"):
    from atmp.classify import classify_products
    from atmp.products import load_products
    from atmp.rulebase import load_rulebase

    rulebase = load_rulebase(rules)
    products = load_products(paths)
    return rulebase, products, classify_products(products, rulebase, trace=trace)


@app.command()
def classify(paths: List[Path] = PathsArg,
             fmt: BatchFormat = typer.Option(BatchFormat.table, "--format", "-f",
                                             help="Output format; jsonl is one JSON object per line."),
             lang: Lang = LangOpt, rules: Optional[Path] = RulesOpt,
             quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar on stderr."),
             jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1,
                                                help="Worker processes (default: one per core when the input holds "
                                                     "more than one piece of 1,000 products; 1 keeps "
                                                     "everything in this process).")) -> None:
    """Classify products: every candidate category, the preferred one, and why."""
    from atmp.batch import classify_batch
    from atmp.stream import Progress, Writer

    def on_error(text: str) -> None:
        typer.echo(f"error: {text}", err=True)

    writer = Writer(fmt.value, lang.value, sys.stdout.write, on_error, Progress(not quiet))
    failed = _guard(lambda: classify_batch(paths, writer, rules, jobs))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def explain(path: Path = typer.Argument(..., help="A product YAML file.", exists=True),
            product_id: Optional[str] = typer.Option(None, "--id", help="Which product of the file to explain."),
            fmt: Format = FormatOpt, lang: Lang = LangOpt, rules: Optional[Path] = RulesOpt) -> None:
    """The reasoning for a product as a tree: each step with its rule, lines and quoted text."""
    from atmp.explain import Explainer, render_tree
    from atmp.render import dump
    from atmp.results import Classification
    from atmp.vocabulary import load_vocabulary

    rulebase, _, results = _guard(lambda: _load([path], rules, trace="full"))
    if product_id is not None:
        results = [r for r in results if r.id == product_id]
        if not results:
            typer.echo(f"error: {path}: no product with id {product_id!r}", err=True)
            raise typer.Exit(1)
    explainer = Explainer(rulebase.metadata, load_vocabulary(), lang.value)
    trees = [explainer.tree(r) for r in results if isinstance(r, Classification)]
    if fmt == Format.table:
        _emit("\n\n".join(render_tree(tree) for tree in trees))
    else:
        _emit(dump([tree.data() for tree in trees], fmt.value))
    if _report_errors(results):
        raise typer.Exit(1)


@app.command()
def explore(path: Path = typer.Argument(..., help="Product YAML file(s) with `unknown` facts.", exists=True),
            product_id: Optional[str] = typer.Option(None, "--id", help="Which product of the file to explore."),
            ask_: bool = typer.Option(False, "--ask", help="Ask the deciding questions one at a time."),
            save: Optional[Path] = typer.Option(None, "--save", help="With --ask: write the completed product here."),
            fmt: Format = FormatOpt, lang: Lang = LangOpt, rules: Optional[Path] = RulesOpt) -> None:
    """Every possible outcome of products with unknown facts, and the questions that decide it."""
    from atmp.explore import explore_product, product_document
    from atmp.explore_view import exploration_data, exploration_text
    from atmp.products import Product, load_products
    from atmp.render import dump
    from atmp.rulebase import load_rulebase
    from atmp.vocabulary import load_vocabulary

    rulebase = _guard(lambda: load_rulebase(rules))
    vocabulary = load_vocabulary()
    items = load_products([path])
    if product_id is not None:
        items = [p for p in items if p.id == product_id]
        if not items:
            typer.echo(f"error: {path}: no product with id {product_id!r}", err=True)
            raise typer.Exit(1)
    failed = _report_errors(items)
    products = [p for p in items if isinstance(p, Product)]
    if ask_:
        from atmp.ask import ask

        if len(products) != 1:
            typer.echo("error: --ask explores one product: choose it with --id", err=True)
            raise typer.Exit(2)
        completed, _ = _guard(lambda: ask(products[0], rulebase, vocabulary, rulebase.metadata, lang.value,
                                          prompt=lambda text: typer.prompt(text, default="", show_default=False),
                                          say=typer.echo))
        if save is not None:
            save.write_text(dump(product_document(completed), "yaml") + "\n", encoding="utf-8")
            typer.echo(f"{t_(lang, 'saved')} {save}")
        raise typer.Exit(1 if failed else 0)
    explorations = _guard(lambda: [explore_product(p, rulebase, vocabulary) for p in products])
    if fmt == Format.table:
        _emit("\n\n".join(exploration_text(e, rulebase.metadata, vocabulary, lang.value) for e in explorations))
    else:
        _emit(dump([exploration_data(e) for e in explorations], fmt.value))
    if failed:
        raise typer.Exit(1)


def t_(lang: Lang, key: str) -> str:
    from atmp.i18n import t

    return t(key, lang.value)


@app.command("test")
def test_cmd(paths: Optional[List[Path]] = typer.Argument(None, help="Product files or directories "
                                                          "(default: the shipped catalog).", exists=True),
             fmt: Format = FormatOpt, lang: Lang = LangOpt, rules: Optional[Path] = RulesOpt) -> None:
    """Check products' `expect` blocks against their classification."""
    from atmp.expect import run_expectations
    from atmp.render import dump, expectation_data, expectation_table
    from atmp.resources import catalog_dir

    _, products, results = _guard(lambda: _load(paths or [catalog_dir()], rules))
    outcomes = run_expectations(products, results)
    if fmt == Format.table:
        _emit(expectation_table(outcomes, lang.value))
    else:
        _emit(dump([expectation_data(o) for o in outcomes], fmt.value))
    if any(o.status in ("fail", "error") for o in outcomes):
        raise typer.Exit(1)


@app.command("check")
def check_cmd(rules: Optional[Path] = RulesOpt,
              catalog: Optional[List[Path]] = typer.Option(None, "--catalog", exists=True,
                                                          help="Products whose expectations must hold "
                                                               "(default: the shipped catalog)."),
              fmt: Format = FormatOpt, lang: Lang = LangOpt) -> None:
    """Consistency of a rule base over the whole vocabulary space, with minimal example products."""
    from atmp.check import check
    from atmp.check_view import findings_table
    from atmp.render import dump
    from atmp.resources import catalog_dir

    findings = _guard(lambda: check(rules, catalog or [catalog_dir()]))
    if fmt == Format.table:
        _emit(findings_table(findings, lang.value))
    else:
        errors = sum(f.severity == "error" for f in findings)
        _emit(dump({"rules": str(rules or "shipped"), "errors": errors, "warnings": len(findings) - errors,
                    "findings": [f.data() for f in findings]}, fmt.value))
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)


@app.command("diff")
def diff_cmd(old_rules: Path = typer.Argument(..., help="The old rule base directory.", exists=True,
                                             file_okay=False),
             new_rules: Path = typer.Argument(..., help="The new rule base directory.", exists=True,
                                             file_okay=False),
             catalog: Optional[List[Path]] = typer.Option(None, "--catalog", exists=True,
                                                         help="Products to compare (default: the shipped catalog)."),
             fmt: Format = FormatOpt, lang: Lang = LangOpt) -> None:
    """What changes between two rule bases: over the catalog and over the whole vocabulary space."""
    from atmp.check_view import diff_table
    from atmp.diff import diff, diff_data
    from atmp.render import dump
    from atmp.resources import catalog_dir

    result = _guard(lambda: diff(old_rules, new_rules, catalog or [catalog_dir()]))
    if fmt == Format.table:
        _emit(diff_table(result, lang.value))
    else:
        _emit(dump(diff_data(result), fmt.value))


@app.command()
def vocab(field: Optional[str] = typer.Argument(None, help="Show one field only."),
          fmt: Format = FormatOpt, lang: Lang = LangOpt) -> None:
    """The input vocabulary: fields, kinds, values, defaults, help and guideline lines."""
    from atmp.reference import vocabulary_data, vocabulary_table
    from atmp.render import dump
    from atmp.vocabulary import load_vocabulary

    vocabulary = _guard(load_vocabulary)
    names = list(vocabulary.fields)
    if field is not None:
        if field not in vocabulary.fields:
            typer.echo(f"error: unknown field {field!r}; fields: {', '.join(names)}", err=True)
            raise typer.Exit(2)
        names = [field]
    if fmt == Format.table:
        _emit(vocabulary_table(vocabulary, names, lang.value))
    else:
        _emit(dump(vocabulary_data(vocabulary, names, lang.value), fmt.value))


@app.command()
def rules(rule_id: Optional[str] = typer.Argument(None, help="Show one rule only (e.g. C5)."),
          fmt: Format = FormatOpt, lang: Lang = LangOpt, rules_dir: Optional[Path] = RulesOpt) -> None:
    """Every rule id with its guideline lines, quoted text and summary."""
    from atmp.reference import rules_data, rules_table
    from atmp.render import dump
    from atmp.rulebase import load_rulebase

    rulebase = _guard(lambda: load_rulebase(rules_dir))
    infos = list(rulebase.metadata.rules.values())
    if rule_id is not None:
        infos = [i for i in infos if i.id == rule_id.upper()]
        if not infos:
            typer.echo(f"error: unknown rule id {rule_id!r}", err=True)
            raise typer.Exit(2)
    if fmt == Format.table:
        _emit(rules_table(infos, rulebase.sites(), lang.value))
    else:
        _emit(dump(rules_data(infos, rulebase.sites(), lang.value), fmt.value))


@app.command()
def schema(fmt: Format = typer.Option(Format.json, "--format", "-f", help="Output format (json or yaml)."),
           lang: Lang = LangOpt) -> None:
    """The JSON Schema of the product file format, derived from the vocabulary."""
    from atmp.render import dump
    from atmp.schema import product_schema
    from atmp.vocabulary import load_vocabulary

    data = product_schema(_guard(load_vocabulary), lang.value)
    _emit(dump(data, "yaml" if fmt == Format.yaml else "json"))


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
