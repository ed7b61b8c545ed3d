"""The DuckDB store: batches are atomic, re-writes are idempotent, queries bind parameters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from veille.ingest.dedup import text_hash
from veille.model import Actor, Analysis, Article, Mention, TimeValue
from veille.store import ArticleQuery, Record, StoreError, open_store


def _record(text: str, **article: object) -> Record:
    a = Article(text=text, **article)
    return Record(Analysis(a), text_hash(text), None)


def _analysed(text: str) -> Record:
    a = Article(text=text, published=date(2024, 4, 14), date_precision="day", language="fr")
    iran = Actor(id="IRN", name="Iran", kind="state", country="IRN")
    analysis = Analysis(a, mentions=[Mention(0, 6, "L'Iran", iran, "LOC")],
                        times=[TimeValue(30, 36, "samedi", "2024-04-13", granularity="day")])
    return Record(analysis, text_hash(text), None, analyzed=True)


def test_write_is_idempotent_and_counts_new_articles(tmp_path: Path) -> None:
    db = tmp_path / "v.duckdb"
    with open_store(db) as store:
        assert store.write([_record("Un."), _record("Deux.")]) == 2
        assert store.write([_record("Un."), _record("Trois.")]) == 1
        assert store.stats()["articles"] == 3
    with open_store(db, read_only=True) as store:  # survives reopening
        assert store.stats()["articles"] == 3


def test_analysis_rows_are_stored_with_the_article(tmp_path: Path) -> None:
    text = "L'Iran a lancé des missiles contre Israël samedi soir."
    with open_store(tmp_path / "v.duckdb") as store:
        store.write([_analysed(text)])
        stats = store.stats()
        assert (stats["mentions"], stats["times"], stats["actors"]) == (1, 1, 1)
        record = store.analysis_record(Article(text=text).id)
        assert record["text"] == text
        assert record["mentions"][0]["actor"]["id"] == "IRN"
        assert record["times"][0]["value"] == "2024-04-13"


def test_failed_batch_leaves_nothing_half_written(tmp_path: Path) -> None:
    bad = _analysed("L'Iran a lancé des missiles contre Israël samedi soir.")
    bad.analysis.mentions.append(Mention(0, 1, None, None))  # type: ignore[arg-type]  # NOT NULL
    with open_store(tmp_path / "v.duckdb") as store:
        store.write([_record("Déjà là.")])
        with pytest.raises(Exception):
            store.write([_record("Nouveau."), bad])
        stats = store.stats()
        assert stats["articles"] == 1 and stats["mentions"] == 0


def test_search_treats_user_text_as_data(tmp_path: Path) -> None:
    with open_store(tmp_path / "v.duckdb") as store:
        store.write([_record("Taux de 100% atteint", title="Un"), _record("Rien", title="Deux")])
        assert [r["title"] for r in store.articles(ArticleQuery(search="100%"))] == ["Un"]
        assert store.articles(ArticleQuery(search="'; DROP TABLE articles; --")) == []
        assert store.stats()["articles"] == 2


def test_pending_then_write_analyses_marks_articles_analysed(tmp_path: Path) -> None:
    with open_store(tmp_path / "v.duckdb") as store:
        store.write([_record("Un texte.", language="fr")])
        pending = list(store.pending())
        assert [a.text for a in pending] == ["Un texte."]
        store.write_analyses([Analysis(pending[0], quality={"sentences": 1})])
        assert list(store.pending()) == [] and store.stats()["analyzed"] == 1


def test_clear_errors_for_missing_folder_and_postgres(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "v.duckdb")
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/veille")
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "absent.duckdb", read_only=True)
