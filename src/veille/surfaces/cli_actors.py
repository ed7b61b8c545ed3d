"""`veille actors …`: browse, check and extend the actor knowledge base.

Thin: every command calls `veille.actors.kb` / `userfile` / `build_countries` and prints
the result with rich; KB errors become one red line and exit code 1 (2 for bad input).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Column, Table

from veille.actors.kb import ActorEntry, KnowledgeBase, KnowledgeBaseError, load_kb, \
    normalize_alias, validate_kb
from veille.languages import analysed_languages
from veille.surfaces.cli_common import err, fail, out

actors_app = typer.Typer(help="Browse, check and extend the actor knowledge base.",
                         no_args_is_help=True)

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
    entry = kb.get(actor_id)
    if entry is None:
        fail(f"no actor {actor_id!r} (try `veille actors list --search …`)", 1)
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
