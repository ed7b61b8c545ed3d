"""One event-day rule for every reader, on both engines (`db` fixture, conftest.py).

The API (`/events`), the exports and the stories modules (timelines, escalation,
merged events) used to date events by three copies of the rule, and `2026-02-05TEV`
fell on the publication day in the API but on 5 February elsewhere. Every TIMEX value
shape is stored here once, then read back through each reader.
"""

from __future__ import annotations

from datetime import date

import pytest

from veille.ingest.dedup import text_hash
from veille.model import Analysis, Article, Event, TimeValue
from veille.store import Record, StoreError, open_store
from veille.store.read import event_day

PUBLISHED = date(2026, 2, 9)
FEB5 = date(2026, 2, 5)
# (TIMEX value of the event's date, taken from the article's date?) -> the day it happened
SHAPES: dict[tuple[str | None, bool], date] = {
    ("2026-02-05", False): FEB5,
    ("2026-02-05TEV", False): FEB5,
    ("2026-02-05T17:00", False): FEB5,
    ("2026-02", False): PUBLISHED,
    ("2026-W06", False): PUBLISHED,
    ("PRESENT_REF", False): PUBLISHED,
    (None, False): PUBLISHED,
    ("2026-02-05", True): PUBLISHED,  # the article's date: the sentence names no day
}


def _record(n: int, value: str | None, from_article: bool) -> Record:
    text = f"Article {n}: des frappes ont eu lieu."
    article = Article(text=text, title=f"Article {n}", published=PUBLISHED,
                      date_precision="day", language="fr", source=f"source{n}.example")
    when = TimeValue(0, 9, "ce jour", value) if value else None
    event = Event(type="ASSAULT", sentence=text, start=0, end=len(text), date=when,
                  date_from_article=from_article, quad_class="material_conflict",
                  intensity=-9.0)
    return Record(Analysis(article, events=[event]), text_hash(text), None, analyzed=True)


def _expected() -> dict[str, date]:
    return {_record(n, *shape).analysis.article.id: day
            for n, (shape, day) in enumerate(SHAPES.items())}


def _fill(db: str) -> None:
    with open_store(db) as store:
        store.write([_record(n, *shape) for n, shape in enumerate(SHAPES)])


def _days_by_reader(db: str) -> dict[str, dict[str, date | None]]:
    """article id -> event day, as each reader of the store sees it."""
    from veille.export.events import gdelt_rows
    from veille.stories.events_rows import load_event_rows
    from veille.stories.selection import load_selection
    from veille.surfaces.api.queries import Filters, Page, list_events

    def iso(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    with open_store(db, read_only=True) as store:
        api = list_events(store, Filters(), Page(limit=100))["items"]
        only_feb5 = list_events(store, Filters(date_from=FEB5, date_to=FEB5), Page(limit=100))
        return {
            "api": {e["article_id"]: iso(e["day"]) for e in api},
            "api_filtered": {e["article_id"]: iso(e["day"]) for e in only_feb5["items"]},
            "export": {r["ArticleID"]: iso(r["Day"]) for r in gdelt_rows(store)},
            "event_rows": {r.article_id: r.day for r in load_event_rows(store)},
            "timeline": {e.article.id: e.day for e in load_selection(store).events},
        }


def test_the_rule_itself() -> None:
    for (value, from_article), day in SHAPES.items():
        assert event_day(value, from_article, PUBLISHED) == day, value
    assert event_day("2026-02", False, None) is None


def test_api_export_and_stories_give_every_event_the_same_day(db: str) -> None:
    _fill(db)
    seen = _days_by_reader(db)
    expected = _expected()
    for reader in ("api", "export", "event_rows", "timeline"):
        assert seen[reader] == expected, reader
    assert seen["api_filtered"] == {aid: d for aid, d in expected.items() if d == FEB5}


def test_a_store_from_before_events_day_is_upgraded_on_open(db: str) -> None:
    _fill(db)
    with open_store(db) as store:  # what an older veille wrote: no `day` column
        store.execute("ALTER TABLE events DROP COLUMN day")
    with pytest.raises(StoreError, match="older veille"):
        open_store(db, read_only=True)
    open_store(db).close()  # opened for writing: the column is added and filled
    seen = _days_by_reader(db)
    assert seen["api"] == seen["export"] == seen["timeline"] == _expected()
