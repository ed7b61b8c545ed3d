"""Core commands: ingest, analyze, annotate, articles, stats, demo.

Thin by design: parse options, call `veille.run.runner` / `veille.store`, show the result.
Errors from the core become one red line and an exit code; tracebacks only with -v.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, \
    TimeElapsedColumn
from rich.table import Table

from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.model import Article, DatePrecision, parse_partial_date
from veille.run.workers import Analyzer, chunked, default_workers
from veille.run.options import PipelineOptions
from veille.run.runner import IngestSummary, RunOptions, analyze_pending, ingest
from veille.store import DEFAULT_DB, ArticleQuery, Store, StoreError, open_store, redacted
from veille.surfaces.cli_app import app

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="Store: a DuckDB file path, or a "
                                       "postgresql:// URL.", envvar="VEILLE_DB")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")]
ActorsOption = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="Extra actor file(s) (YAML, see `veille actors add`); extend and "
                     "override the built-in knowledge base by id.", exists=True, dir_okay=False)]
SharedOption = Annotated[bool, typer.Option(
    "--shared", help="DuckDB: hold the file only while writing a batch, so other veille "
                     "processes (another ingest, `veille serve`) can use it in between.")]
WorkersOption = Annotated[int, typer.Option(help="Analysis processes (0: one per core).",
                                            min=0)]


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False, show_time=False)],
                        force=True)


def parse_published(value: str | None) -> tuple[date | None, DatePrecision]:
    """`2024-05-17`, `2024-05` or `2024` → (first day, precision); None → unknown."""
    if not value:
        return None, "unknown"
    try:
        return parse_partial_date(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def parse_fields(values: list[str] | None) -> dict[str, str]:
    """`--field text=body --field date=pubDate` → {'text': 'body', 'date': 'pubDate'}."""
    fields = {}
    for value in values or []:
        key, sep, name = value.partition("=")
        if not sep or not key or not name:
            raise typer.BadParameter(f"{value!r}: expected FIELD=NAME, e.g. text=body")
        fields[key.strip()] = name.strip()
    return fields


@contextmanager
def opened_store(db: str, *, read_only: bool = False,
                 shared: bool | None = None) -> Iterator[Store]:
    try:
        store = open_store(db, read_only=read_only, shared=shared)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2)
    try:
        yield store
    finally:
        store.close()


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(), console=err, transient=False)


def _read_options(published: str | None, language: str | None, fields: list[str] | None,
                  limit: int | None, fetch: bool, max_chars: int) -> ReadOptions:
    day, precision = parse_published(published)
    return ReadOptions(published=day, published_precision=precision if day else "day",
                       language=language, jsonl_fields=parse_fields(fields), limit=limit,
                       fetch=fetch, max_chars=max_chars)


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, feed URLs, or - "
                                                    "for stdin.")],
    db: DbOption = DEFAULT_DB,
    analyze: Annotated[bool, typer.Option(help="Run the analysis (NLP) on new articles.")] = True,
    limit: Annotated[Optional[int], typer.Option(help="Stop after N articles read.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date for all inputs "
                                                          "(YYYY-MM-DD, YYYY-MM or YYYY).")] = None,
    language: Annotated[Optional[str], typer.Option(help="Language for all inputs (fr, en…); "
                                                         "detected when absent.")] = None,
    field: Annotated[Optional[list[str]], typer.Option(help="JSONL field name, FIELD=NAME "
                                                            "(fields: id,title,date,text,url,"
                                                            "source).")] = None,
    fetch: Annotated[bool, typer.Option(help="Fetch feed entries' pages over the network.")] = False,
    max_chars: Annotated[int, typer.Option(help="Longer documents are stored truncated, "
                                                "flagged.")] = 2_000_000,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 64,
    workers: WorkersOption = 0,
    actors: ActorsOption = None,
    shared: SharedOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Read articles, drop duplicates, analyse them and store them (idempotent)."""
    setup_logging(verbose)
    read = _read_options(published, language, field, limit, fetch, max_chars)
    run = RunOptions(analyze=analyze, batch_size=batch_size,
                     workers=workers or default_workers(),
                     pipeline=PipelineOptions(actors_files=tuple(actors or ())))
    with opened_store(db, shared=shared or None) as store, _progress() as bar:
        task = bar.add_task("ingest", total=limit, rate="")
        seen = [0]

        def tick(item: Article | Skipped) -> None:
            if isinstance(item, Skipped):
                bar.console.print(f"[yellow]skipped[/yellow] {item.origin}: {item.reason}",
                                  highlight=False)
                return
            seen[0] += 1
            elapsed = bar.tasks[task].elapsed or 0
            bar.update(task, advance=1,
                       rate=f"{seen[0] / elapsed:.0f} art/s" if elapsed > 0.5 else "")

        summary = ingest(paths, store, read=read, run=run, progress=tick)
    _print_summary(summary, db)
    if summary.stored == 0 and summary.read == 0 and summary.skipped:
        raise typer.Exit(1)


def _print_summary(s: IngestSummary, db: str) -> None:
    db = redacted(db)
    head = "[yellow]interrupted[/yellow] — " if s.interrupted else ""
    out.print(f"{head}read {s.read}, stored {s.stored} new into {db} "
              f"(analysed {s.analyzed}); already stored {s.already_stored}; "
              f"duplicates: {s.exact_duplicates} exact, {s.near_duplicates} near; "
              f"skipped {len(s.skipped)}", highlight=False)
    for reason, count in s.skip_reasons.most_common():
        out.print(f"  skipped {count} × {reason}", highlight=False)


@app.command("analyze")
def analyze_command(db: DbOption = DEFAULT_DB,
                    limit: Annotated[Optional[int], typer.Option(help="At most N.")] = None,
                    workers: WorkersOption = 0,
                    actors: ActorsOption = None,
                    shared: SharedOption = False,
                    verbose: VerboseOption = False) -> None:
    """Analyse stored articles that were ingested with --no-analyze."""
    setup_logging(verbose)
    with opened_store(db, shared=shared or None) as store, _progress() as bar:
        task = bar.add_task("analyze", total=limit, rate="")
        done = analyze_pending(store, limit=limit, workers=workers or default_workers(),
                               options=PipelineOptions(actors_files=tuple(actors or ())),
                               progress=lambda _: bar.update(task, advance=1, rate=""))
    out.print(f"analysed {done} articles in {db}")


@app.command("annotate")
def annotate_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    format: Annotated[str, typer.Option("--format", help="jsonl (one object per article) "
                                                         "or json (a list).")] = "jsonl",
    published: Annotated[Optional[str], typer.Option(help="Publication date for all "
                                                          "inputs.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Language for all inputs.")] = None,
    field: Annotated[Optional[list[str]], typer.Option(help="JSONL field, FIELD=NAME.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Stop after N articles.")] = None,
    workers: Annotated[int, typer.Option(help="Analysis processes.", min=1)] = 1,
    actors: ActorsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Analyse articles and print the annotate contract (no store is written)."""
    setup_logging(verbose)
    if format not in ("jsonl", "json"):
        raise typer.BadParameter("--format must be jsonl or json")
    read = _read_options(published, language, field, limit, False, 2_000_000)
    skipped: list[Skipped] = []

    def articles() -> Iterator[Article]:
        for item in iter_articles(paths, read):
            if isinstance(item, Skipped):
                err.print(f"[yellow]skipped[/yellow] {item.origin}: {item.reason}",
                          highlight=False)
                skipped.append(item)
            else:
                yield item

    options = PipelineOptions(actors_files=tuple(actors or ()))
    with Analyzer(options, workers=workers) as analyzer:
        batches = analyzer.map(chunked(articles(), 16))
        count = _write_records((a.to_dict() for batch in batches for a in batch), format)
    if count == 0 and skipped:
        raise typer.Exit(1)


def _write_records(records: Iterator[dict], format: str) -> int:
    count = 0
    if format == "json":
        sys.stdout.write("[")
    for record in records:
        line = json.dumps(record, ensure_ascii=False, default=str)
        sys.stdout.write(("," if count and format == "json" else "") + line + "\n")
        count += 1
    if format == "json":
        sys.stdout.write("]\n")
    sys.stdout.flush()
    return count


@app.command("articles")
def articles_command(
    db: DbOption = DEFAULT_DB,
    search: Annotated[Optional[str], typer.Option(help="Text to find in title or body.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Only this language.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this source.")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="From date.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="To date.")] = None,
    duplicates: Annotated[bool, typer.Option(help="Include duplicates.")] = False,
    limit: int = 50,
    offset: int = 0,
    format: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    show: Annotated[Optional[str], typer.Option(help="Print one article's full record "
                                                     "(by id).")] = None,
) -> None:
    """List or search stored articles."""
    with opened_store(db, read_only=True) as store:
        if show:
            record = store.analysis_record(show)
            if record is None:
                err.print(f"[red]error:[/red] no article {show} in {db}")
                raise typer.Exit(1)
            out.print_json(json.dumps(record, ensure_ascii=False, default=str))
            return
        query = ArticleQuery(search=search, language=language, source=source,
                             date_from=parse_published(date_from)[0],
                             date_to=parse_published(date_to)[0],
                             include_duplicates=duplicates, limit=limit, offset=offset)
        rows = store.articles(query)
    if format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return
    out.print(articles_table(rows, title=f"{len(rows)} articles", with_ids=True))


@app.command("stats")
def stats_command(db: DbOption = DEFAULT_DB,
                  format: Annotated[str, typer.Option("--format", help="table or json.")] = "table"
                  ) -> None:
    """Counts of what the store holds."""
    with opened_store(db, read_only=True) as store:
        stats = store.stats()
    if format == "json":
        print(json.dumps(stats, ensure_ascii=False, default=str))
        return
    table = Table("what", "count", title=f"store {redacted(db)}")
    for key, value in stats.items():
        shown = ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) \
            else str(value)
        table.add_row(key.replace("_", " "), shown)
    out.print(table)


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
        table.add_row(*cells, *([r["id"][:12]] if with_ids else []))
    return table


def example_articles_dir() -> Path:
    """The example articles shipped in the package for `veille demo`."""
    return Path(str(resources.files("veille.data").joinpath("examples")))


@app.command("demo")
def demo_command(
    db: Annotated[str, typer.Option("--db", help="Where to write the demo store (replaced).")
                  ] = "veille-demo.duckdb",
    verbose: VerboseOption = False,
) -> None:
    """Ingest the bundled example articles into a fresh store and show what veille found."""
    setup_logging(verbose)
    path = Path(db)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    examples = example_articles_dir()
    out.print(f"[bold]veille demo[/bold]: ingesting the example articles in {examples}")
    with opened_store(db) as store:
        summary = ingest([str(p) for p in sorted(examples.glob("*.txt"))], store,
                         run=RunOptions(workers=1))
        _print_summary(summary, db)
        rows = store.articles(ArticleQuery(limit=100, include_duplicates=True))
        stats = store.stats()
    out.print(articles_table(rows, title="articles"))
    out.print(f"store: {path.resolve()} — {stats['articles']} articles, {stats['mentions']} "
              f"mentions, {stats['times']} times, {stats['events']} events, "
              f"{stats['claims']} claims")
    out.print(f"next: veille articles --db {db}   ·   veille stats --db {db}")
    from veille.surfaces.cli_surfaces import write_brief  # late: cli_surfaces imports this module

    brief_path = path.with_name(path.stem + "-brief.md")
    with opened_store(db) as store:
        write_brief(store, lang="fr", out_path=brief_path)
    out.print(f"brief: {brief_path.resolve()}   ·   veille serve --db {db}  (links open there)")
