"""`veille watch FEEDS.txt`: poll RSS/Atom feeds on a schedule and ingest what is new.

Thin: parse options, call `veille.run.watch.watch`, print one line per cycle.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from veille.store import DEFAULT_DB, StoreError
from veille.surfaces.cli_app import app
from veille.surfaces.cli_core import VerboseOption, err, opened_store, out, setup_logging
from veille.run.watch import CycleReport, WatchOptions, parse_interval, read_feed_list, watch

WatchDbOption = Annotated[str, typer.Option("--db", help="Store: a DuckDB file path or a "
                                            "postgresql://user@host/dbname URL.",
                                            envvar="VEILLE_DB")]


@app.command("watch")
def watch_command(
    feeds: Annotated[Path, typer.Argument(help="Feed list: one feed URL or file path per line, "
                                               "# comments.")],
    every: Annotated[str, typer.Option(help="Time between polls: 90s, 15m, 1h, 1d.")] = "15m",
    db: WatchDbOption = DEFAULT_DB,
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit.")] = False,
    max_cycles: Annotated[Optional[int], typer.Option(min=1, help="Stop after N cycles.")] = None,
    analyze: Annotated[bool, typer.Option(help="Run the analysis (NLP) on new articles.")] = True,
    fetch: Annotated[bool, typer.Option(help="Download each new entry's page instead of "
                                             "using the feed's summary.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds before a feed counts as down.")] = 10.0,
    verbose: VerboseOption = False,
) -> None:
    """Poll feeds (conditional GET), ingest and analyse new entries, log one line per cycle."""
    setup_logging(verbose)
    try:
        interval = parse_interval(every)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--every") from None
    try:
        listed = read_feed_list(feeds)
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]error:[/red] cannot read feed list {feeds}: "
                  f"{getattr(exc, 'strerror', None) or exc}")
        raise typer.Exit(2)
    if not listed:
        err.print(f"[red]error:[/red] {feeds} lists no feed (one URL or path per line)")
        raise typer.Exit(2)
    options = WatchOptions(every=interval, max_cycles=1 if once else max_cycles,
                           analyze=analyze, fetch=fetch, timeout=timeout)
    with opened_store(db) as store:
        try:
            watch(feeds, store, options, on_cycle=_print_cycle)
        except KeyboardInterrupt:
            err.print("stopped; every cycle finished before it is stored")
        except StoreError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(2)


def _print_cycle(report: CycleReport) -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    out.print(f"{stamp} UTC {report.line()}", highlight=False, soft_wrap=True)
