"""The rules every reader of the store shares: which articles a filter selects, which
day an event happened on, and how DATE values and IN lists are read and written.

They lived in three places (the store's article listing, the stories selection, the
API) and drifted: the API dated `2026-02-05TEV` by its article while timelines and
exports read 5 February. Each rule is written here once; every reader imports it.

Queries are written with `?` placeholders and standard SQL; the engine translates
(`Store.rows`). User text never enters the SQL, only placeholders do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """Which stored articles a reader wants; None or empty means "any".

    `search`: every word must appear in the title or the text (case-insensitive).
    `actors`: articles mentioning any of them. `ids`: only these articles (None: any).
    Dates bound publication; readers dating events by their own day leave them None.
    """

    search: str | None = None
    language: str | None = None
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_duplicates: bool = False
    actors: tuple[str, ...] = ()
    story: str | None = None  # needs the stories tables (Store.ensure_schema("veille.stories"))
    ids: tuple[str, ...] | None = None


def article_where(f: ArticleFilter, alias: str = "a") -> tuple[str, list[Any]]:
    """The WHERE condition over `articles AS alias` selecting `f`, and its parameters."""
    clauses, params = [f"{alias}.duplicate_of IS NULL"] if not f.include_duplicates else [], []
    for word in (f.search or "").split():
        clauses.append(f"({alias}.title ILIKE ? ESCAPE '\\' OR {alias}.text ILIKE ? ESCAPE '\\')")
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    for column, value in (("language", f.language), ("source", f.source)):
        if value:
            clauses.append(f"{alias}.{column} = ?")
            params.append(value)
    if f.date_from:
        clauses.append(f"{alias}.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        clauses.append(f"{alias}.published <= ?")
        params.append(f.date_to)
    if f.actors:
        clauses.append(f"{alias}.id IN (SELECT m.article_id FROM mentions m "
                       f"WHERE m.actor_id IN {in_list(f.actors)})")
        params += list(f.actors)
    if f.story:
        clauses.append(f"{alias}.id IN (SELECT sa.article_id FROM story_articles sa "
                       "WHERE sa.story_id = ?)")
        params.append(f.story)
    if f.ids is not None:
        clauses.append(f"{alias}.id IN {in_list(f.ids)}" if f.ids else "FALSE")
        params += list(f.ids)
    return " AND ".join(clauses) or "TRUE", params


def day_of(value: str | None) -> date | None:
    """The day a TIMEX value names: '2024-04-13', also with a part of day or a clock
    time ('2024-04-13TEV', '2024-04-13T17:00'); None for months ('2024-04'), weeks
    ('2024-W15'), years, durations and PRESENT_REF."""
    if not value or len(value) < 10 or (len(value) > 10 and value[10] != "T"):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def own_day(date_value: str | None, date_from_article: bool | None) -> date | None:
    """The day an event's own sentence names: its TIMEX value's day, unless that value
    was only taken from the article's date (then the sentence names no day)."""
    return None if date_from_article else day_of(date_value)


def event_day(date_value: str | None, date_from_article: bool | None,
              published: date | None) -> date | None:
    """The day an event happened on, for every reader (API, exports, timelines,
    escalation): its own day (`own_day`), else its article's publication day.

    Stored as `events.day` when the event is written (`veille.store.rows`), so SQL
    readers filter and sort on that column instead of repeating the rule."""
    return own_day(date_value, date_from_article) or as_date(published)


def as_date(value: Any) -> date | None:
    """A DATE column's value as a date (engines return date objects or ISO strings)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def in_list(values: Sequence[Any]) -> str:
    """`(?, ?, ?)` for an IN clause over `values` (never empty: callers check)."""
    return "(" + ", ".join("?" for _ in values) + ")"
