"""The articles a stories command works on, read from the store with their times and events.

Articles are selected by the store's one article filter (`veille.store.read`), and
events dated by its one event-day rule (the stored `events.day`), so timelines, the
API and exports agree on which articles and which days they speak of.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from veille.store import Store
from veille.store.read import ArticleFilter, article_where, as_date, own_day


@dataclass(frozen=True, slots=True)
class SelectedArticle:
    """An article as the stories modules need it."""

    id: str
    published: date | None
    source: str | None
    url: str | None
    title: str | None
    language: str | None
    text: str

    def reference(self) -> dict[str, Any]:
        """How a summary cites it: id, url, source, title, date."""
        return {"article_id": self.id, "url": self.url, "source": self.source,
                "title": self.title,
                "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True, slots=True)
class DatedEvent:
    """An event row, with the day it happened on (`veille.store.read.event_day`)."""

    article: SelectedArticle
    day: date | None
    type: str
    intensity: float | None
    day_named: bool = True  # its sentence names the day; False when it is the article's
    start: int | None = None  # where its sentence starts in the article text
    status: str | None = None  # occurred, reported, planned, threatened, denied, hypothetical


@dataclass(frozen=True, slots=True)
class LeftOut:
    """What a view could not place in time, so that it says so instead of dropping it
    silently: articles with no publication date (and, for a timeline, no dated sentence),
    events with no day (neither their own nor their article's)."""

    articles: int = 0
    events: int = 0

    def __bool__(self) -> bool:
        return bool(self.articles or self.events)

    def to_dict(self) -> dict[str, int]:
        return {"articles": self.articles, "events": self.events}


@dataclass(slots=True)
class Selection:
    articles: list[SelectedArticle] = field(default_factory=list)
    # per article: (start, end, value) of each time expression
    times: dict[str, list[tuple[int, int, str | None]]] = field(default_factory=dict)
    events: list[DatedEvent] = field(default_factory=list)


def load_selection(store: Store, *, actors: Sequence[str] = (),
                   story: str | None = None) -> Selection:
    """The originals matching the filters, with their times and their events.

    No date filter here: an article from June can be the best source on a day in
    January, so date ranges apply to the days named, not to publication.
    """
    where, params = article_where(ArticleFilter(actors=tuple(actors), story=story))
    selection = Selection()
    by_id: dict[str, SelectedArticle] = {}
    for r in store.rows("SELECT a.id, a.published, a.source, a.url, a.title, a.language, "
                        f"a.text FROM articles a WHERE {where} ORDER BY a.published, a.id",
                        params):
        article = SelectedArticle(r["id"], as_date(r["published"]), r["source"], r["url"],
                                  r["title"], r["language"], r["text"])
        by_id[article.id] = article
        selection.articles.append(article)
    times: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for r in store.rows("SELECT t.article_id, t.start_char, t.end_char, t.value FROM times t "
                        f"JOIN articles a ON a.id = t.article_id WHERE {where}", params):
        times[r["article_id"]].append((r["start_char"], r["end_char"], r["value"]))
    selection.times = dict(times)
    for r in store.rows("SELECT e.article_id, e.day, e.date_value, e.date_from_article, "
                        "e.type, e.intensity, e.start_char, e.status FROM events e "
                        f"JOIN articles a ON a.id = e.article_id WHERE {where}", params):
        named = own_day(r["date_value"], r["date_from_article"]) is not None
        selection.events.append(DatedEvent(by_id[r["article_id"]], as_date(r["day"]),
                                           r["type"], r["intensity"], named,
                                           r["start_char"], r["status"]))
    return selection

