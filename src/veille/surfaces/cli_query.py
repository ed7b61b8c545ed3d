"""Commands that read the store: articles, events, stats, check, stories, timeline,
escalation, contested, brief, and `export events`.

Thin: parse options, call `veille.store` / `veille.stories` / `veille.claims` /
`veille.surfaces.brief` / `veille.export`, print. Dates go through `cli_common`'s one
parser; a store that cannot be opened is one red line and exit code 2.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.table import Table

from veille.store import DEFAULT_DB, ArticleQuery, redacted
from veille.surfaces.cli_common import DATE_FORMS, DbOption, FromOption, ToOption, \
    VerboseOption, articles_table, err, fail, last_day, opened_store, out, setup_logging

if TYPE_CHECKING:
    from veille.stories.camps import Camps
    from veille.stories.escalation import EscalationReport
    from veille.stories.refresh import Rebuilt
    from veille.stories.cluster import StoryUpdate

commands = typer.Typer()
export_app = typer.Typer(help="Export what veille found.", no_args_is_help=True)

FORMATS_TIMELINE = ("text", "json", "markdown")


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


def _print_json(items: object) -> None:
    out.print_json(json.dumps(items, default=str, ensure_ascii=False))


@commands.command("articles")
def articles_command(
    db: DbOption = DEFAULT_DB,
    search: Annotated[Optional[str], typer.Option(help="Text to find in title or body.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Only this language.")] = None,
    source: Annotated[Optional[str], typer.Option(help="Only this source.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    duplicates: Annotated[bool, typer.Option(help="Include duplicates.")] = False,
    limit: int = 50,
    offset: int = 0,
    format: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    show: Annotated[Optional[str], typer.Option(help="Print one article's full record (by id, "
                                                     "or the short id the listing prints).")
                    ] = None,
    removed: Annotated[bool, typer.Option(
        "--removed", help="With --show: print the lines cleaning removed, by reason, "
                          "instead of the record.")] = False,
    undated: Annotated[bool, typer.Option(
        "--undated", help="List the articles kept without a publication date (left out of "
                          "timelines and escalation), with the date clues they carry.")] = False,
) -> None:
    """List or search stored articles."""
    with opened_store(db, read_only=True) as store:
        if undated:
            _print_undated(store, limit, offset, format)
            return
        if show:
            ids = store.article_ids(show)
            if not ids:
                fail(f"no article {show} in {redacted(db)}", 1)
            if len(ids) > 1:
                fail(f"{show} is the start of several article ids ({', '.join(ids)}…): "
                     "give more characters", 1)
            record = store.analysis_record(ids[0])
            if removed:  # the article row's quality holds them too (ingested with --no-analyze)
                quality = (record or {}).get("quality") or next(iter(json.loads(r["quality"] or "{}")
                    for r in store.rows("SELECT quality FROM articles WHERE id = ?", [ids[0]])), {})
                _print_removed(quality)
            else:
                _print_json(record)
            return
        if removed:
            fail("--removed goes with --show ID", 2)
        query = ArticleQuery(search=search, language=language, source=source,
                             date_from=date_from, date_to=date_to,
                             include_duplicates=duplicates, limit=limit, offset=offset)
        rows = store.articles(query)
    if format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return
    out.print(articles_table(rows, title=f"{len(rows)} articles", with_ids=True))


@commands.command("events")
def events_command(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[Optional[str], typer.Option(help="Only events with this actor id.")] = None,
    type: Annotated[Optional[str], typer.Option("--type", help="Only this PLOVER type.")
                    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    limit: int = 50,
    offset: int = 0,
    format: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """List stored events with their date as the text gave it: value and TIMEX3 mod
    ("2010" END for "fin 2010", the article's day ON_OR_BEFORE when the text named none)."""
    from veille.surfaces.api.queries import Filters, Page, list_events

    filters = Filters(actor=actor.upper() if actor else None, type=type,
                      date_from=date_from, date_to=date_to)
    with opened_store(db, read_only=True) as store:
        page = list_events(store, filters, Page(limit=limit, offset=offset))
    if format == "jsonl":
        for row in page["items"]:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table("day", "date", "mod", "type", "source", "target", "sentence",
                  title=f"{len(page['items'])} of {page['total']} events")
    for r in page["items"]:
        table.add_row(r["day"] or "", r["date_value"] or "", r["date_mod"] or "", r["type"],
                      r["source_actor"] or r["source_text"] or "",
                      r["target_actor"] or r["target_text"] or "",
                      (r["sentence"] or "")[:80])
    out.print(table)


def _print_undated(store, limit: int, offset: int, format: str) -> None:
    """Articles stored without a publication date: counted, then listed with their clues."""
    total = store.rows("SELECT count(*) AS n FROM articles WHERE published IS NULL "
                       "AND duplicate_of IS NULL")[0]["n"]
    rows = store.rows("SELECT id, source, title, origin, quality FROM articles "
                      "WHERE published IS NULL AND duplicate_of IS NULL "
                      "ORDER BY origin, id LIMIT ? OFFSET ?", [limit, offset])
    for row in rows:
        quality = json.loads(row.pop("quality") or "{}")
        row["clues"] = {k: v for k, v in quality.items()
                        if k.startswith("date_") and k not in ("date_precision", "date_origin")
                        and v is not None}
    if format == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table("id", "source", "title", "origin", "date clues",
                  title=f"{total} articles without a publication date")
    for row in rows:
        table.add_row(row["id"][:12], row["source"] or "", (row["title"] or "")[:60],
                      row["origin"] or "", ", ".join(f"{k}: {v}" for k, v in row["clues"].items()))
    out.print(table)


def _print_removed(quality: dict) -> None:
    """The lines cleaning removed from one article, grouped by reason (`clean.REASONS`)."""
    grouped = quality.get("boilerplate_lines") or {}
    if not grouped:
        out.print(f"{quality.get('boilerplate_removed', 0)} lines removed"
                  + ("" if not quality.get("boilerplate_removed") else
                     " (ingested before removed lines were kept)"), highlight=False)
        return
    for reason, lines in grouped.items():
        out.print(f"[bold]{reason}[/bold] ({len(lines)})", highlight=False)
        for line in lines:
            out.print(f"  {line}", highlight=False, markup=False)


@commands.command("stats")
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


@commands.command("check")
def check_command(db: DbOption = DEFAULT_DB) -> None:
    """Check the store's integrity: orphan rows, articles half written, broken duplicate links."""
    from veille.store.integrity import check_store

    with opened_store(db, read_only=True) as store:
        report = check_store(store)
    where = redacted(db)
    if report.ok:
        out.print(f"[green]ok[/green] {where}: {report.articles} articles, "
                  f"{report.checks} checks passed", highlight=False)
        return
    table = Table("check", "rows", "meaning", "examples")
    for f in report.findings:
        table.add_row(f.name, str(f.count), f.meaning, ", ".join(f.examples))
    out.print(table)
    out.print(f"[red]{len(report.findings)} check(s) failed[/red] on {where} "
              f"({report.articles} articles)", highlight=False)
    raise typer.Exit(1)


@commands.command("stories")
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
    from veille.stories.refresh import refresh_merged_events, refresh_stories

    setup_logging(verbose)
    with opened_store(db) as store:
        if events:
            return _print_events(refresh_merged_events(store, min_size=min_size, limit=limit),
                                 format)
        listing = refresh_stories(store, rebuild=rebuild, min_size=min_size, limit=limit)
    if format == "json":
        return _print_json(listing.stories)
    err.print(f"[dim]{_change_note(listing.change)}[/dim]", highlight=False)
    table = Table("story", "dates", "size", "sources", "label")
    for s in listing.stories:
        table.add_row(s["id"], f"{s['first_date']} → {s['last_date']}", str(s["size"]),
                      str(s["sources"]), s["label"] or "")
    out.print(table)


def _change_note(change: StoryUpdate | Rebuilt) -> str:
    """What this call assigned, in one line (on stderr, above the text listing)."""
    from veille.stories.refresh import Rebuilt

    if isinstance(change, Rebuilt):
        return f"re-clustered {change.articles} articles into {change.stories} stories"
    done = "re-clustered" if change.rebuilt else "assigned"
    note = (f"{done} {change.articles} new articles: {change.opened} new stories, "
            f"{change.extended} extended")
    return note + (f"; {change.waiting} articles wait for `veille analyze`"
                   if change.waiting else "")


def _print_events(items: list[dict], format: str) -> None:
    if format == "json":
        return _print_json(items)
    table = Table("event", "date", "type", "dyad", "mentions", "articles", "sources")
    for e in items:
        table.add_row(e["id"], e["date"] or "?", e["type"],
                      f"{e['source_actor'] or '?'} → {e['target_actor'] or '?'}",
                      str(len(e["mentions"])), str(e["num_articles"]), str(e["num_sources"]))
    out.print(table)


LeftOutLangOption = Annotated[str, typer.Option(
    "--lang", help="Language of the line saying what was left out for lack of a date "
                   "(the brief's labels: fr, en).")]


@commands.command("timeline")
def timeline_command(
    db: DbOption = DEFAULT_DB,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    actor: Annotated[Optional[list[str]], typer.Option(help="Actor id (repeat or comma-"
                                                            "separate).")] = None,
    story: Annotated[Optional[str], typer.Option(help="Story id (see `veille stories`).")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    max_dates: Annotated[int, typer.Option(help="Dates to keep.", min=1)] = 10,
    per_date: Annotated[int, typer.Option(help="Sentences per date.", min=1)] = 2,
    format: Annotated[str, typer.Option("--format", help="text, json or markdown.")] = "text",
    lang: LeftOutLangOption = "en",
    verbose: VerboseOption = False,
) -> None:
    """The most important dates and, for each, the sentences that best tell it."""
    from veille.stories.timeline import TimelineQuery, timeline_and_left_out

    setup_logging(verbose)
    if format not in FORMATS_TIMELINE:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS_TIMELINE)}")
    q = TimelineQuery(query=query, actors=_actor_list(actor), story=story,
                      date_from=date_from, date_to=date_to,
                      max_dates=max_dates, per_date=per_date)
    with opened_store(db) as store:
        entries, left_out = timeline_and_left_out(store, q)
    note = _left_out_note(lang, left_out.to_dict())
    if format == "json":
        sys.stdout.write(json.dumps([e.to_dict() for e in entries], ensure_ascii=False,
                                    indent=2) + "\n")
        if note:
            err.print(note, markup=False, highlight=False)
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
    if note:
        out.print(("\n" if format == "markdown" else "") + note, markup=False, highlight=False)
    if not entries:
        err.print("[yellow]no dated sentence matched[/yellow]")


def _left_out_note(lang: str, left_out: dict[str, int]) -> str:
    """What a view left out for lack of a date, in the brief's words for `lang`."""
    from veille.surfaces.brief.render import left_out_line
    from veille.surfaces.brief.words import labels

    words = labels()
    if lang not in words:
        raise typer.BadParameter(f"{lang!r}: expected one of {', '.join(sorted(words))}",
                                 param_hint="--lang")
    return left_out_line(words[lang], left_out)


@commands.command("escalation")
def escalation_command(
    actors: Annotated[Optional[str], typer.Option(
        help="Actor or camp ids, comma-separated (e.g. USA,IRN); each stands for its camp. "
             "Default: the two sides with the most events between them.")] = None,
    db: DbOption = DEFAULT_DB,
    window: Annotated[Optional[str], typer.Option(
        help="Series length (30d, 8w…); default: from the sides' first event to their last.")] = None,
    end: Annotated[Optional[date], typer.Option(
        parser=last_day, metavar="DATE",
        help=f"Last day ({DATE_FORMS}; default: last event).")] = None,
    camps: Annotated[Optional[list[Path]], typer.Option(
        "--camps", help="A camps YAML adding or replacing sides (see stories/data/camps.yaml).")] = None,
    format: Annotated[str, typer.Option("--format", help="json, csv or text.")] = "text",
    lang: LeftOutLangOption = "en",
    verbose: VerboseOption = False,
) -> None:
    """Conflict/cooperation series between two sides (camps), its peaks, trend and alerts."""
    from veille.stories.camps import load_camps
    from veille.stories.escalation import escalation_from_store

    setup_logging(verbose)
    if format not in ("json", "csv", "text"):
        raise typer.BadParameter("--format must be json, csv or text")
    ids = _actor_list([actors] if actors else [])
    sides = load_camps(camps or [])
    with opened_store(db) as store:
        report = escalation_from_store(store, ids, end=end, camps=sides,
                                       window_days=_window_days(window) if window else None)
    if format == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        rows = [{**p.to_dict(), "events": " ".join(p.events)} for p in report.series]
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    else:
        _print_escalation(report, sides)
    note = _left_out_note(lang, report.left_out.to_dict())
    if note:
        (out if format == "text" else err).print(note, markup=False, highlight=False)
    if not report.series:
        err.print(f"[yellow]no event between {', '.join(ids) or 'any two sides'} in {db}[/yellow]")


def _print_escalation(report: EscalationReport, camps: Camps) -> None:
    from veille.stories.escalation import NOT_ENOUGH

    names = " – ".join(f"{camps.name(s)} ({s})" for s in report.sides)
    unit = {1: "day", 7: "week"}.get(report.bucket_days, f"{report.bucket_days} days")
    out.print(f"[bold]{names}[/bold] {report.start} → {report.end}, {report.events} events, "
              f"one point a {unit}: {report.trend}"
              + (f" (fewer than {report.to_dict()['min_events']})" if report.trend == NOT_ENOUGH else "")
              + (f" (slope {report.slope:+.4f}/point)" if report.slope else ""), highlight=False)
    for alert in report.alerts:
        out.print(f"[red]alert[/red] {alert.message}", highlight=False)
    for peak in report.peaks:
        out.print(f"peak {peak.to_dict()['date']} → {peak.to_dict()['to']}: conflict "
                  f"{peak.conflict:.1f} from {len(peak.events)} events ({', '.join(peak.events[:3])}"
                  f"{', …' if len(peak.events) > 3 else ''})", highlight=False, markup=False)
    table = Table("from", "v.coop", "m.coop", "v.conf", "m.conf", "volume", "net conflict", "events")
    for p in report.series:
        if p.volume:
            c = p.counts
            table.add_row(p.day.isoformat(), str(c["verbal_cooperation"]),
                          str(c["material_cooperation"]), str(c["verbal_conflict"]),
                          str(c["material_conflict"]), str(p.volume), f"{p.net_conflict:+.2f}",
                          str(len(p.events)))
    out.print(table)


@commands.command("contested")
def contested_command(db: DbOption = DEFAULT_DB, date_from: FromOption = None,
                      date_to: ToOption = None) -> None:
    """Link contested claims across stored articles (within one article it is automatic)."""
    from veille.claims.stored import MAX_ARTICLES, link_contested_across

    with opened_store(db) as store:
        report = link_contested_across(store, date_from=date_from, date_to=date_to)
    typer.echo(f"{report.links} cross-article contested pairs among {report.claims} claims "
               f"of {report.articles} articles")
    if report.truncated:
        typer.echo(f"only the newest {MAX_ARTICLES} articles were read: narrow --from/--to",
                   err=True)


@commands.command("brief")
def brief_command(
    db: DbOption = DEFAULT_DB,
    query: Annotated[Optional[str], typer.Option(help="Keep articles naming these words.")] = None,
    story: Annotated[Optional[str], typer.Option(help="Story id (see `veille stories`).")] = None,
    actors: Annotated[Optional[str], typer.Option(help="Actor ids, comma-separated.")] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    lang: Annotated[str, typer.Option(help="A language the brief has labels for "
                                            "(fr, en: veille.languages).")] = "fr",
    format: Annotated[str, typer.Option("--format", help="markdown or html.")] = "markdown",
    output: Annotated[Optional[Path], typer.Option("--out", "-o", help="File to write "
                                                   "(default: standard output).")] = None,
    base_url: Annotated[str, typer.Option(help="Where `veille serve` runs, for the links.")
                        ] = "http://127.0.0.1:8000",
    save: Annotated[Optional[str], typer.Option(
        "--save", help="Keep this selection and what the brief says under NAME, "
                       "for a later --since-last NAME.")] = None,
    since_last: Annotated[Optional[str], typer.Option(
        "--since-last", help="Brief of the selection saved as NAME, with what changed since "
                             "its last brief; then keeps this brief as the new last one.")
                          ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the analyst's brief: actors, key dates, contested claims, sourcing, escalation."""
    from veille.surfaces.brief import BriefOptions, build_brief, render_brief
    from veille.surfaces.brief.changes import (load_selection, options_from, save_selection,
                                               saved_names)
    from veille.surfaces.brief.render import FORMATS, brief_languages

    setup_logging(verbose)
    if lang not in brief_languages() or format not in FORMATS:
        raise typer.BadParameter(f"--lang is one of {', '.join(brief_languages())}; "
                                 f"--format is one of {', '.join(FORMATS)}")
    if since_last and (save or query or story or actors or date_from or date_to):
        raise typer.BadParameter("--since-last NAME uses the selection saved as NAME: "
                                 "give no --save, --query, --story, --actors, --from or --to")
    ids = tuple(a.strip() for a in (actors or "").split(",") if a.strip())
    options = BriefOptions(query=query, story=story, actors=ids, date_from=date_from,
                           date_to=date_to, lang=lang, base_url=base_url)
    with opened_store(db) as store:
        previous = None
        if since_last:
            saved = load_selection(store, since_last)
            if saved is None:
                raise typer.BadParameter(f"no brief saved as {since_last!r} (saved: "
                                         f"{', '.join(saved_names(store)) or 'none'}); "
                                         f"save one with --save {since_last}")
            options, previous = options_from(options, saved.options), saved.snapshot
        brief = build_brief(store, options, previous)
        text = render_brief(brief, format=format)
        if save or since_last:
            save_selection(store, save or since_last, brief)
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8")
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
