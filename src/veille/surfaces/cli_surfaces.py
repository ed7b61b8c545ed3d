"""Surface commands: `veille serve` (API + dashboard), `veille brief`, `veille export events`."""

from __future__ import annotations

import ipaddress
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from veille.store import DEFAULT_DB, StoreError
from veille.surfaces.cli_app import app
from veille.surfaces.cli_core import DbOption, VerboseOption, err, opened_store, out, setup_logging

export_app = typer.Typer(help="Export what veille found.", no_args_is_help=True)
app.add_typer(export_app, name="export")


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{option}: {value!r} is not a day (YYYY-MM-DD)") from None


def is_loopback(host: str) -> bool:
    """True for localhost / 127.0.0.0/8 / ::1 — the hosts nobody else can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    verbose: VerboseOption = False,
) -> None:
    """Serve the REST API (schema at /openapi.json) and the dashboard (/ui/) over the store."""
    import uvicorn

    from veille.surfaces.api import create_app

    setup_logging(verbose)
    token = os.environ.get("VEILLE_API_TOKEN")
    if not is_loopback(host) and not token:
        err.print(f"[yellow]warning:[/yellow] serving on {host} without VEILLE_API_TOKEN: "
                  "anyone who can reach it reads the store (writes stay refused)")
    try:
        application = create_app(db, token=token)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    out.print(f"veille: dashboard http://{host}:{port}/ui/ · OpenAPI schema "
              f"http://{host}:{port}/openapi.json")
    uvicorn.run(application, host=host, port=port, log_level="info" if verbose else "warning")


def write_brief(store, *, query: str | None = None, story: str | None = None,
                actors: tuple[str, ...] = (), date_from: date | None = None,
                date_to: date | None = None, lang: str = "fr", format: str = "markdown",
                out_path: Path | None = None, base_url: str = "http://127.0.0.1:8000") -> str:
    """Build and render the brief; write it to `out_path` when given; return the text."""
    from veille.surfaces.brief import BriefOptions, build_brief, render_brief

    opts = BriefOptions(query=query, story=story, actors=actors, date_from=date_from,
                        date_to=date_to, lang=lang, base_url=base_url)
    text = render_brief(build_brief(store, opts), format=format)
    if out_path is not None:
        out_path.write_text(text, encoding="utf-8")
    return text


@app.command("brief")
def brief_command(
    db: DbOption = DEFAULT_DB,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    story: Annotated[Optional[str], typer.Option(help="Story id (see `veille stories`).")] = None,
    actors: Annotated[Optional[str], typer.Option(help="Actor ids, comma-separated.")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="First day.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Last day.")] = None,
    lang: Annotated[str, typer.Option(help="fr or en.")] = "fr",
    format: Annotated[str, typer.Option("--format", help="markdown or html.")] = "markdown",
    output: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write "
                                                   "(default: standard output).")] = None,
    base_url: Annotated[str, typer.Option(help="Where `veille serve` runs, for the links.")
                        ] = "http://127.0.0.1:8000",
    verbose: VerboseOption = False,
) -> None:
    """Write the analyst's brief: actors, key dates, contested claims, sourcing, escalation."""
    setup_logging(verbose)
    if lang not in ("fr", "en") or format not in ("markdown", "html"):
        raise typer.BadParameter("--lang is fr or en; --format is markdown or html")
    ids = tuple(a.strip() for a in (actors or "").split(",") if a.strip())
    with opened_store(db) as store:
        text = write_brief(store, query=query, story=story, actors=ids,
                           date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"),
                           lang=lang, format=format, out_path=output, base_url=base_url)
    if output is None:
        sys.stdout.write(text)
    else:
        out.print(f"brief written to {output.resolve()}")


@export_app.command("events")
def export_events_command(
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", help="csv, parquet, jsonl or plover.")
                      ] = "csv",
    output: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write "
                                                   "(needed for parquet).")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Events as a GDELT-like table (date, actors, type, CAMEO root, quad class, counts,
    place, URL) or as PLOVER JSON records."""
    from veille.export import FORMATS, export_events

    setup_logging(verbose)
    if format not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if format == "parquet" and output is None:
        raise typer.BadParameter("--format parquet needs --out FILE")
    with opened_store(db, read_only=True) as store:
        n = export_events(store, output if output is not None else sys.stdout, format=format)
    err.print(f"{n} events exported" + (f" to {output.resolve()}" if output else ""))
