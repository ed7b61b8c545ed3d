"""TIMEX3 `mod` and `anchor` of time expressions are stored (issue #20), on both engines
(`db` fixture, conftest.py); a store written before them is upgraded on open, its older
rows keeping NULL."""

from __future__ import annotations

from datetime import date

import pytest

from veille.ingest.dedup import text_hash
from veille.model import Analysis, Article, TimeValue
from veille.store import Record, StoreError, open_store

TEXT = "Fin 2010, la crise a commencé. La veille, le 3 mai, rien."


def _record(text: str = TEXT) -> Record:
    article = Article(text=text, title="Chronologie", published=date(2011, 5, 10),
                      date_precision="day", language="fr", source="example.org")
    times = [TimeValue(0, 8, "Fin 2010", "2010", granularity="year", mod="END"),
             TimeValue(31, 39, "La veille", "2011-05-02", granularity="day",
                       relative=True, anchor="le 3 mai")]
    return Record(Analysis(article, times=times), text_hash(text), None, analyzed=True)


def _times(db: str) -> list[tuple]:
    with open_store(db, read_only=True) as store:
        return [(r["text"], r["value"], r["mod"], r["anchor"]) for r in store.rows(
            "SELECT text, value, mod, anchor FROM times ORDER BY article_id, idx")]


def test_mod_and_anchor_are_stored(db: str) -> None:
    with open_store(db) as store:
        store.write([_record()])
    assert _times(db) == [("Fin 2010", "2010", "END", None),
                          ("La veille", "2011-05-02", None, "le 3 mai")]


def test_a_store_from_before_times_mod_is_upgraded_on_open(db: str) -> None:
    with open_store(db) as store:
        store.write([_record()])
        # what an older veille wrote: no `mod` / `anchor` columns
        store.execute("ALTER TABLE times DROP COLUMN mod")
        store.execute("ALTER TABLE times DROP COLUMN anchor")
    with pytest.raises(StoreError, match="older veille.*times.mod"):
        open_store(db, read_only=True)
    with open_store(db) as store:  # opened for writing: the columns are added
        store.write([_record("Autre article. " + TEXT)])
    rows = _times(db)
    assert len(rows) == 4
    assert {r[2:] for r in rows if r[2:] != (None, None)} == {
        ("END", None), (None, "le 3 mai")}  # the new article's; the older ones are NULL
    assert sum(r[2:] == (None, None) for r in rows) == 2
