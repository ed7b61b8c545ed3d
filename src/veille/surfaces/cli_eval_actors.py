"""`veille eval actors GOLD.tsv`: actor-mention precision/recall and country/kind accuracy."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from veille.surfaces.cli_app import eval_app

DEFAULT_DOCS_ROOT = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def _print_errors(console: Console, score) -> None:
    for g in score.misses:
        console.print(f"[red]miss[/] {g.doc} {g.mention!r} gold={g.country}/{g.kind}")
    for doc, p in score.spurious:
        console.print(f"[yellow]extra[/] {doc} {p.text!r} got={p.country}/{p.kind} ({p.actor_id})")
    for g, p in score.wrong:
        console.print(f"[magenta]wrong[/] {g.doc} {g.mention!r} gold={g.country}/{g.kind} "
                      f"got={p.country}/{p.kind} ({p.actor_id})")


@eval_app.command("actors")
def eval_actors(
    gold: Path = typer.Argument(..., help="Gold TSV: doc, char_start, char_end, mention, country, "
                                          "kind[, split] (see veille.eval.actors)."),
    docs_root: Path = typer.Option(DEFAULT_DOCS_ROOT, "--docs-root",
                                   help="Folder the gold's document keys point into."),
    split: list[str] = typer.Option([], "--split", help="Score only these splits (repeatable)."),
    language: str = typer.Option("fr", "--lang", help="Language of the documents."),
    actors: list[Path] = typer.Option([], "--actors", help="Extra KB files (YAML)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: bool = typer.Option(False, "--errors", help="List misses, extras and wrong labels."),
) -> None:
    """Score resolved actor mentions against a gold file, split by split."""
    from veille.eval.actors import GoldError, evaluate, load_gold, pipeline_resolver

    if not docs_root.is_dir():
        typer.echo(f"skipped: documents folder {docs_root} not found (give --docs-root)", err=True)
        raise typer.Exit(0)
    try:
        scores = evaluate(load_gold(gold), docs_root, pipeline_resolver(language, actors), split)
    except (OSError, GoldError) as err:
        typer.echo(f"error: {err}", err=True)
        raise typer.Exit(2) from err
    if as_json:
        typer.echo(json.dumps({k: s.as_dict() for k, s in scores.items()}, indent=2))
        return
    table = Table(title=f"actor mentions vs {gold.name}")
    columns = ("split", "gold", "predicted", "matched", "precision", "recall", "f1",
               "exact span", "country acc.", "kind acc.")
    for column in columns:
        table.add_column(column, justify="left" if column == "split" else "right")
    for name, s in scores.items():
        table.add_row(name, str(s.gold), str(s.predicted), str(s.matched), f"{s.precision:.3f}",
                      f"{s.recall:.3f}", f"{s.f1:.3f}", str(s.exact), f"{s.country_accuracy:.3f}",
                      f"{s.kind_accuracy:.3f}")
    console = Console()
    console.print(table)
    if errors:
        _print_errors(console, scores["all"])
