"""What every `veille` command module shares: consoles, logging, option types, the store
opener, errors turned into one red line, and the one parser for dates typed on the
command line.

Kept apart from the command modules so that none of them imports another: each command
module imports this one (and the core), `cli_app` imports the command modules. This
module imports no command module.
"""

from __future__ import annotations

import calendar
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, \
    TimeElapsedColumn
from rich.table import Table

from veille.model import DatePrecision, parse_partial_date
from veille.run.workers import default_workers
from veille.store import Store, StoreError, open_store, shared_by_default

#: Results go to standard output; progress, notes, warnings and errors to standard error,
#: so that `veille … --format jsonl > file` stays clean.
out = Console()
err = Console(stderr=True)


# --- dates: one parser, one message ---------------------------------------------------

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"


@dataclass(frozen=True, slots=True)
class Period:
    """A date as typed: its first and last day and how precise it was (`2024-05` is May)."""

    first: date
    last: date
    precision: DatePrecision


def parse_period(value: str | None) -> Period | None:
    """The one parser for dates typed on the command line: `YYYY-MM-DD`, `YYYY-MM` or
    `YYYY` (empty: none). Every date option goes through it, so every command accepts the
    same forms and refuses the rest with the same message."""
    if value is None or not value.strip():
        return None
    try:
        first, precision = parse_partial_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    if precision == "year":
        last = date(first.year, 12, 31)
    elif precision == "month":
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    else:
        last = first
    return Period(first, last, precision)


def first_day(value: str | None) -> date | None:
    """A `--from` date: the first day of the period typed (`2024-05` → 2024-05-01)."""
    period = parse_period(value)
    return period.first if period else None


def last_day(value: str | None) -> date | None:
    """A `--to`/`--end` date: the last day of the period typed (`2024-05` → 2024-05-31),
    so that `--from 2024-05 --to 2024-05` means the whole of May."""
    period = parse_period(value)
    return period.last if period else None


FromOption = Annotated[Optional[date], typer.Option(
    "--from", parser=first_day, metavar="DATE",
    help=f"First day ({DATE_FORMS}; a month or year starts on its first day).")]
ToOption = Annotated[Optional[date], typer.Option(
    "--to", parser=last_day, metavar="DATE",
    help=f"Last day ({DATE_FORMS}; a month or year runs to its last day).")]
PublishedOption = Annotated[Optional[Period], typer.Option(
    "--published", parser=parse_period, metavar="DATE",
    help=f"Publication date for all inputs ({DATE_FORMS}).")]


# --- the other shared options -----------------------------------------------------------

def _workers(value: int) -> int:
    """0 → one worker per core: the one default of every command that analyses."""
    return value or default_workers()


DbOption = Annotated[str, typer.Option("--db", help="Store: a DuckDB file path, or a "
                                       "postgresql:// URL.", envvar="VEILLE_DB")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")]
ActorsOption = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="Extra actor file(s) (YAML, see `veille actors add`); extend and "
                     "override the built-in knowledge base by id.", exists=True, dir_okay=False)]
SharedOption = Annotated[bool, typer.Option(
    "--shared/--exclusive", envvar="VEILLE_SHARED_STORE",
    help="DuckDB: hold the file only while a batch is written or a request answered "
         "(the default), so `veille serve`, the read commands and another ingest use it in "
         "between; --exclusive holds it all along and locks the others out.")]
WorkersOption = Annotated[int, typer.Option(help="Analysis processes (0: one per core).",
                                            min=0, callback=_workers)]


# --- logging, errors, the store ---------------------------------------------------------

def setup_logging(verbose: bool) -> None:
    """Library code logs through `logging`; the CLI shows it on stderr (INFO with -v)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
                        force=True)


def fail(message: object, code: int = 2) -> NoReturn:
    """Print one red `error:` line on stderr and exit with `code` (2: cannot start,
    1: ran but found nothing / something wrong)."""
    err.print(f"[red]error:[/red] {escape(str(message))}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def opened_store(db: str, *, read_only: bool = False,
                 shared: bool | None = None) -> Iterator[Store]:
    """The store named by `--db`, closed on the way out; a store that cannot be opened is
    one error line and exit code 2, never a traceback.

    A DuckDB file is opened shared unless `shared` is False or VEILLE_SHARED_STORE=0:
    each command holds it only while it reads a page or writes a batch, so a running
    `veille serve` or ingest never locks the other commands out (issue #22 item 4)."""
    try:
        store = open_store(db, read_only=read_only,
                           shared=shared_by_default(True) if shared is None else shared)
    except StoreError as exc:
        fail(exc)
    try:
        yield store
    finally:
        store.close()


# --- shared displays --------------------------------------------------------------------

def progress_bar() -> Progress:
    """The progress bar of long runs, on stderr."""
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(), console=err, transient=False)


def articles_table(rows: list[dict], *, title: str, with_ids: bool = False) -> Table:
    """Stored articles as a table that stays readable in an 80-column terminal."""
    table = Table(title=title, caption="M·T·E·C: actor mentions, times, events, claims")
    table.add_column("date", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", ratio=1)
    table.add_column("M·T·E·C", no_wrap=True, justify="right")
    if with_ids:
        table.add_column("id", no_wrap=True)
    for r in rows:
        day = str(r["published"] or "?")
        day = {"month": day[:7], "year": day[:4]}.get(r["date_precision"], day)
        source = f"[dim]{r['source']}[/dim] " if r["source"] else ""
        dup = " [dim](duplicate)[/dim]" if r["duplicate_of"] else ""
        counts = f"{r['mentions']}·{r['times']}·{r['events']}·{r['claims']}"
        cells = [day, r["language"] or "?", f"{source}{(r['title'] or '')[:80]}{dup}", counts]
        table.add_row(*cells, *([r["id"][:SHORT_ID]] if with_ids else []))
    return table


#: Characters of an article id that listings print; `veille articles --show` takes them.
SHORT_ID = 12
