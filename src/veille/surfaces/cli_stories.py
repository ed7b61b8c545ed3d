"""Story commands: `stories`, `timeline`, `escalation`, `eval timeline`.

Thin: parse options, call `veille.stories` / `veille.eval.timeline`, print. Errors from
the core become one red line and an exit code.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from veille.store import DEFAULT_DB
from veille.surfaces.cli_app import app, eval_app
from veille.surfaces.cli_core import DbOption, VerboseOption, err, opened_store, out, \
    setup_logging

if TYPE_CHECKING:
    from veille.stories.cluster import StoryUpdate

FORMATS_TIMELINE = ("text", "json", "markdown")


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name} {value!r}: expected YYYY-MM-DD") from None


def _window_days(value: str) -> int:
    """'30d', '30' → 30; '4w' → 28."""
    text = value.strip().lower()
    unit = {"d": 1, "w": 7}.get(text[-1:], None)
    number = text[:-1] if unit else text
    if not number.isdigit() or int(number) < 1:
        raise typer.BadParameter(f"--window {value!r}: expected days like 30d or weeks like 4w")
    return int(number) * (unit or 1)


def _actor_list(values: list[str] | None) -> tuple[str, ...]:
    return tuple(a.strip().upper() for v in values or [] for a in v.split(",") if a.strip())


@app.command("stories")
def stories_command(
    db: DbOption = DEFAULT_DB,
    rebuild: Annotated[bool, typer.Option(help="Re-cluster every stored article from scratch "
                                               "(default: assign only the new ones).")] = False,
    min_size: Annotated[int, typer.Option(help="Hide stories with fewer articles.")] = 1,
    limit: Annotated[int, typer.Option(help="At most N stories.")] = 30,
    events: Annotated[bool, typer.Option("--events", help="List merged events (deduplicated "
                                                          "across articles) instead.")] = False,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    verbose: VerboseOption = False,
) -> None:
    """Group new articles into stories (online, in date order) and list the stories."""
    from veille.stories.cluster import build_stories, list_stories, update_stories
    from veille.stories.eventdedup import merge_events, store_event_clusters
    from veille.stories.events_rows import load_event_rows

    setup_logging(verbose)
    with opened_store(db) as store:
        if events:
            clusters = merge_events(load_event_rows(store))
            store_event_clusters(store, clusters)
            items = [c.to_dict() for c in clusters if len(c.mentions) >= min_size][:limit]
            return _print_events(items, format)
        if rebuild:
            built = build_stories(store)
            note = f"re-clustered {sum(len(s.articles) for s in built)} articles into " \
                   f"{len(built)} stories"
        else:
            note = _update_note(update_stories(store))
        items = list_stories(store, min_size=min_size, limit=limit)
    if format == "json":
        out.print_json(json.dumps(items, default=str, ensure_ascii=False))
        return
    err.print(f"[dim]{note}[/dim]", highlight=False)
    table = Table("story", "dates", "size", "sources", "label")
    for s in items:
        table.add_row(s["id"], f"{s['first_date']} → {s['last_date']}", str(s["size"]),
                      str(s["sources"]), s["label"] or "")
    out.print(table)


def _update_note(update: StoryUpdate) -> str:
    """What this call assigned, in one line (on stderr, above the text listing)."""
    done = "re-clustered" if update.rebuilt else "assigned"
    note = (f"{done} {update.articles} new articles: {update.opened} new stories, "
            f"{update.extended} extended")
    return note + (f"; {update.waiting} articles wait for `veille analyze`"
                   if update.waiting else "")


def _print_events(items: list[dict], format: str) -> None:
    if format == "json":
        out.print_json(json.dumps(items, default=str, ensure_ascii=False))
        return
    table = Table("event", "date", "type", "dyad", "mentions", "articles", "sources")
    for e in items:
        table.add_row(e["id"], e["date"] or "?", e["type"],
                      f"{e['source_actor'] or '?'} → {e['target_actor'] or '?'}",
                      str(len(e["mentions"])), str(e["num_articles"]), str(e["num_sources"]))
    out.print(table)


@app.command("timeline")
def timeline_command(
    db: DbOption = DEFAULT_DB,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(help="Actor id (repeat or comma-"
                                                            "separate).")] = None,
    story: Annotated[Optional[str], typer.Option(help="Story id (see `veille stories`).")] = None,
    date_from: Annotated[Optional[str], typer.Option("--from", help="First day.")] = None,
    date_to: Annotated[Optional[str], typer.Option("--to", help="Last day.")] = None,
    max_dates: Annotated[int, typer.Option(help="Dates to keep.", min=1)] = 10,
    per_date: Annotated[int, typer.Option(help="Sentences per date.", min=1)] = 2,
    format: Annotated[str, typer.Option("--format", help="text, json or markdown.")] = "text",
    verbose: VerboseOption = False,
) -> None:
    """The most important dates and, for each, the sentences that best tell it."""
    from veille.stories.timeline import TimelineQuery, build_timeline

    setup_logging(verbose)
    if format not in FORMATS_TIMELINE:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS_TIMELINE)}")
    q = TimelineQuery(query=query, actors=_actor_list(actor), story=story,
                      date_from=_day(date_from, "--from"), date_to=_day(date_to, "--to"),
                      max_dates=max_dates, per_date=per_date)
    with opened_store(db) as store:
        entries = build_timeline(store, q)
    if format == "json":
        sys.stdout.write(json.dumps([e.to_dict() for e in entries], ensure_ascii=False,
                                    indent=2) + "\n")
        return
    for e in entries:
        if format == "markdown":
            out.print(f"## {e.date.isoformat()}\n", markup=False, highlight=False)
            for s in e.summary:
                out.print(f"- {s}", markup=False, highlight=False)
            links = [src.get("url") or src.get("title") or src["article_id"] for src in e.sources]
            out.print("\nSources: " + "; ".join(links) + "\n", markup=False, highlight=False)
        else:
            out.print(f"[bold]{e.date.isoformat()}[/bold]")
            for s in e.summary:
                out.print(f"  • {s}", markup=False, highlight=False)
    if not entries:
        err.print("[yellow]no dated sentence matched[/yellow]")


@app.command("escalation")
def escalation_command(
    actors: Annotated[str, typer.Option(help="Actor ids, comma-separated (e.g. USA,IRN).")],
    db: DbOption = DEFAULT_DB,
    window: Annotated[str, typer.Option(help="Series length: 30d, 8w…")] = "30d",
    end: Annotated[Optional[str], typer.Option(help="Last day (default: last event).")] = None,
    format: Annotated[str, typer.Option("--format", help="json, csv or text.")] = "text",
    verbose: VerboseOption = False,
) -> None:
    """Daily conflict/cooperation series for a dyad or group, its trend and alerts."""
    from veille.stories.escalation import escalation_from_store

    setup_logging(verbose)
    if format not in ("json", "csv", "text"):
        raise typer.BadParameter("--format must be json, csv or text")
    ids = _actor_list([actors])
    if not ids:
        raise typer.BadParameter("--actors: give at least one actor id")
    with opened_store(db) as store:
        report = escalation_from_store(store, ids, end=_day(end, "--end"),
                                       window_days=_window_days(window))
    if format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        rows = [p.to_dict() for p in report.series]
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        _print_escalation(report)
    if not report.series:
        err.print(f"[yellow]no event between {', '.join(ids)} in {db}[/yellow]")


def _print_escalation(report) -> None:
    out.print(f"[bold]{' – '.join(report.actors)}[/bold] {report.start} → {report.end}: "
              f"{report.trend} (slope {report.slope:+.4f}/day)")
    for alert in report.alerts:
        out.print(f"[red]alert[/red] {alert.message}", highlight=False)
    table = Table("date", "v.coop", "m.coop", "v.conf", "m.conf", "volume", "net conflict")
    for p in report.series:
        if p.volume:
            c = p.counts
            table.add_row(p.day.isoformat(), str(c["verbal_cooperation"]),
                          str(c["material_cooperation"]), str(c["verbal_conflict"]),
                          str(c["material_conflict"]), str(p.volume), f"{p.net_conflict:+.2f}")
    out.print(table)


@eval_app.command("timeline")
def eval_timeline_command(
    reference: Annotated[Path, typer.Argument(help="Reference timeline (CL-TLS format).")],
    db: Annotated[Optional[str], typer.Option("--db", help="Store holding the documents.")] = None,
    docs: Annotated[Optional[Path], typer.Option(help="CL-TLS docs folder (YYYY-MM-DD/*.txt), "
                                                      "ingested into --db or a temporary "
                                                      "store.")] = None,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    max_dates: Annotated[Optional[int], typer.Option(help="Dates (default: as many as the "
                                                          "reference).")] = None,
    per_date: Annotated[Optional[int], typer.Option(help="Sentences per date (default: the "
                                                         "reference's mean).")] = None,
    stopwords: Annotated[bool, typer.Option(help="Drop stop words before ROUGE (tilse's "
                                                 "default).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print scores and timeline as "
                                                         "JSON.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """Score a generated timeline against a human one: date F1, alignment ROUGE-1/2."""
    from veille.eval.timeline import evaluate_timeline

    setup_logging(verbose)
    if db is None and docs is None:
        raise typer.BadParameter("give --db (a store with the documents) or --docs")
    with tempfile.TemporaryDirectory() as tmp:
        target = db or str(Path(tmp) / "eval.duckdb")
        with opened_store(target) as store:
            try:
                result = evaluate_timeline(store, reference, docs=docs, query=query,
                                           max_dates=max_dates, per_date=per_date,
                                           stopwords=stopwords)
            except (OSError, ValueError) as exc:
                err.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    table = Table("metric", "precision", "recall", "F1")
    for name, prf in result["scores"].items():
        table.add_row(name, f"{prf['precision']:.4f}", f"{prf['recall']:.4f}", f"{prf['f1']:.4f}")
    out.print(f"{result['dates']} dates × {result['per_date']} sentences; "
              f"{result['articles']} articles; tokens: "
              f"{'stop words dropped' if stopwords else 'all words'}", highlight=False)
    out.print(table)
