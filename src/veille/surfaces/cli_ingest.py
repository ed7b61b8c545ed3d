"""Commands that read and analyse articles: ingest, analyze, annotate, batch, watch, demo,
and `time` (tag one text).

Thin by design: parse options, call `veille.run`, show the result. Every command that
analyses takes `--workers` with the same default (one process per core).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from veille.ingest import ReadOptions, Skipped
from veille.ingest.clean import DEFAULT_FURNITURE, FURNITURE_MODES
from veille.ingest.templates import META_KEY as TEMPLATES_META_KEY
from veille.ingest.templates import LineMemory
from veille.model import Article
from veille.run.options import PipelineOptions
from veille.run.runner import BatchWritten, IngestSummary, RunOptions, analyze_pending, ingest
from veille.run.watch import CycleReport, WatchOptions, parse_interval, read_feed_list, watch
from veille.store import DEFAULT_DB, StoreError, redacted
from veille.surfaces.cli_common import ActorsOption, DbOption, Period, PublishedOption, \
    SharedOption, VerboseOption, WorkersOption, articles_table, err, fail, opened_store, out, \
    parse_period, progress_bar, setup_logging

commands = typer.Typer()

LanguageOption = Annotated[Optional[str], typer.Option(help="Language for all inputs (fr, en…); "
                                                            "detected when absent.")]
LimitOption = Annotated[Optional[int], typer.Option(help="Stop after N articles read.")]
FieldOption = Annotated[Optional[list[str]], typer.Option(
    help="JSONL field name, FIELD=NAME (fields: id,title,date,text,url,source).")]


def parse_fields(values: list[str] | None) -> dict[str, str]:
    """`--field text=body --field date=pubDate` → {'text': 'body', 'date': 'pubDate'}."""
    fields = {}
    for value in values or []:
        key, sep, name = value.partition("=")
        if not sep or not key or not name:
            raise typer.BadParameter(f"{value!r}: expected FIELD=NAME, e.g. text=body",
                                     param_hint="--field")
        fields[key.strip()] = name.strip()
    return fields


def _read_options(published: Period | None, language: str | None, fields: list[str] | None,
                  limit: int | None, fetch: bool = False,
                  max_chars: int = 2_000_000, follow_links: bool = False,
                  furniture: str | None = None,
                  line_memory: LineMemory | None = None) -> ReadOptions:
    mode = furniture or DEFAULT_FURNITURE
    if mode not in FURNITURE_MODES:
        raise typer.BadParameter(f"{mode!r}: expected one of {', '.join(FURNITURE_MODES)}",
                                 param_hint="--furniture")
    return ReadOptions(published=published.first if published else None,
                       published_precision=published.precision if published else "day",
                       language=language, jsonl_fields=parse_fields(fields), limit=limit,
                       fetch=fetch, max_chars=max_chars, follow_links=follow_links,
                       furniture=mode, line_memory=line_memory)


def _pipeline(actors: list[Path] | None) -> PipelineOptions:
    return PipelineOptions(actors_files=tuple(actors or ()))


@commands.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, feed URLs, or - "
                                                    "for stdin.")],
    db: DbOption = DEFAULT_DB,
    analyze: Annotated[bool, typer.Option(help="Run the analysis (NLP) on new articles.")] = True,
    limit: LimitOption = None,
    published: PublishedOption = None,
    language: LanguageOption = None,
    field: FieldOption = None,
    fetch: Annotated[bool, typer.Option(help="Fetch feed entries' pages over the network.")] = False,
    max_chars: Annotated[int, typer.Option(help="Longer documents are stored truncated, "
                                                "flagged.")] = 2_000_000,
    batch_size: Annotated[int, typer.Option(help="Articles per transaction.", min=1)] = 64,
    workers: WorkersOption = 0,
    actors: ActorsOption = None,
    shared: SharedOption = True,
    follow_links: Annotated[bool, typer.Option(
        help="Follow symbolic links out of the folders given (default: skip them).")] = False,
    furniture: Annotated[Optional[str], typer.Option(
        help="How much furniture to strike out: patterns (pattern files, repeats and the "
             "template lines the store learned; default), combined (also the line "
             "classifier's cuts that evidence backs: ~88% of furniture and ~92% of content "
             "kept on unseen outlets), classifier (every cut: ~95% / ~86%).")] = None,
    furniture_classifier: Annotated[bool, typer.Option(
        help="Same as --furniture classifier.")] = False,
    templates: Annotated[bool, typer.Option(
        help="Learn the lines many documents share (site templates) and remove them; the "
             "counts are kept in the store for later runs.")] = True,
    verbose: VerboseOption = False,
) -> None:
    """Read articles, drop duplicates, analyse them and store them (idempotent)."""
    setup_logging(verbose)
    run = RunOptions(analyze=analyze, batch_size=batch_size, workers=workers,
                     pipeline=_pipeline(actors))
    with opened_store(db, shared=shared) as store, progress_bar() as bar:
        memory = LineMemory.from_json(store.read_meta(TEMPLATES_META_KEY)) if templates else None
        read = _read_options(published, language, field, limit, fetch, max_chars, follow_links,
                             "classifier" if furniture_classifier else furniture, memory)
        task = bar.add_task("ingest", total=limit, rate="")
        written = [0]

        def tick(item: Article | Skipped) -> None:
            if isinstance(item, Skipped):
                bar.console.print(f"[yellow]skipped[/yellow] {item.origin}: {item.reason}",
                                  highlight=False)
                return
            bar.update(task, advance=1)  # the bar counts articles read…

        def committed(batch: BatchWritten) -> None:
            # …the rate counts articles written, analysis included: reading runs ahead of
            # the workers, so a rate of reads showed 197 art/s when 1.8 were analysed.
            written[0] += batch.articles
            elapsed = bar.tasks[task].elapsed or 0
            bar.update(task, rate=f"{written[0]} written, {written[0] / elapsed:.1f} art/s"
                       if elapsed > 0.5 else "")

        try:
            summary = ingest(paths, store, read=read, run=run, progress=tick, on_batch=committed)
        finally:
            if memory is not None:  # what was read counts, even when the run stopped early
                store.write_meta({TEMPLATES_META_KEY: memory.to_json()})
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


@commands.command("analyze")
def analyze_command(db: DbOption = DEFAULT_DB,
                    limit: Annotated[Optional[int], typer.Option(help="At most N.")] = None,
                    workers: WorkersOption = 0,
                    actors: ActorsOption = None,
                    shared: SharedOption = True,
                    verbose: VerboseOption = False) -> None:
    """Analyse stored articles that were ingested with --no-analyze."""
    setup_logging(verbose)
    with opened_store(db, shared=shared) as store, progress_bar() as bar:
        task = bar.add_task("analyze", total=limit, rate="")
        done = analyze_pending(store, limit=limit, workers=workers, options=_pipeline(actors),
                               progress=lambda _: bar.update(task, advance=1, rate=""))
    out.print(f"analysed {done} articles in {db}")


@commands.command("annotate")
def annotate_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    format: Annotated[str, typer.Option("--format", help="jsonl (one object per article) "
                                                         "or json (a list).")] = "jsonl",
    published: PublishedOption = None,
    language: LanguageOption = None,
    field: FieldOption = None,
    limit: LimitOption = None,
    workers: WorkersOption = 0,
    actors: ActorsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Analyse articles and print the annotate contract (no store is written)."""
    from veille.run.annotate import annotate

    setup_logging(verbose)
    if format not in ("jsonl", "json"):
        raise typer.BadParameter("--format must be jsonl or json")
    skipped: list[Skipped] = []

    def on_skip(item: Skipped) -> None:
        err.print(f"[yellow]skipped[/yellow] {item.origin}: {item.reason}", highlight=False)
        skipped.append(item)

    records = annotate(paths, _read_options(published, language, field, limit),
                       pipeline=_pipeline(actors), workers=workers, on_skip=on_skip)
    count = _write_records(records, format)
    if count == 0 and skipped:
        raise typer.Exit(1)


def _write_records(records: Iterable[dict[str, Any]], format: str) -> int:
    """Write `records` to stdout as JSON lines or as one JSON list; returns how many."""
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


@commands.command("batch")
def batch_command(
    paths: Annotated[list[str], typer.Argument(help="JSONL(.gz), WARC, folders, globs.")],
    engine: Annotated[str, typer.Option(help="dask (partitions on Dask workers, Parquet "
                                             "outputs) or local (worker processes).")
                      ] = "dask",
    scheduler: Annotated[Optional[str], typer.Option(
        help="Dask scheduler address (tcp://host:8786); a local cluster when absent.")] = None,
    output: Annotated[Path, typer.Option("--out", help="Folder for the Parquet outputs, "
                                                       "partitioned by table and date.")
                      ] = Path("veille-batch"),
    db: DbOption = DEFAULT_DB,
    workers: WorkersOption = 0,
    partition_size: Annotated[int, typer.Option(help="Articles per partition.", min=1)] = 256,
    limit: LimitOption = None,
    published: PublishedOption = None,
    language: LanguageOption = None,
    actors: ActorsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Analyse a large input in partitions and load the results into the store."""
    setup_logging(verbose)
    if engine not in ("dask", "local"):
        raise typer.BadParameter("--engine must be dask or local")
    read = _read_options(published, language, None, limit)
    pipeline = _pipeline(actors)
    with opened_store(db) as store, progress_bar() as bar:
        task = bar.add_task(f"batch ({engine}, {workers} workers)", total=limit, rate="")
        if engine == "local":
            summary = ingest(paths, store, read=read, run=RunOptions(
                workers=workers, pipeline=pipeline, batch_size=partition_size),
                progress=lambda _: bar.update(task, advance=1))
        else:
            from veille.run.dask_engine import DaskOptions, run_dask

            options = DaskOptions(out=output, scheduler=scheduler, workers=workers,
                                  partition_size=partition_size, pipeline=pipeline)
            try:
                summary = run_dask(paths, store, options, read=read,
                                   progress=lambda n: bar.update(task, advance=n))
            except OSError as exc:  # scheduler unreachable, output folder unwritable
                fail(exc)
    _print_summary(summary, db)
    if engine == "dask":
        err.print(f"Parquet outputs in {output}/<table>/date=YYYY-MM-DD/")
    if summary.stored == 0 and summary.read == 0 and summary.skipped:
        raise typer.Exit(1)


@commands.command("watch")
def watch_command(
    feeds: Annotated[Path, typer.Argument(help="Feed list: one feed URL or file path per line, "
                                               "# comments.")],
    every: Annotated[str, typer.Option(help="Time between polls: 90s, 15m, 1h, 1d.")] = "15m",
    db: DbOption = DEFAULT_DB,
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
        fail(f"cannot read feed list {feeds}: {getattr(exc, 'strerror', None) or exc}")
    if not listed:
        fail(f"{feeds} lists no feed (one URL or path per line)")
    options = WatchOptions(every=interval, max_cycles=1 if once else max_cycles,
                           analyze=analyze, fetch=fetch, timeout=timeout)
    with opened_store(db) as store:
        try:
            watch(feeds, store, options, on_cycle=_print_cycle)
        except KeyboardInterrupt:
            err.print("stopped; every cycle finished before it is stored")
        except StoreError as exc:
            fail(exc)


def _print_cycle(report: CycleReport) -> None:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    out.print(f"{stamp} UTC {report.line()}", highlight=False, soft_wrap=True)


@commands.command("demo")
def demo_command(
    db: Annotated[str, typer.Option("--db", help="Where to write the demo store (replaced).")
                  ] = "veille-demo.duckdb",
    verbose: VerboseOption = False,
) -> None:
    """Ingest the bundled example articles into a fresh store and show what veille found."""
    from veille.run.demo import example_articles_dir, run_demo
    from veille.surfaces.brief import BriefOptions, build_brief, render_brief

    setup_logging(verbose)
    path = Path(db)
    out.print(f"[bold]veille demo[/bold]: ingesting the example articles in "
              f"{example_articles_dir()}")
    try:
        demo = run_demo(path)
    except StoreError as exc:
        fail(exc)
    _print_summary(demo.summary, db)
    stats = demo.stats
    out.print(articles_table(demo.articles, title="articles"))
    out.print(f"store: {path.resolve()} — {stats['articles']} articles, {stats['mentions']} "
              f"mentions, {stats['times']} times, {stats['events']} events, "
              f"{stats['claims']} claims")
    out.print(f"next: veille articles --db {db}   ·   veille stats --db {db}")
    brief_path = path.with_name(path.stem + "-brief.md")
    with opened_store(db) as store:
        brief_path.write_text(render_brief(build_brief(store, BriefOptions(lang="fr"))),
                              encoding="utf-8")
    out.print(f"brief: {brief_path.resolve()}   ·   veille serve --db {db}  (links open there)")


@commands.command("time")
def time_command(
    text: str = typer.Argument(..., help="The text to tag."),
    published: Annotated[Optional[Period], typer.Option(
        "--date", parser=parse_period, metavar="DATE",
        help="Publication date: 2024-05-17, 2024-05 or 2024; empty if unknown.")] = None,
    language: str = typer.Option("fr", "--lang", help="A language with a time table "
                                 "(fr, en: veille.languages)."),
) -> None:
    """Tag the time expressions of one text and print them as JSON lines."""
    from veille.nlp import has_parser, load_pipeline
    from veille.time import tag_times

    nlp = load_pipeline(language)
    doc = nlp(text) if has_parser(nlp) else None
    anchor, precision = (published.first, published.precision) if published else (None, "unknown")
    for tv in tag_times(text, published=anchor, precision=precision,  # type: ignore[arg-type]
                        language=language, doc=doc):
        typer.echo(json.dumps(tv.to_dict(), ensure_ascii=False))
