"""`veille actors …`: browse, check, extend and fix the actor knowledge base; and
`veille resolve`, which applies a changed KB to a store already written.

Thin: every command calls `veille.actors.kb` / `userfile` / `stored` / `build_countries`
and prints the result with rich; KB errors become one red line and exit code 1 (2 for
bad input).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Column, Table

from veille.actors.kb import ActorEntry, KnowledgeBase, KnowledgeBaseError, load_kb, \
    normalize_alias, validate_kb
from veille.languages import analysed_languages
from veille.store import DEFAULT_DB
from veille.surfaces.cli_common import DbOption, err, fail, opened_store, out, progress_bar, \
    setup_logging

actors_app = typer.Typer(help="Browse, check, extend and fix the actor knowledge base.",
                         no_args_is_help=True)
#: Top-level commands of this module (`veille resolve`).
commands = typer.Typer()

ActorsOption = Annotated[Optional[list[Path]], typer.Option(
    "--actors", help="Extra actor YAML files (override and extend the package KB by id).")]


def _kb(extra: list[Path] | None) -> KnowledgeBase:
    try:
        return load_kb(extra or ())
    except KnowledgeBaseError as exc:
        fail(exc, 1)


def _matches(entry: ActorEntry, kind: str | None, country: str | None, search: str | None) -> bool:
    if kind and entry.kind != kind:
        return False
    if country and (entry.country or "").upper() != country.upper():
        return False
    if search:
        needle = normalize_alias(search).casefold()
        names = [entry.id, entry.name, *(t for lang in analysed_languages()
                                            for t, _ in entry.surface_forms(lang))]
        return any(needle in normalize_alias(n).casefold() for n in names)
    return True


@actors_app.command("list")
def list_actors(
    kind: Annotated[Optional[str], typer.Option(help="Only this kind (state, person, media…).")] = None,
    country: Annotated[Optional[str], typer.Option(help="Only this country (alpha-3 or IGO).")] = None,
    search: Annotated[Optional[str], typer.Option(help="Text in the id, name or any alias.")] = None,
    actors: ActorsOption = None,
) -> None:
    """List actors, optionally filtered."""
    kb = _kb(actors)
    found = [e for e in kb.entries.values() if _matches(e, kind, country, search)]
    table = Table(Column("id", no_wrap=True), "name", "kind", "country", "sector", "aliases fr/en",
                  title=f"{len(found)} actors")
    for e in sorted(found, key=lambda e: e.id):
        n_fr = sum(1 for _ in e.surface_forms("fr"))
        n_en = sum(1 for _ in e.surface_forms("en"))
        table.add_row(e.id, e.name, e.kind, e.country or "", e.sector or "", f"{n_fr}/{n_en}")
    out.print(table)


@actors_app.command("show")
def show_actor(actor_id: Annotated[str, typer.Argument(help="Actor id, e.g. IRN or PERS-USA-BIDEN-JOE.")],
               actors: ActorsOption = None) -> None:
    """Everything the KB knows about one actor."""
    kb = _kb(actors)
    entry = kb.get(kb.canonical_id(actor_id))
    if entry is None:
        fail(f"no actor {actor_id!r} (try `veille actors list --search …`)", 1)
    if entry.id != actor_id:
        out.print(f"{actor_id} is merged into {entry.id}", highlight=False)
    out.print(f"[bold]{entry.id}[/bold]  {entry.name}")
    for label in ("kind", "country", "sector", "parent", "description", "origin"):
        value = getattr(entry, label)
        if value:
            out.print(f"  {label}: {value}")
    for label in ("aliases", "adjectives", "metonyms"):
        for lang, texts in getattr(entry, label).items():
            out.print(f"  {label} ({lang}): " + ", ".join(texts), markup=False)
    for frame in entry.framing:
        out.print(f"  framing ({frame.lang}): {frame.alias} — {frame.note}", markup=False)
    for rule in entry.rules:
        out.print(f"  shared alias ({rule.lang}): {rule.text} (prefer {rule.prefer or 'context'}) {rule.note or ''}",
                  markup=False)
    for aff in entry.affiliations:
        org = kb.get(aff.org)
        span = f"{aff.start or '?'} → {aff.end or '…'}"
        out.print(f"  {'/'.join(aff.roles)} @ {aff.org} ({org.name if org else 'unknown'}) {span}"
                  + (f" — {aff.note}" if aff.note else ""), markup=False)


def _parse_aliases(values: list[str] | None) -> dict[str, list[str]]:
    """`--alias fr:Téhéran --alias en:Tehran` → {'fr': ['Téhéran'], 'en': ['Tehran']}."""
    aliases: dict[str, list[str]] = {}
    for value in values or ():
        lang, sep, text = value.partition(":")
        if not sep or len(lang) != 2 or not text.strip():
            raise typer.BadParameter(f"{value!r}: write LANG:TEXT, e.g. fr:Téhéran", param_hint="--alias")
        aliases.setdefault(lang, []).append(text.strip())
    return aliases


@actors_app.command("add")
def add_actor(
    actor_id: Annotated[str, typer.Option("--id", help="New id (README.md conventions).")],
    name: Annotated[str, typer.Option(help="Canonical English name.")],
    kind: Annotated[str, typer.Option(help="One of model.ACTOR_KINDS.")],
    file: Annotated[Path, typer.Option("--file", help="The user YAML file to append to.")],
    country: Annotated[Optional[str], typer.Option(help="Alpha-3, IGO, or none.")] = None,
    sector: Annotated[Optional[str], typer.Option(help="Sector code (sectors.yaml).")] = None,
    parent: Annotated[Optional[str], typer.Option(help="Parent actor id.")] = None,
    alias: Annotated[Optional[list[str]], typer.Option(help="LANG:TEXT, repeatable.")] = None,
    description: Annotated[Optional[str], typer.Option(help="One line.")] = None,
) -> None:
    """Append a new actor to a user file, after checking it against the whole KB."""
    from veille.actors.userfile import actor_mapping, append_actor

    entry = actor_mapping(actor_id=actor_id, name=name, kind=kind, country=country, sector=sector,
                          parent=parent, aliases=_parse_aliases(alias), description=description)
    try:
        append_actor(file, entry)
    except KnowledgeBaseError as exc:
        fail(exc, 1)
    out.print(f"added {actor_id} to {file}")


@actors_app.command("validate")
def validate(files: Annotated[Optional[list[Path]], typer.Argument(
        help="User actor files to check with the package KB (none: the package KB alone).")] = None) -> None:
    """Check codes, kinds, references and shared aliases; exit 1 when anything is wrong."""
    for path in files or ():
        if not path.is_file():
            fail(f"{path}: no such file")
    kb = _kb(files)
    problems = validate_kb(kb)
    for line in problems:
        out.print(f"• {line}", markup=False, highlight=False)
    if problems:
        err.print(f"[red]{len(problems)} problem(s)[/red] in {len(kb)} actors")
        raise typer.Exit(1)
    out.print(f"ok: {len(kb)} actors, no problems")


@actors_app.command("stats")
def stats(actors: ActorsOption = None) -> None:
    """Counts: actors by kind, aliases by language and kind, affiliations, roles."""
    table = Table("what", "count")
    for key, value in _kb(actors).counts().items():
        table.add_row(key, str(value))
    out.print(table)


@actors_app.command("build-countries")
def build_countries_command(
    output: Annotated[Optional[Path], typer.Option(help="Where to write (default: the package file).")] = None,
) -> None:
    """Regenerate data/countries.yaml from pycountry and Babel/CLDR."""
    from veille.actors.build_countries import build_countries

    path = build_countries(output)
    out.print(f"wrote {path}")


@actors_app.command("build-phoenix")
def build_phoenix_command(
    source: Annotated[Optional[Path], typer.Option(help="Folder of the Phoenix .actors.txt files "
                                                        "(default: ../shared/data/kb/phoenix).")] = None,
    output: Annotated[Optional[Path], typer.Option(help="Where to write (default: the package file).")] = None,
) -> None:
    """Regenerate data/phoenix.yaml from the Phoenix/PETRARCH2 CAMEO actor dictionaries (MIT)."""
    from veille.actors.build_phoenix import build_phoenix

    path = build_phoenix(source, output)
    out.print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


# --------------------------------------------------------------------------- fixing actors

FileOption = Annotated[Path, typer.Option("--file", help="Your actor YAML file, written to "
                                                         "(created if missing); pass it to ingest with --actors.")]


def _user_kb(file: Path, others: list[Path] | None) -> KnowledgeBase:
    """The KB as the user's ingests see it: package, their other files, then `file`."""
    return _kb([*(others or ()), *([file] if file.exists() else [])])


def _existing_store(db: str) -> None:
    """Fixing a store that is not there would create an empty one: refuse instead."""
    if not db.startswith(("postgres://", "postgresql://")) and db != ":memory:" \
            and not Path(db).exists():
        fail(f"no store at {db}: run `veille ingest` first or pass --db")


def _apply(store, kb: KnowledgeBase, *, only: set[str] | None = None, dry_run: bool = False):
    from veille.actors.stored import reresolve_store

    with progress_bar() as bar:
        task = bar.add_task("resolve", total=None, rate="")
        report = reresolve_store(store, kb, only=only, dry_run=dry_run,
                                 progress=lambda done, total: bar.update(task, completed=done,
                                                                         total=total))
    verb = "would change" if dry_run else "changed"
    out.print(f"{report.mentions} mentions in {report.articles} articles read; {verb} the actor "
              f"of {report.changed} mentions in {report.articles_changed} articles", highlight=False)
    if report.changed and not dry_run:
        out.print(f"followed: {report.event_roles} event roles, {report.claim_speakers} claim "
                  "speakers, the actors table and the stored records", highlight=False)
        err.print("[dim]not updated: stories and merged events (run `veille stories --rebuild` "
                  "and `veille stories --events`), contested pairs[/dim]", highlight=False)
    if report.moves:
        table = Table("mentions", "from", "to", title="changes")
        for (old, new), n in report.moves.most_common(15):
            table.add_row(str(n), old or "(none)", new)
        out.print(table)
    return report


@actors_app.command("merge")
def merge_actors(
    into: Annotated[str, typer.Argument(metavar="A", help="The id that stays: a KB id, or an id the store holds.")],
    merged: Annotated[str, typer.Argument(metavar="B", help="The id merged into A, read as A from now on.")],
    file: FileOption,
    db: Annotated[Optional[str], typer.Option("--db", help="Also apply the merge to this store "
                                              "(DuckDB path or postgresql:// URL), in one transaction.")] = None,
    actors: ActorsOption = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """Make B another id of A, in your file and (with --db) in a store.

    Writes `{id: B, same_as: A}`: two made-up ids for one person, or a made-up id into the
    KB's; with --db the stored mentions, events and claims of B become A's."""
    from veille.actors.stored import holds_actor
    from veille.actors.userfile import append_actor, merge_mapping

    setup_logging(verbose)
    if db is not None:
        _existing_store(db)
    kb = _user_kb(file, actors)
    with opened_store(db) if db is not None else _no_store() as store:
        try:
            entry = merge_mapping(kb, into, merged,
                                  in_store=(lambda i: holds_actor(store, i)) if store else None)
            if entry is not None:
                append_actor(file, entry, others=actors or ())
        except KnowledgeBaseError as exc:
            fail(exc, 1)
        target = kb.canonical_id(into)
        out.print(f"merged {merged} into {target} in {file}" if entry else
                  f"{merged} was already merged into {target} in {file}", highlight=False)
        if store is not None:
            _apply(store, _user_kb(file, actors), only={merged})


@actors_app.command("alias")
def alias_actor(
    actor_id: Annotated[str, typer.Argument(metavar="ID", help="The actor written so.")],
    text: Annotated[str, typer.Argument(metavar="FORM", help='The written form, e.g. "Khalifa Haftar".')],
    file: FileOption,
    lang: Annotated[str, typer.Option("--lang", help="Language of the form (ISO 639-1).")] = "fr",
    prefer: Annotated[Optional[str], typer.Option(help="When other actors are written so too: "
                                                  "the one the resolver should prefer.")] = None,
    ambiguous: Annotated[bool, typer.Option("--ambiguous", help="When other actors are written so "
                                            "too: let the context decide.")] = False,
    note: Annotated[Optional[str], typer.Option(help="Why (kept with a shared form).")] = None,
    actors: ActorsOption = None,
) -> None:
    """Add a written form of an actor to your file, checked against the whole KB.

    A form another actor has needs --prefer or --ambiguous, as `veille actors validate` asks."""
    from veille.actors.userfile import alias_mapping, append_actor, sharing

    kb = _user_kb(file, actors)
    try:
        entry = alias_mapping(kb, actor_id, text, lang, prefer=prefer, ambiguous=ambiguous, note=note)
        if entry is None:
            out.print(f"{actor_id} is already written {text!r} ({lang})", highlight=False)
            return
        others = sharing(kb, actor_id, text, lang)
        append_actor(file, entry, others=actors or ())
    except KnowledgeBaseError as exc:
        hint = " (pass --prefer ID or --ambiguous)" if "disambiguation rule" in str(exc) else ""
        fail(f"{exc}{hint}", 1)
    if others:
        err.print(f"[yellow]warning:[/yellow] {text!r} ({lang}) also names {', '.join(others)}: "
                  + (f"the resolver prefers {prefer}" if prefer else "the context decides"),
                  highlight=False)
    out.print(f"added {text!r} ({lang}) to {actor_id} in {file}; apply it to a store with "
              f"`veille resolve --actors {file}`", highlight=False)


@actors_app.command("unresolved")
def unresolved(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="At most N names.", min=1)] = 30,
    min_mentions: Annotated[int, typer.Option("--min", help="Names mentioned at least N times.", min=1)] = 1,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Names the KB does not know, most mentioned first: what to fix first.

    No actor, or a made-up `~` id. Fix the worst with `actors alias` / `actors add` /
    `actors merge`, then `veille resolve`."""
    import json

    from veille.actors.stored import unresolved_names

    _existing_store(db)
    with opened_store(db, read_only=True) as store:
        found = unresolved_names(store, limit=limit, min_mentions=min_mentions)
    if format == "json":
        out.print_json(json.dumps(found, ensure_ascii=False))
        return
    table = Table("mentions", "articles", Column("name", ratio=1), "label", Column("made-up ids", no_wrap=True),
                  title=f"{found['total']} unresolved names, {found['mentions']} mentions")
    for item in found["items"]:
        table.add_row(str(item["mentions"]), str(item["articles"]), item["text"], item["label"] or "",
                      "\n".join(item["ids"]))
    out.print(table)


@commands.command("resolve")
def resolve_command(
    db: DbOption = DEFAULT_DB,
    actors: ActorsOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count the changes, write nothing.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """Re-resolve a store's mentions after the KB changed, without re-ingesting.

    Aliases added, ids merged: read from what the store keeps, no parser. Running it twice
    changes nothing."""
    setup_logging(verbose)
    _existing_store(db)
    kb = _kb(actors)
    with opened_store(db) as store:
        _apply(store, kb, dry_run=dry_run)


@contextmanager
def _no_store() -> Iterator[None]:
    yield None
