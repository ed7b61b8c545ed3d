"""The REST endpoints: thin wrappers that parse parameters and call the read queries,
the stories modules, the brief builder or the runner."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field, field_validator

from veille.languages import analysed_languages
from veille.surfaces.api import queries as Q
from veille.surfaces.api.app import state_of

log = logging.getLogger(__name__)
router = APIRouter()

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=200)]
From = Annotated[date | None, Query(alias="from", description="first day (YYYY-MM-DD)")]
To = Annotated[date | None, Query(alias="to", description="last day (YYYY-MM-DD)")]


def _actors(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split(",") if a.strip())[:20]


def _with_story(st, story: str | None) -> None:
    """Create the stories tables when a story filter is used on a store that has none yet."""
    if story:
        st.store.ensure_schema("veille.stories")


def _dates(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"from ({date_from}) is after to ({date_to})")


@router.get("/health", tags=["meta"])
def health(request: Request) -> dict[str, Any]:
    st = state_of(request)
    with st.lock:
        stats = st.store.stats()
    return {"status": "ok", "articles": stats["articles"], "events": stats["events"],
            "claims": stats["claims"], "writes": bool(st.token)}


@router.get("/articles", tags=["articles"])
def articles(request: Request, story: Text = None, language: Text = None,
             source: Text = None, actor: Text = None,
             q: Text = None, date_from: From = None, date_to: To = None,
             sort: Literal["published", "-published", "source", "id"] = "published",
             limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Original articles, newest first; `q` runs a full-text search (BM25) first."""
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(actor=actor, language=language, source=source, date_from=date_from,
                  date_to=date_to, story=story)
    with st.lock:
        _with_story(st, story)
        ids = None
        if q:
            st.search.sync(st.store)
            ids = [h["id"] for h in st.search.search(q)]
        return Q.list_articles(st.store, f, Q.Page(limit, offset, sort), ids=ids)


@router.get("/articles/{article_id}", tags=["articles"])
def article(request: Request, article_id: str) -> dict[str, Any]:
    """One article: text and everything read in it (the `annotate` record)."""
    st = state_of(request)
    with st.lock:
        record = Q.article_detail(st.store, article_id)
    if record is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return record


@router.get("/search", tags=["articles"])
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)],
           limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Full-text search over titles and texts (SQLite FTS5, accents folded), best first."""
    st = state_of(request)
    with st.lock:
        st.search.sync(st.store)
        hits = st.search.search(q)
    return {"items": hits[offset:offset + limit], "total": len(hits), "limit": limit,
            "offset": offset}


@router.get("/actors", tags=["actors"])
def actors(request: Request, kind: Text = None,
           sort: Literal["mentions", "name", "id"] = "mentions",
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    st = state_of(request)
    with st.lock:
        return Q.list_actors(st.store, Q.Filters(kind=kind), Q.Page(limit, offset, sort))


@router.get("/actors/unresolved", tags=["actors"])
def unresolved_actors(request: Request, min_mentions: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                      limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Names stored with no KB actor (none, or a made-up `~` id), most mentioned first:
    what to fix first with `veille actors alias|add|merge`, then `veille resolve`."""
    from veille.actors.stored import unresolved_names

    st = state_of(request)
    with st.lock:
        return unresolved_names(st.store, limit=limit, offset=offset, min_mentions=min_mentions)


@router.get("/actors/{actor_id}", tags=["actors"])
def actor(request: Request, actor_id: str) -> dict[str, Any]:
    st = state_of(request)
    with st.lock:
        found = Q.list_actors(st.store, Q.Filters(actor=actor_id), Q.Page(1, 0, "id"))
    if not found["items"]:
        raise HTTPException(404, f"no actor {actor_id!r}")
    return found["items"][0]


@router.get("/mentions", tags=["actors"])
def mentions(request: Request, actor: Text = None, article: Text = None, language: Text = None,
             source: Text = None, date_from: From = None, date_to: To = None,
             sort: Literal["position", "actor"] = "position",
             limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(actor=actor, article=article, language=language, source=source,
                  date_from=date_from, date_to=date_to)
    with st.lock:
        return Q.list_mentions(st.store, f, Q.Page(limit, offset, sort))


@router.get("/events", tags=["events"])
def events(request: Request, story: Text = None, actor: Text = None, type: Text = None,
           status: Text = None,
           article: Text = None, language: Text = None, source: Text = None,
           date_from: From = None, date_to: To = None,
           sort: Literal["date", "-date", "intensity", "type"] = "date",
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Event mentions; the date filter applies to the event's own day (else its article's)."""
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(actor=actor, type=type, status=status, article=article, language=language,
                  source=source, date_from=date_from, date_to=date_to, story=story)
    with st.lock:
        _with_story(st, story)
        return Q.list_events(st.store, f, Q.Page(limit, offset, sort))


@router.get("/claims", tags=["claims"])
def claims(request: Request, story: Text = None, actor: Text = None, sourcing: Text = None,
           article: Text = None,
           language: Text = None, source: Text = None, date_from: From = None,
           date_to: To = None, sort: Literal["published", "sourcing"] = "published",
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(actor=actor, sourcing=sourcing, article=article, language=language,
                  source=source, date_from=date_from, date_to=date_to, story=story)
    with st.lock:
        _with_story(st, story)
        return Q.list_claims(st.store, f, Q.Page(limit, offset, sort))


@router.get("/claims/contested", tags=["claims"])
def contested(request: Request) -> dict[str, Any]:
    """Contested pairs of claims, both sides with speaker, sourcing and offsets."""
    st = state_of(request)
    with st.lock:
        pairs = Q.contested_pairs(st.store)
    return {"items": pairs, "total": len(pairs)}


@router.get("/stories", tags=["stories"])
def stories(request: Request, min_size: Annotated[int, Query(ge=1, le=100_000)] = 1,
            limit: Limit = 50) -> dict[str, Any]:
    """Stories built by `veille stories` (empty until they are built)."""
    from veille.stories.cluster import list_stories

    st = state_of(request)
    with st.lock:
        items = [Q._jsonable(r) for r in list_stories(st.store, min_size=min_size, limit=limit)]
    return {"items": items, "total": len(items)}


@router.get("/timeline", tags=["stories"])
def timeline(request: Request, q: Text = None, actors: Text = None, story: Text = None,
             date_from: From = None, date_to: To = None,
             max_dates: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    """Key dates with their summary sentences and sources (`veille.stories.timeline`)."""
    from veille.stories.timeline import TimelineQuery, build_timeline

    _dates(date_from, date_to)
    st = state_of(request)
    query = TimelineQuery(query=q, actors=_actors(actors), story=story, date_from=date_from,
                          date_to=date_to, max_dates=max_dates)
    with st.lock:
        entries = build_timeline(st.store, query)
    return {"items": [e.to_dict() for e in entries], "total": len(entries)}


@router.get("/escalation", tags=["stories"])
def escalation(request: Request, actors: Annotated[str, Query(max_length=200)] = "",
               end: Annotated[date | None, Query()] = None,
               window_days: Annotated[int | None, Query(ge=2, le=3650)] = None) -> dict[str, Any]:
    """Conflict/cooperation series between two sides (each actor id stands for its camp),
    over their own events unless `window_days` is given; the top two sides when no actors;
    every point lists its events."""
    from veille.stories.escalation import escalation_from_store

    ids = _actors(actors) if actors else ()
    if actors and not ids:
        raise HTTPException(422, "actors: give actor ids, or none for the two busiest sides")
    st = state_of(request)
    with st.lock:
        return escalation_from_store(st.store, ids, end=end, window_days=window_days).to_dict()


@router.get("/network", tags=["events"])
def network(request: Request, story: Text = None, language: Text = None, source: Text = None,
            date_from: From = None, date_to: To = None) -> dict[str, Any]:
    """The actor network: edges weighted by events, split by cooperation and conflict."""
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(language=language, source=source, date_from=date_from, date_to=date_to,
                  story=story)
    with st.lock:
        _with_story(st, story)
        return Q.actor_network(st.store, f)


@router.get("/places", tags=["events"])
def places(request: Request, story: Text = None, date_from: From = None,
           date_to: To = None) -> dict[str, Any]:
    """Places with coordinates, of events (kind=event) or, lacking those, of the articles."""
    _dates(date_from, date_to)
    st = state_of(request)
    with st.lock:
        _with_story(st, story)
        items = Q.event_places(st.store, Q.Filters(date_from=date_from, date_to=date_to,
                                                   story=story))
    return {"items": items, "total": len(items)}


@router.get("/places/days", tags=["events"])
def places_by_day(request: Request, story: Text = None, date_from: From = None,
                  date_to: To = None) -> dict[str, Any]:
    """Places with coordinates and counts per day (the event's day, else its article's):
    the dashboard's map filters these with its time slider, without a request per move."""
    _dates(date_from, date_to)
    st = state_of(request)
    with st.lock:
        _with_story(st, story)
        items = Q.place_days(st.store, Q.Filters(date_from=date_from, date_to=date_to,
                                                 story=story))
    return {"items": items, "total": len(items)}


@router.get("/activity", tags=["events"])
def activity(request: Request, story: Text = None, actor: Text = None, language: Text = None,
             source: Text = None, date_from: From = None,
             date_to: To = None) -> dict[str, Any]:
    """Events per day (all, conflict, cooperation) with the first and last day, for date
    axes and time sliders that follow the data."""
    _dates(date_from, date_to)
    st = state_of(request)
    f = Q.Filters(actor=actor, language=language, source=source, date_from=date_from,
                  date_to=date_to, story=story)
    with st.lock:
        _with_story(st, story)
        return Q.event_activity(st.store, f)


@router.get("/brief", tags=["brief"], response_class=PlainTextResponse)
def brief(request: Request, q: Text = None, story: Text = None, actors: Text = None,
          date_from: From = None, date_to: To = None, lang: Annotated[str, Query(max_length=16)] = "fr",
          format: Literal["markdown", "html"] = "markdown") -> Any:
    """The analyst's brief (Markdown or HTML), every sentence linked to its source."""
    from veille.surfaces.brief import BriefOptions, build_brief, render_brief
    from veille.surfaces.brief.render import brief_languages

    _dates(date_from, date_to)
    if lang not in brief_languages():
        raise HTTPException(422, f"lang {lang!r} is not one of {', '.join(brief_languages())}")
    st = state_of(request)
    base = str(request.base_url).rstrip("/")
    opts = BriefOptions(query=q, story=story, actors=_actors(actors), date_from=date_from,
                        date_to=date_to, lang=lang, base_url=base)
    with st.lock:
        text = render_brief(build_brief(st.store, opts), format=format)
    if format == "html":
        return HTMLResponse(text)
    return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")


class Document(BaseModel):
    text: str = Field(min_length=1, max_length=2_000_000)
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=500)
    date: str | None = Field(None, max_length=10, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    language: str | None = Field(None, max_length=16)

    @field_validator("language")
    @classmethod
    def _analysed(cls, value: str | None) -> str | None:
        """A language veille analyses (veille.languages), or None to detect it."""
        if value is not None and value not in analysed_languages():
            raise ValueError(f"language {value!r} is not one of {', '.join(analysed_languages())}")
        return value


class IngestRequest(BaseModel):
    documents: list[Document] = Field(min_length=1, max_length=1000)
    analyze: bool = True


def require_token(request: Request) -> None:
    """Refuse a write before its body is even validated (401 or 403, never 422)."""
    state_of(request).check_token(request)


@router.post("/ingest", tags=["write"], status_code=201, dependencies=[Depends(require_token)],
             responses={401: {"description": "no token"}, 403: {"description": "wrong token"},
                        413: {"description": "body too large"}})
def ingest_documents(request: Request, body: IngestRequest) -> dict[str, Any]:
    """Store (and by default analyse) new documents; needs the bearer token."""
    from veille.ingest import ReadOptions, articles_from_records
    from veille.run.runner import RunOptions, ingest_articles

    st = state_of(request)
    records = (doc.model_dump(exclude_none=True) for doc in body.documents)
    articles = articles_from_records(records, "POST /ingest", ReadOptions(), date_origin="api")
    with st.lock:
        summary = ingest_articles(articles, st.store,
                                  RunOptions(workers=1, analyze=body.analyze))
        st.search.sync(st.store)
    return {"read": summary.read, "stored": summary.stored, "analyzed": summary.analyzed,
            "already_stored": summary.already_stored,
            "duplicates": summary.exact_duplicates + summary.near_duplicates,
            "skipped": [{"where": s.origin, "why": s.reason} for s in summary.skipped]}
