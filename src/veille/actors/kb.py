"""The actor knowledge base: canonical actors, their aliases, and who held which office when.

The KB is data, not code: YAML files under `veille/actors/data/` (schema in that
folder's README.md) plus any user files given with `--actors my.yaml`. Files merge by
actor id, so a user file can add aliases to `IRN` or close an affiliation without
copying the whole entry: scalar fields of a later file win, lists are extended. An entry
`{id: B, same_as: A}` (written by `veille actors merge A B`) makes B another id of A:
`redirects` maps B to A, and B's written forms become A's.

The resolver reads three things from here: `aliases(language)` (every surface form and
the actor it names), `holders(role, country, on)` (who was "le président américain" on
that day) and `role_phrases(language)` (how each role is written).
"""

from __future__ import annotations

import gzip
import json
import logging
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from veille.errors import VeilleError
from veille.languages import trait
from veille.model import Actor
from veille.text import APOSTROPHES
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Files in DATA_DIR that hold vocabularies, not actors.
VOCABULARY_FILES: tuple[str, ...] = ("roles.yaml", "sectors.yaml", "country_sources.yaml")
#: The generated countries file loads first so every curated file can extend it.
BASE_FILE = "countries.yaml"
ALIAS_KINDS: tuple[str, ...] = ("name", "adjective", "metonym", "framing")
#: YAML list fields holding surface forms by language, and the alias kind each yields.
_ALIAS_FIELDS: dict[str, str] = {"aliases": "name", "adjectives": "adjective", "metonyms": "metonym"}
#: Kinds whose canonical (English) name is also written as is in other languages: a
#: person's or a newspaper's name does not translate, a country's or ministry's does.
NAME_IN_EVERY_LANGUAGE: frozenset[str] = frozenset({"person", "media", "armed_group", "ngo", "opposition"})
_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.&-]{0,5}$")


class KnowledgeBaseError(VeilleError, ValueError):
    """A KB file cannot be read as actors: the message names the file and the entry."""


def is_case_sensitive(alias: str) -> bool:
    """True for acronyms (all capitals, ≤ 6 chars): "US", "EI", "AP" must not match "us", "ei", "ap"."""
    return bool(_ACRONYM.match(alias)) and any(c.isalpha() for c in alias)


def normalize_alias(alias: str) -> str:
    """The key two aliases collide on: NFC, one apostrophe, collapsed spaces, casefolded unless an acronym."""
    text = " ".join(unicodedata.normalize("NFC", alias).translate(_APOSTROPHES).split())
    return text if is_case_sensitive(text) else text.casefold()


@dataclass(frozen=True, slots=True)
class AliasRule:
    """An explicit disambiguation for an alias several actors share ("Bagheri", "Washington")."""

    text: str
    lang: str
    prefer: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Framing:
    """A loaded or pejorative name for an actor, kept so the reader knows who speaks that way."""

    alias: str
    lang: str
    note: str


@dataclass(frozen=True, slots=True)
class Affiliation:
    """An office held in an organisation between two dates (None: open, or unknown)."""

    org: str
    roles: tuple[str, ...]
    start: date | None = None
    end: date | None = None
    note: str | None = None

    @property
    def role(self) -> str:
        return self.roles[0]

    def active_on(self, day: date | None) -> bool:
        """True when `day` falls in [start, end]; with no day, only currently open offices count."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class ActorEntry:
    """One actor as the KB knows it; `to_actor()` gives the slim `model.Actor` the pipeline carries."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    parent: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    adjectives: dict[str, list[str]] = field(default_factory=dict)
    metonyms: dict[str, list[str]] = field(default_factory=dict)
    framing: list[Framing] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    rules: list[AliasRule] = field(default_factory=list)
    description: str | None = None
    origin: str | None = None
    #: `veille actors merge A B` writes `{id: B, same_as: A}`: B is another id of A (a
    #: duplicate in the KB, or an id made up for a name the KB did not know).
    same_as: str | None = None

    def to_actor(self) -> Actor:
        return Actor(id=self.id, name=self.name, kind=self.kind, country=self.country,
                     sector=self.sector)

    def surface_forms(self, language: str) -> Iterator[tuple[str, str]]:
        """(text, alias kind) for every way this actor is written in `language`, name first."""
        # the canonical name is written in the language whose profile says so (English)
        if trait(language, "kb_names") or self.kind in NAME_IN_EVERY_LANGUAGE:
            yield self.name, "name"
        for field_name, alias_kind in _ALIAS_FIELDS.items():
            for text in getattr(self, field_name).get(language, ()):
                yield text, alias_kind
        for frame in self.framing:
            if frame.lang == language:
                yield frame.alias, "framing"


class KnowledgeBase:
    """Actors by id, with the lookups the resolver needs. Build it with `load_kb`."""

    def __init__(self, entries: Mapping[str, ActorEntry], roles: Mapping[str, Mapping[str, Any]],
                 sectors: Mapping[str, str], redirects: Mapping[str, str] | None = None,
                 redirect_problems: Sequence[str] = ()) -> None:
        self.entries: dict[str, ActorEntry] = dict(entries)
        self.roles: dict[str, dict[str, Any]] = {k: dict(v) for k, v in roles.items()}
        self.sectors: dict[str, str] = dict(sectors)
        #: merged id → the id it is now (chains followed): `same_as` entries of the files.
        self.redirects: dict[str, str] = dict(redirects or {})
        #: `same_as` entries that could not be followed (a loop), for `validate_kb`.
        self.redirect_problems: list[str] = list(redirect_problems)
        self._by_role: dict[str, list[ActorEntry]] | None = None
        self._by_role_size = -1

    def _role_holders(self, role: str) -> list[ActorEntry]:
        """Entries with an affiliation in `role`, indexed once (the KB holds ~20,000 people)."""
        if self._by_role is None or self._by_role_size != len(self.entries):
            index: dict[str, list[ActorEntry]] = {}
            for entry in self.entries.values():
                for held in {r for a in entry.affiliations for r in a.roles}:
                    index.setdefault(held, []).append(entry)
            self._by_role, self._by_role_size = index, len(self.entries)
        return self._by_role.get(role, [])

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, actor_id: str) -> ActorEntry | None:
        return self.entries.get(actor_id)

    def canonical_id(self, actor_id: str) -> str:
        """The id `actor_id` stands for now: its merge target (`same_as`), else itself."""
        return self.redirects.get(actor_id, actor_id)

    def redirected(self, actor: Actor) -> Actor:
        """`actor` under its canonical id: the KB's entry when the target is one, else the
        same actor renamed (a made-up id merged into another made-up id)."""
        target = self.redirects.get(actor.id)
        if target is None:
            return actor
        entry = self.entries.get(target)
        if entry is not None:
            return entry.to_actor()
        return Actor(id=target, name=actor.name, kind=actor.kind, country=actor.country,
                     sector=actor.sector)

    def aliases(self, language: str) -> Iterator[tuple[str, str, str]]:
        """(alias text, actor id, alias kind) for every surface form in `language`, deduplicated."""
        for entry in self.entries.values():
            seen: set[str] = set()
            for text, alias_kind in entry.surface_forms(language):
                if text not in seen:
                    seen.add(text)
                    yield text, entry.id, alias_kind

    def alias_rules(self, language: str) -> dict[str, AliasRule]:
        """Disambiguation rules by normalized alias: which actor a shared alias should prefer."""
        rules: dict[str, AliasRule] = {}
        for entry in self.entries.values():
            for rule in entry.rules:
                if rule.lang == language:
                    key = normalize_alias(rule.text)
                    if rules.get(key) is None or rule.prefer:
                        rules[key] = rule
        return rules

    def holders(self, role: str, country: str | None, on: date | None, *,
                org: str | None = None) -> list[ActorEntry]:
        """People holding `role` on day `on` in an organisation of `country` (or `org`), latest start first.

        The organisation's country decides: a US envoy's affiliation points at a US body. With
        `on=None` only offices still open count. People holding the role several times appear once.
        """
        found: list[tuple[date, ActorEntry]] = []
        for entry in self._role_holders(role):
            starts = [a.start or date.min for a in entry.affiliations
                      if role in a.roles and a.active_on(on) and self._org_matches(a.org, country, org)]
            if starts:
                found.append((max(starts), entry))
        found.sort(key=lambda pair: (pair[0], pair[1].id), reverse=True)
        return [entry for _, entry in found]

    def _org_matches(self, org_id: str, country: str | None, org: str | None) -> bool:
        if org is not None and org_id != org:
            return False
        if country is None:
            return True
        body = self.entries.get(org_id)
        return body is not None and (body.country == country or body.id == country)

    def role_phrases(self, language: str) -> dict[str, list[str]]:
        """How each role key is written in `language` ("foreign_minister" → "chef de la diplomatie"…)."""
        return {key: list(spec.get(language, ())) for key, spec in self.roles.items()
                if spec.get(language)}

    def counts(self) -> dict[str, int]:
        """Actors by kind, people by role-holding, aliases by language: what `veille actors stats` shows."""
        out: dict[str, int] = {"actors": len(self.entries)}
        for entry in self.entries.values():
            out[f"kind:{entry.kind}"] = out.get(f"kind:{entry.kind}", 0) + 1
        languages = sorted({lang for e in self.entries.values()
                            for d in (e.aliases, e.adjectives, e.metonyms) for lang in d} | {"en"})
        for lang in languages:
            for _text, _id, alias_kind in self.aliases(lang):
                out[f"aliases:{lang}"] = out.get(f"aliases:{lang}", 0) + 1
                out[f"aliases:{lang}:{alias_kind}"] = out.get(f"aliases:{lang}:{alias_kind}", 0) + 1
        out["affiliations"] = sum(len(e.affiliations) for e in self.entries.values())
        out["roles"] = len(self.roles)
        return dict(sorted(out.items()))

    def role_country(self, role: str) -> str | None:
        """The country a role's phrases imply by themselves ("guide suprême" → IRN), if any."""
        return self.roles.get(role, {}).get("country")


# --------------------------------------------------------------------------- reading files

def _as_date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = str(value)
    for pattern, fill in ((r"^\d{4}-\d{2}-\d{2}$", ""), (r"^\d{4}-\d{2}$", "-01"), (r"^\d{4}$", "-01-01")):
        if re.match(pattern, text):
            return date.fromisoformat(text + fill)
    raise KnowledgeBaseError(f"{where}: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def _surface_lists(raw: Any, lang_rules: list[AliasRule], where: str) -> dict[str, list[str]]:
    """{lang: [text…]} from YAML where an item is a string or {text, ambiguous, prefer, note}."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise KnowledgeBaseError(f"{where}: expected a mapping of language → list, got {type(raw).__name__}")
    out: dict[str, list[str]] = {}
    for lang, items in raw.items():
        texts: list[str] = []
        for item in items or ():
            if isinstance(item, Mapping):
                if "text" not in item:
                    raise KnowledgeBaseError(f"{where}: alias mapping without 'text': {dict(item)}")
                texts.append(str(item["text"]))
                if item.get("ambiguous") or item.get("prefer") or item.get("note"):
                    lang_rules.append(AliasRule(str(item["text"]), str(lang), item.get("prefer"),
                                                item.get("note")))
            else:
                texts.append(str(item))
        out[str(lang)] = texts
    return out


def _affiliations(raw: Any, where: str) -> list[Affiliation]:
    out: list[Affiliation] = []
    for item in raw or ():
        if not isinstance(item, Mapping) or "org" not in item or "role" not in item:
            raise KnowledgeBaseError(f"{where}: an affiliation needs 'org' and 'role': {item!r}")
        roles = item["role"] if isinstance(item["role"], list) else [item["role"]]
        out.append(Affiliation(org=str(item["org"]), roles=tuple(str(r) for r in roles),
                               start=_as_date(item.get("from"), where),
                               end=_as_date(item.get("to"), where), note=item.get("note")))
    return out


def entry_from_mapping(raw: Mapping[str, Any], origin: str) -> ActorEntry:
    """One YAML actor mapping as an ActorEntry; partial entries (patches) keep empty name/kind."""
    if "id" not in raw:
        raise KnowledgeBaseError(f"{origin}: an actor without 'id': {dict(raw)}")
    where = f"{origin} [{raw['id']}]"
    rules: list[AliasRule] = []
    lists = {name: _surface_lists(raw.get(name), rules, f"{where} {name}") for name in _ALIAS_FIELDS}
    framing = [Framing(str(f["alias"]), str(f.get("lang", "fr")), str(f.get("note", "")))
               for f in raw.get("framing") or ()]
    return ActorEntry(
        id=str(raw["id"]), name=str(raw.get("name") or ""), kind=str(raw.get("kind") or ""),
        country=raw.get("country"), sector=raw.get("sector"), parent=raw.get("parent"),
        framing=framing, affiliations=_affiliations(raw.get("affiliations"), where), rules=rules,
        description=raw.get("description"), origin=origin,
        same_as=str(raw["same_as"]) if raw.get("same_as") else None, **lists,
    )


def read_actor_file(path: Path) -> list[ActorEntry]:
    """The actors of one YAML file (`actors:` list); an empty file gives none.

    A `.json` (or gzipped `.json.gz`) file holds the same mapping written as JSON (a
    subset of YAML), read by the json module: the generated Phoenix KB (7 MB of JSON,
    shipped gzipped) loads in well under a second that way."""
    try:
        if path.name.endswith(".json.gz"):
            data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8")) or {}
        elif path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8")) or {}
        else:
            data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, ValueError, EOFError, yaml.YAMLError) as err:
        raise KnowledgeBaseError(f"{path}: cannot read actors: {err}") from err
    items = data.get("actors") if isinstance(data, Mapping) else None
    if items is None:
        if data:
            raise KnowledgeBaseError(f"{path}: expected a top-level 'actors:' list")
        return []
    return [entry_from_mapping(item, path.name) for item in items]


def merge_entry(base: ActorEntry, extra: ActorEntry) -> ActorEntry:
    """`base` extended by `extra`: extra's non-empty scalars win, lists and alias lists are extended."""
    for name in ("name", "kind", "country", "sector", "parent", "description", "same_as"):
        value = getattr(extra, name)
        if value:
            setattr(base, name, value)
    for name in _ALIAS_FIELDS:
        merged = getattr(base, name)
        for lang, texts in getattr(extra, name).items():
            bucket = merged.setdefault(lang, [])
            bucket.extend(t for t in texts if t not in bucket)
    base.framing.extend(f for f in extra.framing if f not in base.framing)
    base.affiliations.extend(a for a in extra.affiliations if a not in base.affiliations)
    base.rules.extend(r for r in extra.rules if r not in base.rules)
    base.origin = f"{base.origin}+{extra.origin}"
    return base


def _package_files() -> list[Path]:
    files = [p for p in (*DATA_DIR.glob("*.yaml"), *DATA_DIR.glob("*.json"),
                         *DATA_DIR.glob("*.json.gz"))
             if p.name not in VOCABULARY_FILES]
    return sorted(files, key=lambda p: (p.name != BASE_FILE, p.name))


def _read_vocabulary(name: str) -> dict[str, Any]:
    path = DATA_DIR / name
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    return dict(data.get(path.stem) or {})


def build_kb(files: Sequence[Path]) -> KnowledgeBase:
    """A KB from actor files merged in order (later files override and extend by id)."""
    entries: dict[str, ActorEntry] = {}
    for path in files:
        for entry in read_actor_file(path):
            if entry.id in entries:
                merge_entry(entries[entry.id], entry)
            else:
                entries[entry.id] = entry
    redirects, problems = _fold_redirects(entries)
    return KnowledgeBase(entries, _read_vocabulary("roles.yaml"), _read_vocabulary("sectors.yaml"),
                         redirects, problems)


def _follow(start: str, links: Mapping[str, str]) -> str | None:
    """Where a chain of `same_as` links from `start` ends; None when it loops."""
    seen, current = {start}, links[start]
    while current in links:
        if current in seen:
            return None
        seen.add(current)
        current = links[current]
    return current


def _fold_redirects(entries: dict[str, ActorEntry]) -> tuple[dict[str, str], list[str]]:
    """Take the `same_as` entries out of `entries`: each merged id's written forms go to
    its target (so a fresh ingest finds the target by them) and references to it (parent,
    affiliations, preferred alias) point at the target. Returns (redirects, problems)."""
    links = {e.id: e.same_as for e in entries.values() if e.same_as}
    redirects: dict[str, str] = {}
    problems: list[str] = []
    for source in links:
        target = _follow(source, links)
        if target is None or target == source:
            problems.append(f"{source} ({entries[source].origin}): same_as loops back to itself")
        else:
            redirects[source] = target
    if not links:
        return redirects, problems
    for source, target in redirects.items():
        merged = entries.pop(source)
        if target in entries and merged.name:
            _give_forms(merged, entries[target])
    for source in links.keys() - redirects.keys():
        entries.pop(source, None)
    for entry in entries.values():
        if entry.parent in redirects:
            entry.parent = redirects[entry.parent]
        entry.affiliations = [replace(a, org=redirects.get(a.org, a.org)) for a in entry.affiliations]
        entry.rules = [replace(r, prefer=redirects.get(r.prefer, r.prefer)) if r.prefer else r
                       for r in entry.rules]
    return redirects, problems


def _give_forms(merged: ActorEntry, target: ActorEntry) -> None:
    """Every way `merged` was written becomes a way `target` is written, its name too."""
    from veille.languages import analysed_languages

    languages = {*analysed_languages(), *merged.aliases, *merged.adjectives, *merged.metonyms}
    fields = {"name": target.aliases, "adjective": target.adjectives, "metonym": target.metonyms}
    for lang in sorted(languages):
        for text, alias_kind in merged.surface_forms(lang):
            if alias_kind == "framing":
                continue
            bucket = fields[alias_kind].setdefault(lang, [])
            if text not in bucket and not (alias_kind == "name" and text == target.name):
                bucket.append(text)
    target.framing.extend(f for f in merged.framing if f not in target.framing)
    target.rules.extend(r for r in merged.rules if r not in target.rules)
    target.affiliations.extend(a for a in merged.affiliations if a not in target.affiliations)


@lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    kb = build_kb(_package_files())
    log.info("actor KB loaded: %d actors from %s", len(kb), DATA_DIR)
    return kb


def load_kb(extra: Sequence[Path] = ()) -> KnowledgeBase:
    """The package KB, extended by user files (`--actors my.yaml`); the default case is cached.

    Do not mutate the cached default: pass user files instead.
    """
    if not extra:
        return _default_kb()
    return build_kb([*_package_files(), *map(Path, extra)])


# --------------------------------------------------------------------------- validation

def validate_kb(kb: KnowledgeBase) -> list[str]:
    """Every problem in the KB, one line each; an empty list means the KB is sound."""
    from veille.actors.validate import problems

    return problems(kb)
