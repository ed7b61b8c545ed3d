"""`veille eval claims GOLD.jsonl` (score claim extraction against a hand-made gold) and
`veille contested` (link contradictions across stored articles)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from veille.store import DEFAULT_DB
from veille.surfaces.cli_app import app, eval_app

_ROWS: tuple[tuple[str, str], ...] = (
    ("gold_claims", "gold claims"), ("predicted_claims", "predicted claims"), ("matched", "matched"),
    ("precision", "precision"), ("recall", "recall"), ("f1", "detection F1"),
    ("content_overlap_f1", "content overlap F1"), ("speaker_overlap_f1", "speaker overlap F1"),
    ("speaker_accuracy", "speaker accuracy"), ("speaker_kind_accuracy", "speaker-actor kind accuracy"),
    ("speaker_country_accuracy", "speaker country accuracy"), ("sourcing_accuracy", "sourcing-class accuracy"),
    ("relay_accuracy", "relay accuracy"),
)


@eval_app.command("claims")
def eval_claims(
    gold: Path = typer.Argument(..., help="Gold JSONL (document and claim records, see veille.eval.claims)."),
    split: str = typer.Option("all", help="Split to show: dev, heldout or all (scores are computed for each)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list missed, spurious and wrong claims."),
    with_actors: bool = typer.Option(False, "--with-actors", help="Pass the actors resolver's mentions in."),
) -> None:
    """Claim detection F1, speaker and content overlap, speaker-actor and sourcing accuracy."""
    from veille.eval.claims import GoldError, evaluate_claims, load_gold, spacy_extractor

    try:
        docs = load_gold(gold)
    except (OSError, GoldError) as err:
        typer.echo(f"error: cannot read gold {gold}: {err}", err=True)
        raise typer.Exit(2) from err
    result = evaluate_claims(docs, extract=spacy_extractor(with_actors=with_actors), with_errors=errors)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    splits = [s for s in result if s != "errors" and (split == "all" or s == split)]
    table = Table(title=f"claims vs {gold.name}")
    table.add_column("metric")
    for name in splits:
        table.add_column(name, justify="right")
    for key, label in _ROWS:
        table.add_row(label, *[str(result[s].get(key)) for s in splits])
    console = Console()
    console.print(table)
    if errors:
        console.print_json(json.dumps(result["errors"], ensure_ascii=False))


@app.command("contested")
def contested_command(
    db: Annotated[str, typer.Option("--db", help="Store: a DuckDB file path, or a "
                                    "postgresql:// URL.", envvar="VEILLE_DB")] = DEFAULT_DB,
    date_from: Annotated[Optional[str], typer.Option("--from", help="From date.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="To date.")] = None,
) -> None:
    """Link contested claims across stored articles (within one article it is automatic)."""
    from veille.claims.stored import MAX_ARTICLES, link_contested_across
    from veille.surfaces.cli_core import opened_store, parse_published

    with opened_store(db) as store:
        report = link_contested_across(store, date_from=parse_published(date_from)[0],
                                       date_to=parse_published(date_to)[0])
    typer.echo(f"{report.links} cross-article contested pairs among {report.claims} claims "
               f"of {report.articles} articles")
    if report.truncated:
        typer.echo(f"only the newest {MAX_ARTICLES} articles were read: narrow --from/--to",
                   err=True)
