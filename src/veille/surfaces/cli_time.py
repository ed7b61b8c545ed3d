"""`veille eval time GOLD.tsv` (tagger vs dateparser) and `veille time TEXT` (tag one text)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from veille.surfaces.cli_app import app, eval_app


@eval_app.command("time")
def eval_time(
    gold: Path = typer.Argument(..., help="Gold TSV: split, doc, anchor, expression, value, "
                                          "type, text (see veille.eval.time)."),
    no_dateparser: bool = typer.Option(False, "--no-dateparser",
                                       help="Skip the dateparser baseline (faster)."),
    no_parse: bool = typer.Option(False, "--no-parse",
                                  help="Do not parse French texts with spaCy (tense from cue "
                                       "words only)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    errors: bool = typer.Option(False, "--errors", help="Also list the rows veille got wrong."),
) -> None:
    """Detection recall and exact-value accuracy per split, veille beside dateparser."""
    from veille.eval.time import evaluate, load_gold

    try:
        rows = load_gold(gold)
    except (OSError, ValueError) as err:
        typer.echo(f"error: cannot read gold {gold}: {err}", err=True)
        raise typer.Exit(2) from err
    report = evaluate(rows, with_dateparser=not no_dateparser, use_docs=not no_parse)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(title=f"time expressions vs {gold.name}")
    for column in ("split", "n", "veille recall", "veille accuracy",
                   "dateparser recall", "dateparser accuracy"):
        table.add_column(column, justify="left" if column == "split" else "right")
    for split in sorted(report.veille, key=lambda name: name == "all"):
        score, base = report.veille[split], report.dateparser.get(split)
        table.add_row(split, str(score.n), f"{score.recall:.3f}", f"{score.accuracy:.3f}",
                      f"{base.recall:.3f}" if base else "-",
                      f"{base.accuracy:.3f}" if base else "-")
    console = Console()
    console.print(table)
    if errors:
        for row in report.errors:
            console.print(f"[{row['split']}] {row['expression']!r} gold={row['gold']} "
                          f"got={row['got']} anchor={row['anchor']}")


@app.command("time")
def time_command(
    text: str = typer.Argument(..., help="The text to tag."),
    published: str = typer.Option("", "--date", help="Publication date: 2024-05-17, 2024-05 "
                                                     "or 2024; empty if unknown."),
    language: str = typer.Option("fr", "--lang", help="fr or en."),
) -> None:
    """Tag the time expressions of one text and print them as JSON lines."""
    from veille.eval.time import parse_anchor
    from veille.time import tag_times

    try:
        anchor, precision = parse_anchor(published)
    except (ValueError, KeyError) as err:
        raise typer.BadParameter(f"--date must be YYYY-MM-DD, YYYY-MM or YYYY: {err}") from None
    from veille.nlp import has_parser, load_pipeline

    nlp = load_pipeline(language)
    doc = nlp(text) if has_parser(nlp) else None
    for tv in tag_times(text, published=anchor, precision=precision,  # type: ignore[arg-type]
                        language=language, doc=doc):
        typer.echo(json.dumps(tv.to_dict(), ensure_ascii=False))
