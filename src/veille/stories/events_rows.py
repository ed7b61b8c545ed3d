"""Event rows as the stories modules read them from the store (or build them in tests).

The `events` table of the store has one row per event mention; `EventRow` keeps what
deduplication, escalation and timelines need, with the day it happened on as the store
keeps it (`events.day`, set by `veille.store.read.event_day`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from veille.events.ontology import load_ontology
from veille.store import Store
from veille.store.read import ArticleFilter, article_where, as_date, in_list, own_day


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event mention: who did what to whom, on which day, read in which article."""

    article_id: str
    idx: int
    type: str
    source_actor: str | None
    target_actor: str | None
    day: date | None
    status: str = "occurred"
    quad_class: str | None = None
    intensity: float | None = None
    place_country: str | None = None
    source: str | None = None          # the outlet (article source), for NumSources
    sentence: str = ""
    date_explicit: bool = True         # False when the day is the article's date
    source_country: str | None = None  # the actors' countries: Iran's government is IRN's
    target_country: str | None = None
    source_kind: str | None = None     # the actors' kinds: a state's institution stands for
    target_kind: str | None = None     # its camp, an armed group for itself (stories.camps)
    confidence: float | None = None    # the extractor's confidence in the event

    @property
    def ref(self) -> str:
        """How a point of a series names this event: `<article id>#<index>`."""
        return f"{self.article_id}#{self.idx}"

    @property
    def dyad(self) -> tuple[str | None, str | None]:
        return (self.source_actor, self.target_actor)


def with_ontology(row: EventRow) -> EventRow:
    """`row` with quad class and intensity filled from the PLOVER ontology when missing."""
    if row.quad_class is not None and row.intensity is not None:
        return row
    onto = load_ontology()
    if row.type not in onto.names:
        return row
    kind = onto.get(row.type)
    return replace(row, quad_class=row.quad_class or kind.quad_class,
                   intensity=row.intensity if row.intensity is not None else kind.intensity)


def load_event_rows(store: Store, *, actors: Sequence[str] = ()) -> list[EventRow]:
    """Event mentions of original articles, those touching `actors` when given."""
    originals, params = article_where(ArticleFilter())
    sql = ("SELECT e.article_id, e.idx, e.type, e.source_actor, e.target_actor, e.status, "
           "e.negated, e.day, e.date_value, e.date_from_article, e.quad_class, e.intensity, "
           "e.place_country, e.sentence, a.source, sa.country AS source_country, "
           "ta.country AS target_country, sa.kind AS source_kind, ta.kind AS target_kind, "
           "e.confidence FROM events e "
           "JOIN articles a ON a.id = e.article_id "
           "LEFT JOIN actors sa ON sa.id = e.source_actor "
           f"LEFT JOIN actors ta ON ta.id = e.target_actor WHERE {originals}")
    if actors:
        sql += (f" AND (e.source_actor IN {in_list(actors)} OR e.target_actor IN "
                f"{in_list(actors)} OR sa.country IN {in_list(actors)} OR ta.country IN "
                f"{in_list(actors)})")
        params += [*actors, *actors, *actors, *actors]
    out = []
    for r in store.rows(sql + " ORDER BY a.published, e.article_id, e.idx", params):
        named = own_day(r["date_value"], r["date_from_article"]) is not None
        status = "denied" if r["negated"] else (r["status"] or "occurred")
        out.append(with_ontology(EventRow(
            r["article_id"], r["idx"], r["type"], r["source_actor"], r["target_actor"],
            as_date(r["day"]), status, r["quad_class"], r["intensity"], r["place_country"],
            r["source"], r["sentence"] or "", named, r["source_country"],
            r["target_country"], r["source_kind"], r["target_kind"], r["confidence"])))
    return out
