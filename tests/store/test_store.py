"""Both store engines, one suite: batches are atomic, re-writes idempotent, queries bind
parameters. Every test runs on DuckDB and on PostgreSQL (`db` fixture, conftest.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
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


def test_write_is_idempotent_and_counts_new_articles(db: str) -> None:
    with open_store(db) as store:
        assert store.write([_record("Un."), _record("Deux.")]) == 2
        assert store.write([_record("Un."), _record("Trois.")]) == 1
        assert store.stats()["articles"] == 3
    with open_store(db, read_only=True) as store:  # survives reopening
        assert store.stats()["articles"] == 3


def test_analysis_rows_are_stored_with_the_article(db: str) -> None:
    text = "L'Iran a lancé des missiles contre Israël samedi soir."
    with open_store(db) as store:
        store.write([_analysed(text)])
        stats = store.stats()
        assert (stats["mentions"], stats["times"], stats["actors"]) == (1, 1, 1)
        record = store.analysis_record(Article(text=text).id)
        assert record["text"] == text
        assert record["mentions"][0]["actor"]["id"] == "IRN"
        assert record["times"][0]["value"] == "2024-04-13"


def test_signatures_and_dates_round_trip(db: str) -> None:
    record = _record("Signé.", published=date(2024, 5, 17), date_precision="day")
    record.signature = bytes(range(256)) * 4  # every byte value, NUL included
    with open_store(db) as store:
        store.write([record])
        [(aid, hash_, signature, duplicate_of)] = list(store.dedup_rows())
        [row] = store.articles(ArticleQuery())
    assert (aid, hash_, duplicate_of) == (record.analysis.article.id, text_hash("Signé."), None)
    assert bytes(signature) == record.signature
    assert (row["published"], row["chars"], row["mentions"]) == (date(2024, 5, 17), 6, 0)


def test_failed_batch_leaves_nothing_half_written(db: str) -> None:
    bad = _analysed("L'Iran a lancé des missiles contre Israël samedi soir.")
    bad.analysis.mentions.append(Mention(0, 1, None, None))  # type: ignore[arg-type]  # NOT NULL
    with open_store(db) as store:
        store.write([_record("Déjà là.")])
        with pytest.raises(Exception):
            store.write([_record("Nouveau."), bad])
        stats = store.stats()
        assert stats["articles"] == 1 and stats["mentions"] == 0
        assert store.write([_record("Nouveau.")]) == 1  # the store is usable after a rollback


def test_search_treats_user_text_as_data(db: str) -> None:
    with open_store(db) as store:
        store.write([_record("Taux de 100% atteint", title="Un"), _record("Rien", title="Deux")])
        assert [r["title"] for r in store.articles(ArticleQuery(search="100%"))] == ["Un"]
        assert store.articles(ArticleQuery(search="'; DROP TABLE articles; --")) == []
        assert store.stats()["articles"] == 2


def test_filters_by_language_and_date(db: str) -> None:
    with open_store(db) as store:
        store.write([_record("Premier.", language="fr", published=date(2024, 1, 2)),
                     _record("Second.", language="en", published=date(2024, 3, 4)),
                     _record("Sans date.", language="fr")])
        french = store.articles(ArticleQuery(language="fr"))
        spring = store.articles(ArticleQuery(date_from=date(2024, 2, 1)))
    assert [r["published"] for r in french] == [date(2024, 1, 2), None]  # newest first, NULLs last
    assert [r["language"] for r in spring] == ["en"]


def test_pending_then_write_analyses_marks_articles_analysed(db: str) -> None:
    with open_store(db) as store:
        store.write([_record("Un texte.", language="fr")])
        pending = list(store.pending())
        assert [a.text for a in pending] == ["Un texte."]
        store.write_analyses([Analysis(pending[0], quality={"sentences": 1})])
        assert list(store.pending()) == [] and store.stats()["analyzed"] == 1


def test_write_analyses_replaces_previous_rows(db: str) -> None:
    record = _analysed("L'Iran a lancé des missiles contre Israël samedi soir.")
    with open_store(db) as store:
        store.write([record])
        store.write_analyses([record.analysis])  # re-analysis: same rows, not twice as many
        stats = store.stats()
    assert (stats["mentions"], stats["times"], stats["analyzed"]) == (1, 1, 1)


def test_meta_values_are_set_replaced_and_survive_reopening(db: str) -> None:
    with open_store(db) as store:
        assert store.read_meta("feed:a") is None
        store.write_meta({"feed:a": '{"etag": "1"}', "feed:b": "x"})
        store.write_meta({"feed:a": '{"etag": "2"}'})
    with open_store(db) as store:
        assert json.loads(store.read_meta("feed:a")) == {"etag": "2"}
        assert store.read_meta("feed:b") == "x"


def test_clear_errors_for_missing_folder_and_postgres(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "v.duckdb")
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/veille")
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_postgres_connection_errors_name_the_url_without_its_password(tmp_path: Path) -> None:
    url = f"postgresql://veille:s3cret@/veille?host={tmp_path}&port=1"  # no server there
    expected = r"^cannot connect to postgresql://veille:\*\*\*@/"
    with pytest.raises(StoreError, match=expected) as info:
        open_store(url)
    assert "s3cret" not in str(info.value)


def test_postgres_read_only_refuses_an_empty_database(pg_url: str) -> None:
    with pytest.raises(StoreError, match="no store"):
        open_store(pg_url, read_only=True)


# Each process writes batches of 50 analysed articles: 0–600 and 300–900, both starting
# with the shared 300–600 so that they insert the same rows at the same moment.
_WRITER = textwrap.dedent("""
    import sys, time
    from veille.ingest.dedup import text_hash
    from veille.model import Actor, Analysis, Article, Mention
    from veille.store import Record, open_store

    url = sys.argv[1]
    numbers = [i for part in sys.argv[2].split(",")
               for i in range(*map(int, part.split(":")))]
    iran = Actor(id="IRN", name="Iran", kind="state", country="IRN")
    def record(i):
        text = f"L'Iran annonce la mesure numéro {i}."
        a = Article(text=text, language="fr")
        return Record(Analysis(a, mentions=[Mention(0, 6, "L'Iran", iran, "LOC")]),
                      text_hash(text), bytes(16), analyzed=True)
    with open_store(url) as store:
        print("ready", flush=True)
        sys.stdin.readline()  # "go": both processes are connected, start together
        started = time.time()
        new = sum(store.write([record(i) for i in numbers[k:k + 50]])
                  for k in range(0, len(numbers), 50))
    print(new, started, time.time())
""")


def test_postgres_two_processes_ingesting_overlapping_batches_lose_and_duplicate_nothing(
        pg_url: str) -> None:
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, pg_url, ranges],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for ranges in ("300:600,0:300", "300:600,600:900")]
    assert [p.stdout.readline().strip() for p in procs] == ["ready", "ready"]
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    (new_a, start_a, end_a), (new_b, start_b, end_b) = (map(float, out.split())
                                                        for out, _ in outputs)
    assert max(start_a, start_b) < min(end_a, end_b)  # the two writers really overlapped
    with open_store(pg_url, read_only=True) as store:
        stats = store.stats()
    assert new_a + new_b == 900  # each article counted new exactly once
    assert (stats["articles"], stats["mentions"], stats["actors"]) == (900, 900, 1)
