"""Read queries behind the API and the dashboard: pages of articles, actors, mentions,
events and claims, the actor network and the map.

Articles are selected by the store's one article filter and events dated by the stored
`events.day` (`veille.store.read`), as timelines and exports do. Every filter value is
bound as a parameter (`?`, translated by the engine); sort orders come from fixed
whitelists, never from the request. Each list ends its ORDER BY with the table's
primary key so pages are stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from veille.store import Store
from veille.store.read import ArticleFilter, article_where, in_list
from veille.store.records import analysis_records, contested_index, contested_pairs

__all__ = ["Filters", "Page", "actor_network", "analysis_records", "article_detail",
           "contested_pairs", "event_activity", "event_places", "list_actors", "list_articles", "list_claims",
           "list_events", "list_mentions", "place_days"]

ARTICLE_SORTS = {"published": "a.published DESC NULLS LAST, a.id",
                 "-published": "a.published ASC NULLS LAST, a.id",
                 "source": "a.source ASC NULLS LAST, a.id", "id": "a.id"}
ACTOR_SORTS = {"mentions": "mentions DESC, x.id", "name": "x.name, x.id", "id": "x.id"}
EVENT_SORTS = {"date": "e.day ASC NULLS LAST, e.article_id, e.idx",
               "-date": "e.day DESC NULLS LAST, e.article_id, e.idx",
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


def _article_clauses(f: Filters, *, dates: bool = True, ids: list[str] | None = None,
                     actors: tuple[str, ...] = ()) -> tuple[list[str], list[Any]]:
    """The store's article filter for `f` (language, source, story, article id, and the
    publication range unless `dates=False`: events filter on their own day), plus the
    articles naming one of `actors` and the `ids` a full-text search found."""
    if f.article:
        ids = [i for i in ids if i == f.article] if ids is not None else [f.article]
    where, params = article_where(ArticleFilter(
        language=f.language, source=f.source, story=f.story, actors=actors,
        date_from=f.date_from if dates else None, date_to=f.date_to if dates else None,
        ids=tuple(ids) if ids is not None else None))
    return [where], params


def _paged(store: Store, select: str, where: list[str], params: list[Any], order: str,
           page: Page) -> dict[str, Any]:
    """`{"items", "total", "limit", "offset"}` for one filtered, sorted query."""
    cond = " AND ".join(where) if where else "TRUE"
    total = store.rows(f"SELECT count(*) AS n FROM ({select} WHERE {cond}) q", params)[0]["n"]
    items = store.rows(f"{select} WHERE {cond} ORDER BY {order} LIMIT ? OFFSET ?",
                       [*params, page.limit, page.offset])
    return {"items": [_jsonable(r) for r in items], "total": int(total),
            "limit": page.limit, "offset": page.offset}


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


def list_articles(store: Store, f: Filters, page: Page, *, ids: list[str] | None = None
                  ) -> dict[str, Any]:
    if ids is not None and not ids:
        return {"items": [], "total": 0, "limit": page.limit, "offset": page.offset}
    where, params = _article_clauses(f, ids=ids, actors=(f.actor,) if f.actor else ())
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


def list_events(store: Store, f: Filters, page: Page) -> dict[str, Any]:
    where, params = _article_clauses(f, dates=False)
    for column, value in (("e.type", f.type), ("e.status", f.status)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if f.actor:
        where.append("(e.source_actor = ? OR e.target_actor = ?)")
        params += [f.actor, f.actor]
    days, day_params = _day_range("e.day", f)
    where, params = where + days, params + day_params
    select = ("SELECT e.article_id, e.idx, e.day, e.date_value, e.date_mod, e.type, e.mode, "
              "e.source_actor, "
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


def article_detail(store: Store, article_id: str) -> dict[str, Any] | None:
    """The stored record of one article, text included, with its store columns."""
    record = store.analysis_record(article_id)
    if record is None:
        return None
    meta = store.rows("SELECT published, source, title, url, language FROM articles "
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
    edges = [_jsonable(r) for r in store.rows(sql, params)]
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    names = {}
    if ids:
        names = {r["id"]: r for r in store.rows(
            f"SELECT id, name, kind, country FROM actors WHERE id IN {in_list(ids)}", ids)}
    degree: dict[str, int] = {}
    for e in edges:  # events each actor takes part in, so the dashboard can keep the top N
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + int(e["events"])
    nodes = [{"id": i, "name": names.get(i, {}).get("name", i),
              "kind": names.get(i, {}).get("kind"), "events": degree[i]} for i in ids]
    return {"nodes": nodes, "edges": edges}


def event_places(store: Store, f: Filters) -> list[dict[str, Any]]:
    """Places with coordinates: those of events first; places named in the articles when
    no event has one (so the map is honest about what it shows, via `kind`)."""
    where, params = _article_clauses(f)
    sql = ("SELECT e.place_name AS name, e.place_country AS country, e.lat, e.lon, "
           "count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where)} AND e.lat IS NOT NULL AND e.lon IS NOT NULL "
           "GROUP BY e.place_name, e.place_country, e.lat, e.lon ORDER BY n DESC, name")
    found = [{**_jsonable(r), "kind": "event"} for r in store.rows(sql, params)]
    if found:
        return found
    sql = ("SELECT p.name, p.country, p.lat, p.lon, count(*) AS n FROM places p "
           "JOIN articles a ON a.id = p.article_id "
           f"WHERE {' AND '.join(where)} AND p.lat IS NOT NULL AND p.lon IS NOT NULL "
           "GROUP BY p.name, p.country, p.lat, p.lon ORDER BY n DESC, p.name LIMIT 200")
    return [{**_jsonable(r), "kind": "mentioned"} for r in store.rows(sql, params)]


def _day_range(expr: str, f: Filters) -> tuple[list[str], list[Any]]:
    """`f`'s date window over the day `expr`: for events `e.day`, which already holds
    the event's own day, else its article's (`veille.store.read.event_day`)."""
    where, params = [], []
    if f.date_from:
        where.append(f"{expr} >= ?")
        params.append(f.date_from)
    if f.date_to:
        where.append(f"{expr} <= ?")
        params.append(f.date_to)
    return where, params


def event_activity(store: Store, f: Filters) -> dict[str, Any]:
    """Events per day (all, conflict, cooperation) and the first and last day: the data
    behind the dashboard's date axes and time slider, so its windows follow the data
    instead of a fixed 30 days. Events count on `events.day` (their own day, else their
    article's); those with neither are counted in `undated`."""
    where, params = _article_clauses(f, dates=False)
    if f.actor:
        where.append("(e.source_actor = ? OR e.target_actor = ?)")
        params += [f.actor, f.actor]
    extra, extra_params = _day_range("e.day", f)
    cond = " AND ".join(where + extra)
    sql = ("SELECT e.day AS date, count(*) AS events, "
           "sum(CASE WHEN e.quad_class LIKE '%conflict' THEN 1 ELSE 0 END) AS conflict, "
           "sum(CASE WHEN e.quad_class LIKE '%cooperation' THEN 1 ELSE 0 END) AS cooperation "
           f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {cond} "
           "GROUP BY 1 ORDER BY 1")
    rows = [_jsonable(r) for r in store.rows(sql, [*params, *extra_params])]
    days = [{k: (int(v) if k != "date" and v is not None else v) for k, v in r.items()}
            for r in rows if r["date"] is not None]
    undated = sum(int(r["events"]) for r in rows if r["date"] is None)
    return {"days": days, "first": days[0]["date"] if days else None,
            "last": days[-1]["date"] if days else None, "undated": undated}


def place_days(store: Store, f: Filters) -> list[dict[str, Any]]:
    """Places with coordinates per day, so the map's time slider filters without asking
    again: event places on the event's day; when no event has a place, the places named
    in the articles on the publication day (`kind` says which, as in `event_places`)."""
    where, params = _article_clauses(f, dates=False)
    extra, extra_params = _day_range("e.day", f)
    sql = (f"SELECT e.place_name AS name, e.place_country AS country, e.lat, e.lon, "
           "e.day AS date, count(*) AS n FROM events e "
           "JOIN articles a ON a.id = e.article_id "
           f"WHERE {' AND '.join(where + extra)} AND e.lat IS NOT NULL AND e.lon IS NOT NULL "
           "GROUP BY 1, 2, 3, 4, 5 ORDER BY 5 NULLS LAST, n DESC, name")
    found = [{**_jsonable(r), "kind": "event"} for r in store.rows(sql, [*params, *extra_params])]
    if found:
        return found
    day = "CAST(a.published AS DATE)"
    extra, extra_params = _day_range(day, f)
    sql = (f"SELECT p.name, p.country, p.lat, p.lon, {day} AS date, count(*) AS n "
           "FROM places p JOIN articles a ON a.id = p.article_id "
           f"WHERE {' AND '.join(where + extra)} AND p.lat IS NOT NULL AND p.lon IS NOT NULL "
           "GROUP BY 1, 2, 3, 4, 5 ORDER BY 5 NULLS LAST, n DESC, p.name LIMIT 2000")
    return [{**_jsonable(r), "kind": "mentioned"} for r in store.rows(sql, [*params, *extra_params])]
