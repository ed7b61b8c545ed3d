"""The articles a stories command works on, read from the store with their times and events.

One place builds the WHERE clause for the filters every command shares (actors, story,
date range), so `timeline`, `stories` and `escalation` select articles the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from veille.stories.sql import in_list, rows
from veille.store import Store


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
    """An event row, with the day it happened on (its own date, else its article's)."""

    article: SelectedArticle
    day: date | None
    type: str
    intensity: float | None
    day_named: bool = True  # its sentence names the day; False when it is the article's
    start: int | None = None  # where its sentence starts in the article text
    status: str | None = None  # occurred, reported, planned, threatened, denied, hypothetical


@dataclass(slots=True)
class Selection:
    articles: list[SelectedArticle] = field(default_factory=list)
    # per article: (start, end, value) of each time expression
    times: dict[str, list[tuple[int, int, str | None]]] = field(default_factory=dict)
    events: list[DatedEvent] = field(default_factory=list)


def article_filter(*, actors: Sequence[str] = (), story: str | None = None,
                   alias: str = "a") -> tuple[str, list[Any]]:
    """A WHERE clause over `articles AS alias` (originals only) and its parameters."""
    clauses = [f"{alias}.duplicate_of IS NULL"]
    params: list[Any] = []
    if actors:
        clauses.append(f"{alias}.id IN (SELECT m.article_id FROM mentions m "
                       f"WHERE m.actor_id IN {in_list(actors)})")
        params.extend(actors)
    if story:
        clauses.append(f"{alias}.id IN (SELECT sa.article_id FROM story_articles sa "
                       "WHERE sa.story_id = ?)")
        params.append(story)
    return " AND ".join(clauses), params


def load_selection(store: Store, *, actors: Sequence[str] = (),
                   story: str | None = None) -> Selection:
    """The originals matching the filters, with their times and their events.

    No date filter here: an article from June can be the best source on a day in
    January, so date ranges apply to the days named, not to publication.
    """
    where, params = article_filter(actors=actors, story=story)
    selection = Selection()
    by_id: dict[str, SelectedArticle] = {}
    for r in rows(store, "SELECT a.id, a.published, a.source, a.url, a.title, a.language, "
                         f"a.text FROM articles a WHERE {where} ORDER BY a.published, a.id",
                  params):
        article = SelectedArticle(r["id"], as_date(r["published"]), r["source"], r["url"],
                                  r["title"], r["language"], r["text"])
        by_id[article.id] = article
        selection.articles.append(article)
    times: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for r in rows(store, "SELECT t.article_id, t.start_char, t.end_char, t.value FROM times t "
                         f"JOIN articles a ON a.id = t.article_id WHERE {where}", params):
        times[r["article_id"]].append((r["start_char"], r["end_char"], r["value"]))
    selection.times = dict(times)
    for r in rows(store, "SELECT e.article_id, e.date_value, e.date_from_article, e.type, "
                         "e.intensity, e.start_char, e.status FROM events e "
                         f"JOIN articles a ON a.id = e.article_id WHERE {where}", params):
        article = by_id[r["article_id"]]
        named = day_of(r["date_value"])
        selection.events.append(DatedEvent(article, named or article.published, r["type"],
                                           r["intensity"],
                                           named is not None and not r["date_from_article"],
                                           r["start_char"], r["status"]))
    return selection


def as_date(value: Any) -> date | None:
    """A DATE column's value as a date (engines return date objects or ISO strings)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def day_of(value: str | None) -> date | None:
    """The day a TIMEX value falls on: '2024-04-13', also with a part of day or a clock
    time ('2024-04-13TEV', '2024-04-13T17:00'); None for months, years, durations."""
    if not value or len(value) < 10 or (len(value) > 10 and value[10] != "T"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
