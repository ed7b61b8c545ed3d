"""Read queries behind the API, the dashboard and the brief: one place, portable SQL.

Every filter value is bound as a parameter (`?`, rewritten for PostgreSQL by
`veille.stories.sql.rows`); sort orders come from fixed whitelists, never from the
request. Each list ends its ORDER BY with the table's primary key so pages are stable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from veille.stories.sql import rows
from veille.store import Store

ARTICLE_SORTS = {"published": "a.published DESC NULLS LAST, a.id",
                 "-published": "a.published ASC NULLS LAST, a.id",
                 "source": "a.source ASC NULLS LAST, a.id", "id": "a.id"}
ACTOR_SORTS = {"mentions": "mentions DESC, x.id", "name": "x.name, x.id", "id": "x.id"}
EVENT_SORTS = {"date": "day ASC NULLS LAST, e.article_id, e.idx",
               "-date": "day DESC NULLS LAST, e.article_id, e.idx",
               "intensity": "e.intensity DESC NULLS LAST, e.article_id, e.idx",
               "type": "e.type, e.article_id, e.idx"}
CLAIM_SORTS = {"published": "a.published DESC NULLS LAST, c.article_id, c.idx",
               "sourcing": "c.sourcing, c.article_id, c.idx"}
MENTION_SORTS = {"position": "m.article_id, m.idx", "actor": "m.actor_id NULLS LAST, m.article_id, m.idx"}


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters shared by the list endpoints; None means "any"."""

    actor: str | None = None
    type: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    language: str | None = None
    source: str | None = None
    article: str | None = None
    kind: str | None = None
    sourcing: str | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    limit: int = 50
    offset: int = 0
    sort: str | None = None


def _article_clauses(f: Filters, alias: str = "a", *,
                     dates: bool = True) -> tuple[list[str], list[Any]]:
    """WHERE fragments over `articles AS alias` for language/source/dates/article id;
    `dates=False` leaves the date range to the caller (events filter on their own day)."""
    clauses, params = [f"{alias}.duplicate_of IS NULL"], []
    for column, value in (("language", f.language), ("source", f.source), ("id", f.article)):
        if value:
            clauses.append(f"{alias}.{column} = ?")
            params.append(value)
    if f.story:  # the caller made sure the stories tables exist (stories.sql.ensure_schema)
        clauses.append(f"{alias}.id IN (SELECT sa.article_id FROM story_articles sa "
                       "WHERE sa.story_id = ?)")
        params.append(f.story)
    if dates and f.date_from:
        clauses.append(f"{alias}.published >= ?")
        params.append(f.date_from)
    if dates and f.date_to:
        clauses.append(f"{alias}.published <= ?")
        params.append(f.date_to)
    return clauses, params


def _paged(store: Store, select: str, where: list[str], params: list[Any], order: str,
           page: Page) -> dict[str, Any]:
    """`{"items", "total", "limit", "offset"}` for one filtered, sorted query."""
    cond = " AND ".join(where) if where else "TRUE"
    total = rows(store, f"SELECT count(*) AS n FROM ({select} WHERE {cond}) q", params)[0]["n"]
    items = rows(store, f"{select} WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                 [*params, page.limit, page.offset])
    return {"items": [_jsonable(r) for r in items], "total": int(total),
            "limit": page.limit, "offset": page.offset}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


def list_articles(store: Store, f: Filters, page: Page, *, ids: list[str] | None = None
                  ) -> dict[str, Any]:
    where, params = _article_clauses(f)
    if f.actor:
        where.append("a.id IN (SELECT m.article_id FROM mentions m WHERE m.actor_id = ?)")
        params.append(f.actor)
    if ids is not None:
        if not ids:
            return {"items": [], "total": 0, "limit": page.limit, "offset": page.offset}
        where.append("a.id IN (" + ", ".join("?" for _ in ids) + ")")
        params += ids
    select = ("SELECT a.id, a.published, a.date_precision, a.language, a.source, a.title, "
              "a.url, length(a.text) AS chars FROM articles a")
    return _paged(store, select, where, params, ARTICLE_SORTS[page.sort or "published"], page)


def list_actors(store: Store, f: Filters, page: Page) -> dict[str, Any]:
    where, params = [], []
    if f.kind:
        where.append("x.kind = ?")
        params.append(f.kind)
    if f.actor:
        where.append("x.id = ?")
        params.append(f.actor)
    select = ("SELECT x.id, x.name, x.kind, x.country, x.sector, "
              "(SELECT count(*) FROM mentions m WHERE m.actor_id = x.id) AS mentions, "
              "(SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.actor_id = x.id)"
              " AS articles FROM actors x")
    return _paged(store, select, where, params, ACTOR_SORTS[page.sort or "mentions"], page)


def list_mentions(store: Store, f: Filters, page: Page) -> dict[str, Any]:
    where, params = _article_clauses(f)
    if f.actor:
        where.append("m.actor_id = ?")
        params.append(f.actor)
    select = ("SELECT m.article_id, m.idx, m.start_char, m.end_char, m.text, m.actor_id, "
              "m.label, m.method FROM mentions m JOIN articles a ON a.id = m.article_id")
    return _paged(store, select, where, params, MENTION_SORTS[page.sort or "position"], page)


_EVENT_DAY = ("CASE WHEN e.date_from_article OR e.date_value IS NULL OR length(e.date_value) <> 10 "
              "THEN CAST(a.published AS VARCHAR) ELSE e.date_value END")


def list_events(store: Store, f: Filters, page: Page) -> dict[str, Any]:
    where, params = _article_clauses(f, dates=False)
    for column, value in (("e.type", f.type), ("e.status", f.status)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.actor:
        where.append("(e.source_actor = ? OR e.target_actor = ?)")
        params += [f.actor, f.actor]
    if f.date_from:
        where.append(f"{_EVENT_DAY} >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        where.append(f"{_EVENT_DAY} <= ?")
        params.append(f.date_to.isoformat())
    select = (f"SELECT e.article_id, e.idx, {_EVENT_DAY} AS day, e.type, e.mode, e.source_actor, "
              "e.source_text, e.target_actor, e.target_text, e.status, e.negated, "
              "e.place_name, e.place_country, e.lat, e.lon, e.trigger, e.sentence, e.start_char, "
              "e.end_char, e.cameo_root, e.quad_class, e.intensity, e.confidence, a.source, "
              "a.url, a.title FROM events e JOIN articles a ON a.id = e.article_id")
    return _paged(store, select, where, params, EVENT_SORTS[page.sort or "date"], page)


def list_claims(store: Store, f: Filters, page: Page) -> dict[str, Any]:
    where, params = _article_clauses(f)
    if f.actor:
        where.append("c.speaker_actor = ?")
        params.append(f.actor)
    if f.sourcing:
        where.append("c.sourcing = ?")
        params.append(f.sourcing)
    select = ("SELECT c.article_id, c.idx, c.speaker_text, c.speaker_actor, c.sourcing, "
              "c.content, c.direct, c.verb, c.stance, c.start_char, c.end_char, a.published, "
              "a.source, a.title FROM claims c JOIN articles a ON a.id = c.article_id")
    out = _paged(store, select, where, params, CLAIM_SORTS[page.sort or "published"], page)
    contested = contested_index(store, {r["article_id"] for r in out["items"]})
    for item in out["items"]:
        item["contested_with"] = contested.get((item["article_id"], item["start_char"]), [])
    return out


def analysis_records(store: Store, article_ids: set[str] | None = None) -> dict[str, dict]:
    """The stored `annotate` records (without text) of `article_ids`, or of every original."""
    sql = ("SELECT an.article_id, an.record FROM analyses an JOIN articles a "
           "ON a.id = an.article_id WHERE a.duplicate_of IS NULL")
    params: list[Any] = []
    if article_ids is not None:
        if not article_ids:
            return {}
        ids = sorted(article_ids)
        sql += " AND an.article_id IN (" + ", ".join("?" for _ in ids) + ")"
        params = ids
    out = {}
    for r in rows(store, sql, params):
        rec = r["record"]
        out[r["article_id"]] = json.loads(rec) if isinstance(rec, str) else rec
    return out


def contested_index(store: Store, article_ids: set[str]) -> dict[tuple[str, int], list[dict]]:
    """(article id, claim start) → its contested partners, read from the analysis records
    (contradictions are only kept there: the claims table has no column for them)."""
    out: dict[tuple[str, int], list[dict]] = {}
    for aid, rec in analysis_records(store, article_ids).items():
        claims = rec.get("claims", [])
        for claim in claims:
            partners = []
            for c in claim.get("contested_with") or []:
                other_aid = c.get("article") or aid
                other = claims[c["claim"]] if other_aid == aid and 0 <= c.get("claim", -1) < len(claims) else None
                partners.append({"article_id": other_aid, "reason": c.get("reason"),
                                 "detail": c.get("detail"),
                                 "start": other["start"] if other else None,
                                 "content": other["content"] if other else None})
            if partners:
                out[(aid, claim["start"])] = partners
    return out


def contested_pairs(store: Store, article_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Each contested pair once: both claims with their speaker, sourcing and offsets."""
    records = analysis_records(store, article_ids)
    pairs, seen = [], set()
    for aid, rec in sorted(records.items()):
        claims = rec.get("claims", [])
        for i, claim in enumerate(claims):
            for c in claim.get("contested_with") or []:
                other_aid = c.get("article") or aid
                other_claims = records.get(other_aid, {}).get("claims", [])
                j = c.get("claim", -1)
                key = tuple(sorted([(aid, i), (other_aid, j)]))
                if key in seen or not 0 <= j < len(other_claims):
                    continue
                seen.add(key)
                pairs.append({"reason": c.get("reason"), "detail": c.get("detail"),
                              "a": _claim_view(aid, i, claim),
                              "b": _claim_view(other_aid, j, other_claims[j])})
    return pairs


def _claim_view(article_id: str, index: int, claim: dict[str, Any]) -> dict[str, Any]:
    speaker = claim.get("speaker") or {}
    return {"article_id": article_id, "index": index, "content": claim.get("content"),
            "sentence": claim.get("sentence"), "start": claim.get("start"),
            "end": claim.get("end"), "sourcing": claim.get("sourcing"),
            "speaker": speaker.get("text"),
            "speaker_actor": (speaker.get("actor") or {}).get("id")}


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored record of one article, text included, with its store columns."""
    record = store.analysis_record(article_id)
    if record is None:
        return None
    meta = rows(store, "SELECT published, source, title, url, language FROM articles "
                       "WHERE id = ?", [article_id])[0]
    record.update({k: v for k, v in _jsonable(meta).items() if record.get(k) is None})
    return record


def actor_network(store: Store, f: Filters) -> dict[str, Any]:
    """Actors as nodes and source→target pairs as edges, weighted by events, split by
    cooperation and conflict (quad class)."""
    where, params = _article_clauses(f)
    where += ["e.source_actor IS NOT NULL", "e.target_actor IS NOT NULL",
              "e.source_actor <> e.target_actor"]
    sql = ("SELECT e.source_actor AS source, e.target_actor AS target, "
           "sum(CASE WHEN e.quad_class LIKE '%conflict' THEN 1 ELSE 0 END) AS conflict, "
           "sum(CASE WHEN e.quad_class LIKE '%cooperation' THEN 1 ELSE 0 END) AS cooperation, "
           "count(*) AS events FROM events e JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where)} GROUP BY e.source_actor, e.target_actor "
           "ORDER BY events DESC, source, target LIMIT 200")
    edges = [_jsonable(r) for r in rows(store, sql, params)]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    names = {}
    if ids:
        names = {r["id"]: r for r in rows(
            store, "SELECT id, name, kind, country FROM actors WHERE id IN ("
            + ", ".join("?" for _ in ids) + ")", ids)}
    nodes = [{"id": i, "name": names.get(i, {}).get("name", i),
              "kind": names.get(i, {}).get("kind")} for i in ids]
    return {"nodes": nodes, "edges": edges}


def event_places(store: Store, f: Filters) -> list[dict[str, Any]]:
    """Places with coordinates: those of events first; places named in the articles when
    no event has one (so the map is honest about what it shows, via `kind`)."""
    where, params = _article_clauses(f)
    sql = ("SELECT e.place_name AS name, e.place_country AS country, e.lat, e.lon, "
           "count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where)} AND e.lat IS NOT NULL AND e.lon IS NOT NULL "
           "GROUP BY e.place_name, e.place_country, e.lat, e.lon ORDER BY n DESC, name")
    found = [{**_jsonable(r), "kind": "event"} for r in rows(store, sql, params)]
    if found:
        return found
    sql = ("SELECT p.name, p.country, p.lat, p.lon, count(*) AS n FROM places p "
           "JOIN articles a ON a.id = p.article_id "
           f"WHERE {' AND '.join(where)} AND p.lat IS NOT NULL AND p.lon IS NOT NULL "
           "GROUP BY p.name, p.country, p.lat, p.lon ORDER BY n DESC, p.name LIMIT 200")
    return [{**_jsonable(r), "kind": "mentioned"} for r in rows(store, sql, params)]
