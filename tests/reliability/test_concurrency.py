"""Two ingests writing and a reader reading, at once, on DuckDB (shared mode) and PostgreSQL:
no lost article, no duplicate, no error surfaced to the reader.

The writers are forked processes running `veille.run.runner.ingest` on overlapping corpora
(a third of the second corpus repeats the first), so both try to store the same
articles at the same moment. The reader polls the store the way the API does (a page of
articles, an analysis record, the stats) through short-lived read-only opens, and must
see the article count only grow.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability_corpus import write_corpus
from veille.run.runner import RunOptions, ingest
from veille.store import ArticleQuery, open_store
from veille.store.integrity import check_store

FORK = multiprocessing.get_context("fork")


def _writer(corpus: str, db: str, batch_size: int, errors, lock_timeout: float = 60.0) -> None:
    from veille.store.duckdb_store import DuckDBStore

    try:
        store = (DuckDBStore(db, shared=True, lock_timeout=lock_timeout)
                 if db.endswith(".duckdb") else open_store(db))
        with store:
            summary = ingest([corpus], store, run=RunOptions(analyze=False,
                                                             batch_size=batch_size))
        if summary.skipped:
            errors.put(f"{corpus}: skipped {summary.skipped[:3]}")
    except BaseException as exc:  # noqa: BLE001  (reported to the parent, which fails)
        errors.put(f"{corpus}: {type(exc).__name__}: {exc}")


def corpora(tmp_path: Path, n: int) -> tuple[Path, Path, int]:
    """Two corpora sharing n // 3 articles; returns them and the distinct article count."""
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    write_corpus(a, n, seed=21, repeats=0)
    write_corpus(b, n, seed=22, repeats=0)
    shared = a.read_text(encoding="utf-8").splitlines()[: n // 3]
    b.write_text(b.read_text(encoding="utf-8") + "\n".join(shared) + "\n", encoding="utf-8")
    return a, b, 2 * n


def read_api_while_writing(db: str, writers: list, deadline: float, monkeypatch) -> int:
    """Poll the REST API (in process) until the writers end; returns how many reads succeeded.

    The writers start only once the app is up: on a fast machine 100 articles without
    analysis are written before an app started after them would serve one request."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from veille.surfaces.api import create_app

    monkeypatch.setenv("VEILLE_SHARED_STORE", "1")
    reads, last = 0, 0
    with TestClient(create_app(db, read_only=True)) as client:
        for w in writers:
            w.start()
        while any(w.is_alive() for w in writers):
            assert time.monotonic() < deadline, "writers did not finish in time"
            page = client.get("/articles", params={"limit": 5})
            assert page.status_code == 200, page.text
            if page.json()["items"]:
                one = client.get(f"/articles/{page.json()['items'][0]['id']}")
                assert one.status_code == 200, one.text
            count = page.json()["total"]
            assert count >= last, f"article count went down: {last} → {count}"
            last, reads = count, reads + 1
    return reads


def read_while_writing(db: str, writers: list, deadline: float) -> int:
    """Poll the store until the writers end; returns how many reads succeeded."""
    reads, last = 0, 0
    while any(w.is_alive() for w in writers):
        assert time.monotonic() < deadline, "writers did not finish in time"
        with open_store(db, read_only=True, shared=True) as store:
            page = store.articles(ArticleQuery(limit=5))
            if page:
                assert store.analysis_record(page[0]["id"])["text"]
            count = store.stats()["articles"]
        assert count >= last, f"article count went down: {last} → {count}"
        last, reads = count, reads + 1
    return reads


@pytest.mark.parametrize("engine, reader", [
    ("duckdb", "store"), ("postgresql", "store"), ("postgresql", "api")])
def test_two_writers_and_a_reader(tmp_path, request, monkeypatch, engine, reader):
    db = str(tmp_path / "v.duckdb") if engine == "duckdb" else request.getfixturevalue("pg_url")
    open_store(db).close()  # the schema exists before anyone reads
    a, b, distinct = corpora(tmp_path, 100)
    errors = FORK.Queue()
    lock_timeout = 10.0 if reader == "api" else 60.0
    writers = [FORK.Process(target=_writer, args=(str(c), db, 8, errors, lock_timeout))
               for c in (a, b)]
    if reader != "api":  # the API reader starts them once its app is up
        for w in writers:
            w.start()
    deadline = time.monotonic() + 240
    reads = (read_api_while_writing(db, writers, deadline, monkeypatch) if reader == "api"
             else read_while_writing(db, writers, deadline))
    for w in writers:
        w.join(30)
    assert errors.empty(), errors.get()
    assert all(w.exitcode == 0 for w in writers)
    with open_store(db, read_only=True, shared=True) as store:
        stats = store.stats()
        report = check_store(store)
    assert report.ok, [(f.name, f.count, f.examples) for f in report.findings]
    assert stats["articles"] == stats["originals"] == distinct
    assert reads > 0


def _holder(db: str, ready, stop) -> None:
    """Child body: hold `db` open for writing (unshared) until told to stop."""
    with open_store(db, shared=False):
        ready.set()
        stop.wait(60)


def held_elsewhere(db: str):
    """A forked process holding `db`; returns its stop event and the process."""
    ready, stop = FORK.Event(), FORK.Event()
    proc = FORK.Process(target=_holder, args=(db, ready, stop))
    proc.start()
    assert ready.wait(60), "holder did not open the store"
    return stop, proc


def test_unshared_duckdb_refuses_a_second_writer_clearly(tmp_path):
    from veille.store import StoreError

    db = str(tmp_path / "v.duckdb")
    stop, proc = held_elsewhere(db)
    try:
        with pytest.raises(StoreError, match="cannot open store .*another process holds it.*--exclusive"):
            open_store(db, shared=False)
    finally:
        stop.set()
        proc.join(30)


def test_shared_duckdb_waits_for_the_lock_then_gives_up(tmp_path):
    from veille.store import StoreError
    from veille.store.duckdb_store import DuckDBStore

    db = str(tmp_path / "v.duckdb")
    stop, proc = held_elsewhere(db)
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="another process held it for over 0.5 s"):
            DuckDBStore(db, shared=True, lock_timeout=0.5)
    finally:
        stop.set()
    assert 0.4 < time.monotonic() - started < 10
    proc.join(30)
    DuckDBStore(db, shared=True, lock_timeout=5).close()  # released: opens at once


# A fresh interpreter (not a fork: a fork would inherit this process's open database).
TRY_WRITE = ("import sys; from veille.store.duckdb_store import DuckDBStore; "
             "DuckDBStore(sys.argv[1], shared=True, lock_timeout=2.0).close()")


def test_api_lets_a_writer_in_between_requests(tmp_path, monkeypatch):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from veille.surfaces.api import create_app

    db = str(tmp_path / "v.duckdb")
    open_store(db).close()
    monkeypatch.setenv("VEILLE_SHARED_STORE", "1")
    with TestClient(create_app(db, read_only=True)) as client:
        assert client.get("/articles", params={"limit": 5}).status_code == 200
        import subprocess
        import sys

        done = subprocess.run([sys.executable, "-c", TRY_WRITE, db], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr.strip().splitlines()[-1]


# --- issue #22 item 4: `veille serve` and the commands on one DuckDB file, by default ------

CLI = [sys.executable, "-m", "veille.surfaces.cli"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=300)


def _get(url: str) -> tuple[int, dict]:
    import json
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_serve_stats_articles_and_ingest_at_once_on_one_duckdb_file(tmp_path):
    """With no option and no environment variable: `veille serve` answers requests while
    `veille stats`, `veille articles` and `veille ingest` run on its file, and the server
    sees what the ingest wrote. Before, the server held the file and each command failed."""
    import threading

    db = str(tmp_path / "v.duckdb")
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    write_corpus(first, 30, seed=31, repeats=0)
    write_corpus(second, 40, seed=32, repeats=0)
    env = {k: v for k, v in os.environ.items() if k != "VEILLE_SHARED_STORE"}
    env["COLUMNS"] = "10000"
    done = _cli(["ingest", str(first), "--db", db, "--no-analyze"], env)
    assert done.returncode == 0, done.stderr
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    statuses: list[int] = []
    stop = threading.Event()

    def poll() -> None:  # a dashboard reloading all along
        while not stop.is_set():
            statuses.append(_get(f"{base}/articles?limit=5")[0])
            time.sleep(0.05)

    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, server.stderr.read()
            try:
                if _get(f"{base}/health")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "veille serve did not come up"
            time.sleep(0.2)
        poller = threading.Thread(target=poll)
        poller.start()
        try:
            stats = _cli(["stats", "--db", db, "--format", "json"], env)
            listed = _cli(["articles", "--db", db, "--limit", "3"], env)
            added = _cli(["ingest", str(second), "--db", db, "--no-analyze",
                          "--batch-size", "8"], env)
        finally:
            stop.set()
            poller.join(150)
        assert stats.returncode == 0, stats.stderr
        assert '"articles": 30' in stats.stdout
        assert listed.returncode == 0, listed.stderr
        assert added.returncode == 0, added.stderr
        assert "stored 40 new" in " ".join(added.stdout.split())
        assert statuses and set(statuses) == {200}, statuses
        assert _get(f"{base}/health")[1]["articles"] == 70  # the server sees the new file
    finally:
        server.terminate()
        server.wait(30)


def test_exclusive_serve_makes_a_command_wait_then_say_why(tmp_path):
    """`veille serve --exclusive` holds the file all along: a command waits for it (up to
    the lock timeout), then ends with exit code 2 and one line saying what to do."""
    db = str(tmp_path / "v.duckdb")
    open_store(db).close()
    env = {k: v for k, v in os.environ.items() if k != "VEILLE_SHARED_STORE"}
    env["COLUMNS"] = "40"  # a narrow terminal: the message is still found whole below
    port = _free_port()
    server = subprocess.Popen([*CLI, "serve", "--db", db, "--port", str(port), "--exclusive"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/health")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "no server"
            time.sleep(0.2)
        done = _cli(["stats", "--db", db], {**env, "VEILLE_LOCK_TIMEOUT": "1"})
    finally:
        server.terminate()
        server.wait(30)
    said = " ".join(done.stderr.split())
    assert done.returncode == 2, said
    assert "cannot open store" in said and "--exclusive" in said and "Traceback" not in said


# --- issue #22 item 5: two ingests at once must still link a near-duplicate pair ---------

def _story(seed: int, sentences: int = 25) -> str:
    import random

    from reliability_corpus import _text

    return _text(random.Random(seed), sentences)


@pytest.mark.parametrize("engine", ["duckdb", "postgresql"])
def test_two_ingests_at_once_link_a_near_duplicate_pair(tmp_path, request, engine):
    """Run A loads its deduplicator, then run B stores a story, then A reaches its copy
    of it (a changed last word): A must link its copy to B's, not store a second
    original. The interleaving is made exact: A's input runs B when A asks for it."""
    from veille.model import Article
    from veille.run.runner import ingest_articles
    from veille.store.duckdb_store import DuckDBStore

    db = str(tmp_path / "v.duckdb") if engine == "duckdb" else request.getfixturevalue("pg_url")

    def opened():
        return DuckDBStore(db, shared=True) if engine == "duckdb" else open_store(db)

    story = _story(7)
    copy = story.rsplit(" ", 1)[0] + " Paris."  # same story, last word changed
    other = _story(8)
    run = RunOptions(analyze=False, batch_size=4)

    def input_of_a():
        with opened() as store_b:  # B runs start to end while A waits on its input
            b = ingest_articles([Article(id="b-story", text=story, language="fr")], store_b, run)
            assert b.stored == 1
        yield Article(id="a-other", text=other, language="fr")
        yield Article(id="a-copy", text=copy, language="fr")

    with opened() as store_a:
        a = ingest_articles(input_of_a(), store_a, run)
    assert (a.stored, a.near_duplicates) == (2, 1)
    with opened() as store:
        rows = {r["id"]: r for r in store.rows(
            "SELECT a.id, a.duplicate_of, a.similarity, m.signature IS NOT NULL AS signed "
            "FROM articles a LEFT JOIN minhashes m ON m.article_id = a.id")}
        report = check_store(store)
    assert rows["a-copy"]["duplicate_of"] == "b-story" and rows["a-copy"]["similarity"] >= 0.8
    assert not rows["a-copy"]["signed"]  # a duplicate keeps no signature
    assert rows["b-story"]["duplicate_of"] is None and rows["a-other"]["duplicate_of"] is None
    assert report.ok, [(f.name, f.count, f.examples) for f in report.findings]
