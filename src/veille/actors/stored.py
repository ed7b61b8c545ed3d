"""Actors in a store already written: which names stay unresolved, and re-resolution
after the knowledge base changed (`veille actors unresolved`, `veille resolve`,
`veille actors merge … --db`).

Re-resolution reads what the store keeps per mention (its text, span, actor id, NER
label, method), never the parser: no spaCy, no re-ingest. For each stored mention:

1. an id merged into another (`same_as` in a user file) becomes that other id;
2. an id the KB knows is kept (the resolver chose it with the whole sentence in view);
3. a mention with no actor, or with an id made up for a name the KB did not know
   (`PERS-GBR-~NATASHA-SMITH`), takes the KB actor whose name (or framing name) is
   written exactly as the mention, when one actor owns that form (or a rule prefers one);
4. within an article, the other mentions that had the same made-up id, and the bare
   surnames read as short forms of a name now resolved ("Kadhafi" after
   "Mouammar Kadhafi"), follow it.

What follows a changed mention: the mentions table, the event roles and claim speakers
read from the same span (tables and stored `annotate` records alike) and the actors
table, all in one transaction. What does not: stories and merged events (rebuilt by
`veille stories --rebuild` / `--events`), contested pairs, and what only the parser
could tell (a name NER never marked, a role whose holder the KB now knows, the
country-from-context rules): re-ingest for those.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from veille.actors.kb import KnowledgeBase, normalize_alias
from veille.model import Actor
from veille.store import Store
from veille.store.read import in_list
from veille.store.records import analysis_records

log = logging.getLogger(__name__)

#: Alias kinds that name an actor outright: a mention written exactly so is that actor.
#: (Metonyms and adjectives depend on the sentence: only the resolver reads them.)
NAMING_KINDS: frozenset[str] = frozenset({"name", "framing"})
#: The method a stored mention gets when re-resolution finds its actor by name.
LOOKUP_METHOD = "kb_name"
#: Mentions read as the short form of an earlier full name: they follow it, never a lookup
#: (the method may carry what context added: "short_form+article").
SHORT_FORM_METHOD = "short_form"
#: Articles read per query.
BATCH = 500

Progress = Callable[[int, int], None]


def is_made_up(actor_id: str | None) -> bool:
    """True for an id made up for a name the KB did not know (`~` marks them, see
    `actors.generic`): what `unresolved` lists and what a new KB name may replace."""
    return actor_id is not None and "~" in actor_id


# --------------------------------------------------------------------------- unresolved

def unresolved_names(store: Store, *, limit: int = 50, offset: int = 0,
                     min_mentions: int = 1) -> dict[str, Any]:
    """Names stored with no KB actor (none, or a made-up `~` id), most mentioned first,
    grouped case-insensitively: what to alias or merge first.

    `{"items": [{text, mentions, articles, actor_id, ids, label}], "total": names,
    "mentions": unresolved mentions in all, "limit", "offset"}`; `ids` are the made-up ids
    the name got (one per country the context gave it), `actor_id` the first: what
    `veille actors merge` folds into a KB id."""
    base = ("FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE a.duplicate_of IS NULL AND (m.actor_id IS NULL OR m.actor_id LIKE '%~%')")
    grouped = ("SELECT lower(m.text) AS key, min(m.text) AS text, count(*) AS mentions, "
               "count(DISTINCT m.article_id) AS articles, min(m.actor_id) AS actor_id, "
               "string_agg(DISTINCT m.actor_id, ' ') AS ids, max(m.label) AS label "
               f"{base} GROUP BY lower(m.text) HAVING count(*) >= ?")
    total = store.rows(f"SELECT count(*) AS n FROM ({grouped}) q", [min_mentions])[0]["n"]
    every = store.rows(f"SELECT count(*) AS n {base}")[0]["n"]
    items = store.rows(f"{grouped} ORDER BY mentions DESC, key LIMIT ? OFFSET ?",
                       [min_mentions, limit, offset])
    for item in items:
        item.pop("key")
        item["mentions"], item["articles"] = int(item["mentions"]), int(item["articles"])
        item["ids"] = sorted((item["ids"] or "").split())
    return {"items": items, "total": int(total), "mentions": int(every),
            "limit": limit, "offset": offset}


def holds_actor(store: Store, actor_id: str) -> bool:
    """Whether the store has the id: a stored actor or a mention's (`merge` checks B)."""
    return bool(store.rows("SELECT 1 AS x FROM actors WHERE id = ? UNION ALL "
                           "SELECT 1 AS x FROM mentions WHERE actor_id = ? LIMIT 1",
                           [actor_id, actor_id]))


# --------------------------------------------------------------------------- re-resolution

@dataclass(slots=True)
class ResolveReport:
    """What `reresolve_store` read and changed."""

    articles: int = 0
    mentions: int = 0
    changed: int = 0
    articles_changed: int = 0
    event_roles: int = 0
    claim_speakers: int = 0
    #: (old id or None, new id) → mentions
    moves: Counter[tuple[str | None, str]] = field(default_factory=Counter)


@dataclass(slots=True)
class _Stored:
    """One stored mention, as re-resolution reads it."""

    idx: int
    start: int
    end: int
    text: str
    actor_id: str | None
    label: str | None
    method: str | None
    actor: Actor | None


@dataclass(frozen=True, slots=True)
class _Change:
    idx: int
    start: int
    end: int
    text: str
    old: str | None
    new: Actor
    method: str | None


class _Names:
    """KB names by normalized form, for one language: the lookup of step 3."""

    def __init__(self, kb: KnowledgeBase, language: str) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for text, actor_id, kind in kb.aliases(language):
            if kind in NAMING_KINDS:
                owners[normalize_alias(text)].add(actor_id)
        rules = kb.alias_rules(language)
        self.kb = kb
        self.by_form: dict[str, str] = {}
        for key, ids in owners.items():
            prefer = rules[key].prefer if key in rules else None
            if len(ids) == 1:
                self.by_form[key] = next(iter(ids))
            elif prefer in ids:
                self.by_form[key] = prefer  # type: ignore[assignment]

    def actor(self, text: str) -> Actor | None:
        found = self.by_form.get(normalize_alias(text))
        return self.kb.entries[found].to_actor() if found else None


def reresolve_store(store: Store, kb: KnowledgeBase, *, only: Collection[str] | None = None,
                    progress: Progress | None = None, dry_run: bool = False) -> ResolveReport:
    """Re-resolve every stored mention against `kb` (only those whose id is in `only`,
    when given) and write what changed, with what follows it, in one transaction.

    Idempotent: a second run with the same KB changes nothing. `progress(done, total)`
    is called after each batch of articles."""
    report = ResolveReport()
    articles = _articles(store, only)
    names: dict[str, _Names] = {}
    plan: dict[str, list[_Change]] = {}
    for first in range(0, len(articles), BATCH):
        chunk = articles[first:first + BATCH]
        language = dict(chunk)
        for article_id, mentions in _mentions(store, [a for a, _ in chunk]).items():
            lang = language[article_id] or "fr"
            if lang not in names:
                names[lang] = _Names(kb, lang)
            report.mentions += len(mentions)
            changes = _article_changes(mentions, kb, names[lang])
            if only is not None:  # the others were read for the follow rules only
                changes = [c for c in changes if c.old in only]
            if changes:
                plan[article_id] = changes
        report.articles += len(chunk)
        if progress is not None:
            progress(report.articles, len(articles))
    _as_stored(store, kb, plan)
    for changes in plan.values():
        report.changed += len(changes)
        report.moves.update((c.old, c.new.id) for c in changes)
    report.articles_changed = len(plan)
    if plan and not dry_run:
        _write(store, plan, report)
    return report


def _as_stored(store: Store, kb: KnowledgeBase, plan: dict[str, list[_Change]]) -> None:
    """A made-up id merged into another made-up id the store already holds takes that
    one's stored name and country, not the merged one's (which were the other spelling)."""
    targets = sorted({c.new.id for changes in plan.values() for c in changes} - kb.entries.keys())
    if not targets:
        return
    stored = {r["id"]: Actor(r["id"], r["name"], r["kind"] or "other", r["country"], r["sector"])
              for r in store.rows("SELECT id, name, kind, country, sector FROM actors "
                                  f"WHERE id IN {in_list(targets)}", targets)}
    for article_id, changes in plan.items():
        plan[article_id] = [replace(c, new=stored.get(c.new.id, c.new)) for c in changes]


def _articles(store: Store, only: Collection[str] | None) -> list[tuple[str, str | None]]:
    """(id, language) of the articles with mentions to read, in id order."""
    where, params = "", []
    if only is not None:
        ids = sorted(only)
        if not ids:
            return []
        where, params = f"WHERE m.actor_id IN {in_list(ids)}", ids
    return [(r["id"], r["language"]) for r in store.rows(
        "SELECT a.id, a.language FROM articles a WHERE a.id IN "
        f"(SELECT DISTINCT m.article_id FROM mentions m {where}) ORDER BY a.id", params)]


def _mentions(store: Store, article_ids: list[str]) -> dict[str, list[_Stored]]:
    rows = store.rows(
        "SELECT m.article_id, m.idx, m.start_char, m.end_char, m.text, m.actor_id, m.label, "
        "m.method, x.name, x.kind, x.country, x.sector FROM mentions m "
        "LEFT JOIN actors x ON x.id = m.actor_id "
        f"WHERE m.article_id IN {in_list(article_ids)} ORDER BY m.article_id, m.idx",
        article_ids)
    out: dict[str, list[_Stored]] = defaultdict(list)
    for r in rows:
        actor = None
        if r["actor_id"] is not None:
            actor = Actor(r["actor_id"], r["name"] or r["actor_id"], r["kind"] or "other",
                          r["country"], r["sector"])
        out[r["article_id"]].append(_Stored(r["idx"], r["start_char"], r["end_char"], r["text"],
                                            r["actor_id"], r["label"], r["method"], actor))
    return out


def _article_changes(mentions: list[_Stored], kb: KnowledgeBase, names: _Names) -> list[_Change]:
    """The mentions of one article whose actor id changes, with their new actor."""
    new: dict[int, tuple[Actor, str | None]] = {}
    for m in mentions:
        found = _reresolved(m, kb, names)
        if found is not None:
            new[m.idx] = found
    follow = {m.actor_id: new[m.idx][0] for m in mentions
              if m.idx in new and is_made_up(m.actor_id)}
    resolved = [m for m in mentions if m.idx in new and new[m.idx][0].kind == "person"]
    for m in mentions:
        if m.idx in new or m.actor_id in kb.entries:
            continue
        if m.actor_id in follow:
            new[m.idx] = (follow[m.actor_id], m.method)
        elif _is_short_form(m) and m.actor_id is None:
            full = next((f for f in resolved if f.start < m.start and _short_of(m.text, f.text)),
                        None)
            if full is not None:
                new[m.idx] = (new[full.idx][0], m.method)
    return [_Change(m.idx, m.start, m.end, m.text, m.actor_id, *new[m.idx])
            for m in mentions if m.idx in new and new[m.idx][0].id != m.actor_id]


def _reresolved(m: _Stored, kb: KnowledgeBase, names: _Names) -> tuple[Actor, str | None] | None:
    """Steps 1–3 for one mention: (its new actor, its method), or None to leave it."""
    if m.actor is not None and m.actor_id in kb.redirects:
        return kb.redirected(m.actor), m.method
    if m.actor_id in kb.entries or _is_short_form(m):
        return None
    if m.actor_id is None or is_made_up(m.actor_id):
        actor = names.actor(m.text)
        if actor is not None:
            return kb.redirected(actor), LOOKUP_METHOD
    return None


def _is_short_form(m: _Stored) -> bool:
    return (m.method or "").split("+")[0] == SHORT_FORM_METHOD


def _short_of(short: str, full: str) -> bool:
    """"Kadhafi" is a short form of "Mouammar Kadhafi" (and "Soudani" of "al-Soudani")."""
    words = full.split()
    if len(words) < 2:
        return False
    return short in (words[-1], words[-1].partition("-")[2]) or full.endswith(" " + short)


# --------------------------------------------------------------------------- writing

def _write(store: Store, plan: dict[str, list[_Change]], report: ResolveReport) -> None:
    """Every change and what follows it, in one transaction (all or nothing)."""
    records = analysis_records(store, set(plan))
    mention_rows, event_rows, claim_rows = [], [], []
    for article_id, changes in plan.items():
        mention_rows += [(c.new.id, c.method, article_id, c.idx) for c in changes]
        record = records.get(article_id)
        if record is None:
            log.warning("article %s has no stored record: its events and claims keep their "
                        "actors", article_id)
            continue
        _follow_record(record, changes)
        for i, event in enumerate(record.get("events") or ()):
            for role in ("source", "target"):
                if (event.get(role) or {}).get("_followed"):
                    event_rows.append((role, event[role].pop("_followed"), article_id, i))
        for i, claim in enumerate(record.get("claims") or ()):
            if (claim.get("speaker") or {}).get("_followed"):
                claim_rows.append((claim["speaker"].pop("_followed"), article_id, i))
    report.event_roles, report.claim_speakers = len(event_rows), len(claim_rows)
    actors = {c.new.id: c.new for changes in plan.values() for c in changes}
    old_ids = sorted({c.old for changes in plan.values() for c in changes if c.old})
    bodies = [(json.dumps({k: v for k, v in r.items() if k != "text"}, ensure_ascii=False,
                          default=str), article_id) for article_id, r in sorted(records.items())]
    with store.transaction():
        _update(store, "mentions", ("actor_id", "method"), mention_rows)
        for role in ("source", "target"):
            _update(store, "events", (f"{role}_actor",),
                    [row[1:] for row in event_rows if row[0] == role])
        _update(store, "claims", ("speaker_actor",), claim_rows)
        _update(store, "analyses", ("record",), bodies, key=("article_id",), cast={"record": "JSON"})
        _upsert_actors(store, actors.values())
        _drop_orphans(store, old_ids)


def _update(store: Store, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], *,
            key: tuple[str, ...] = ("article_id", "idx"), cast: dict[str, str] | None = None) -> None:
    """Set `columns` of the rows whose `key` is given, in one statement: each row is
    (*values, *key); the values travel as one array per column (as `insert_columns`
    does), since one UPDATE per row costs DuckDB ~10 ms."""
    if not rows:
        return
    names = (*columns, *key)
    types = {name: "INTEGER" if name == "idx" else "VARCHAR" for name in names}
    select = ", ".join(f"unnest(CAST(? AS {types[n]}[])) AS {n}" for n in names)
    sets = ", ".join(f"{c} = CAST(t.{c} AS {(cast or {}).get(c, types[c])})" for c in columns)
    match = " AND ".join(f"{table}.{k} = t.{k}" for k in key)
    store.execute(f"UPDATE {table} SET {sets} FROM (SELECT {select}) t WHERE {match}",
                  [list(values) for values in zip(*rows)])


def _follow_record(record: dict[str, Any], changes: list[_Change]) -> None:
    """The stored `annotate` record made to agree: its mentions, and the event roles and
    claim speakers read from a changed span (or, without spans, the same text and old id).
    A followed role is marked `_followed` with its new id, for the table update."""
    by_span = {(c.start, c.end): c for c in changes}
    by_text: dict[tuple[str, str | None], Actor | None] = {}
    for c in changes:
        key = (c.text, c.old)
        by_text[key] = c.new if by_text.get(key, c.new) == c.new else None  # conflicting: none
    mentions = record.get("mentions") or []
    for c in changes:
        if c.idx < len(mentions):
            mentions[c.idx]["actor"] = c.new.to_dict()
            mentions[c.idx]["method"] = c.method
    roles = [event.get(role) for event in record.get("events") or () for role in ("source", "target")]
    roles += [claim.get("speaker") for claim in record.get("claims") or ()]
    for role in roles:
        if not role:
            continue
        old = (role.get("actor") or {}).get("id")
        change = by_span.get((role.get("start"), role.get("end")))
        actor = change.new if change is not None and change.old == old \
            else by_text.get((role.get("text") or "", old))
        if actor is not None and actor.id != old:
            role["actor"] = actor.to_dict()
            role["_followed"] = actor.id


def _upsert_actors(store: Store, actors: Iterable[Actor]) -> None:
    rows = list(actors)
    store.insert_columns("actors", {
        "id": ("VARCHAR", [a.id for a in rows]), "name": ("VARCHAR", [a.name for a in rows]),
        "kind": ("VARCHAR", [a.kind for a in rows]), "country": ("VARCHAR", [a.country for a in rows]),
        "sector": ("VARCHAR", [a.sector for a in rows])}, upsert_key=("id",))


def _drop_orphans(store: Store, old_ids: list[str]) -> None:
    """Actor rows of ids nothing refers to any more (a merged id): gone from listings."""
    if old_ids:
        store.execute(
            f"DELETE FROM actors WHERE id IN {in_list(old_ids)} "
            "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.actor_id = actors.id) "
            "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.source_actor = actors.id "
            "OR e.target_actor = actors.id) "
            "AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.speaker_actor = actors.id)", old_ids)
