"""Crash safety: SIGKILL an ingest (and a watch) while it writes, restart, check, finish.

The killed process is a fork of the test process (so it starts in milliseconds and
inherits the loaded spaCy model); it runs the same `veille.run.runner.ingest` the CLI runs
and reports each article read through a pipe, so the test kills it at a seeded random
point *during* the run whatever the machine's load. The slow variant kills the real
`veille ingest` command at random delays. After each kill the store must pass the
integrity check; after the last, re-running completes the corpus with no duplicate.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reliability_corpus import write_corpus
from veille.ingest import ReadOptions
from veille.run.runner import RunOptions, ingest
from veille.store import open_store
from veille.store.integrity import check_store

FORK = multiprocessing.get_context("fork")
REPO = Path(__file__).resolve().parents[2]


def _ingest_child(corpus: str, db: str, analyze: bool, batch_size: int, conn) -> None:
    """Child body: ingest `corpus`, sending one byte per article read."""
    with open_store(db) as store:
        ingest([corpus], store, run=RunOptions(analyze=analyze, batch_size=batch_size),
               progress=lambda item: conn.send_bytes(b"."))
    conn.send_bytes(b"done")


def kill_after_reads(corpus: Path, db: str, reads: int, *, analyze: bool,
                     batch_size: int) -> bool:
    """Run an ingest in a forked child and SIGKILL it after `reads` articles were read;
    returns False when it finished before that."""
    parent, child = FORK.Pipe(duplex=False)
    proc = FORK.Process(target=_ingest_child, args=(str(corpus), db, analyze, batch_size, child))
    proc.start()
    child.close()
    seen, finished = 0, False
    try:
        while seen < reads:
            if not parent.poll(120):
                raise AssertionError("ingest child stalled for 120 s")
            if parent.recv_bytes() == b"done":
                finished = True
                break
            seen += 1
    except EOFError:
        finished = True
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(30)
    parent.close()
    return not finished


def assert_sound(db: str) -> int:
    """The store passes every integrity rule; returns its article count."""
    with open_store(db, read_only=True) as store:
        report = check_store(store)
    assert report.ok, [(f.name, f.count, f.examples) for f in report.findings]
    return report.articles


def assert_complete(db: str, originals: int) -> None:
    """Every distinct text stored once as an original, nothing stored twice."""
    with open_store(db, read_only=True) as store:
        stats = store.stats()
        texts = store.con.execute(  # type: ignore[attr-defined]
            "SELECT count(DISTINCT text_hash) FROM articles").fetchone()[0]
    assert stats["originals"] == originals == texts


def kill_restart_cycles(tmp_path: Path, db: str, *, seed: int, cycles: int, n: int,
                        analyze: bool, batch_size: int) -> int:
    """`cycles` seeded kills at random reads, an integrity check after each, then a full
    run; returns the number of kills that landed mid-run."""
    corpus = tmp_path / "corpus.jsonl"
    counts = write_corpus(corpus, n, seed=seed)
    rng = random.Random(seed)
    killed = 0
    for _ in range(cycles):
        killed += kill_after_reads(corpus, db, rng.randint(1, counts["rows"] - 1),
                                   analyze=analyze, batch_size=batch_size)
        assert_sound(db)
    with open_store(db) as store:
        summary = ingest([str(corpus)], store,
                         run=RunOptions(analyze=analyze, batch_size=batch_size))
    assert not summary.interrupted and not summary.skipped
    assert_sound(db)
    assert_complete(db, counts["originals"])
    if analyze:
        with open_store(db, read_only=True) as store:
            stats = store.stats()
        assert stats["analyzed"] == counts["originals"]
    return killed


@pytest.fixture(scope="module")
def warm_pipeline(nlp_fr):
    """Load every lazy table (KB, gazetteer, rules) once here, so forked children start warm."""
    from veille.model import Article
    from veille.run.pipeline import Pipeline

    Pipeline().analyze([Article(id="warm", language="fr", text=(
        "Emmanuel Macron a rencontré Joe Biden à Paris lundi, selon l'Élysée."))])


def test_sigkill_during_ingest_loses_nothing(tmp_path, warm_pipeline):
    killed = kill_restart_cycles(tmp_path, str(tmp_path / "v.duckdb"), seed=1, cycles=3, n=24,
                                 analyze=True, batch_size=3)
    assert killed == 3


def test_sigkill_during_ingest_without_analysis(tmp_path):
    killed = kill_restart_cycles(tmp_path, str(tmp_path / "v.duckdb"), seed=2, cycles=3, n=300,
                                 analyze=False, batch_size=8)
    assert killed == 3


def test_sigkill_during_ingest_postgres(tmp_path, pg_url):
    killed = kill_restart_cycles(tmp_path, pg_url, seed=3, cycles=3, n=300, analyze=False,
                                 batch_size=8)
    assert killed == 3


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(10, 20))
def test_sigkill_many_cycles(tmp_path, warm_pipeline, seed):
    killed = kill_restart_cycles(tmp_path, str(tmp_path / "v.duckdb"), seed=seed, cycles=5,
                                 n=40, analyze=seed % 2 == 0, batch_size=4)
    print(f"seed {seed}: {killed} kills mid-run, store sound, corpus complete")
    assert killed == 5


@pytest.mark.slow
def test_sigkill_real_cli(tmp_path):
    """The `veille ingest` command itself, killed at random delays, several times."""
    corpus, db = tmp_path / "corpus.jsonl", str(tmp_path / "v.duckdb")
    counts = write_corpus(corpus, 2000, seed=7)
    rng = random.Random(7)
    cmd = [sys.executable, "-m", "veille.surfaces.cli", "ingest", str(corpus), "--db", db,
           "--no-analyze", "--batch-size", "16"]
    after_kill = []
    for _ in range(4):
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(2.0, 12.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        after_kill.append(assert_sound(db) if Path(db).exists() else 0)
    print(f"articles stored after each kill: {after_kill}")
    assert any(0 < n < counts["originals"] for n in after_kill), after_kill  # one hit mid-run
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert_sound(db)
    assert_complete(db, counts["originals"])


def _rss(path: Path, n: int, seed: int) -> int:
    """An RSS file of `n` distinct items (texts from the generated corpus); returns n."""
    import json
    from xml.sax.saxutils import escape

    corpus = path.with_suffix(".jsonl")
    write_corpus(corpus, n, seed=seed, repeats=0)
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    items = "".join(f"<item><title>{escape(r['title'])}</title>"
                    f"<link>https://example.org/{r['id']}</link>"
                    f"<pubDate>Sun, 04 Feb 2024 09:00:00 +0000</pubDate>"
                    f"<description>{escape(r['text'])}</description></item>" for r in rows)
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>t</title><link>https://example.org/</link>{items}</channel></rss>",
                    encoding="utf-8")
    return n


def _watch_child(feeds: str, db: str, conn) -> None:
    """Child body: one watch cycle, sending one byte per batch committed."""
    from veille.run.watch import WatchOptions, watch

    with open_store(db) as store:
        write = store.write

        def noisy_write(records):
            stored = write(records)
            conn.send_bytes(b".")
            return stored

        store.write = noisy_write  # type: ignore[method-assign]
        watch(feeds, store, WatchOptions(analyze=False, max_cycles=1, batch_size=4))
    conn.send_bytes(b"done")


def test_sigkill_during_watch_loses_nothing(tmp_path):
    from veille.run.watch import WatchOptions, watch

    feed, feeds, db = tmp_path / "feed.xml", tmp_path / "feeds.txt", str(tmp_path / "v.duckdb")
    n = _rss(feed, 120, seed=5)
    feeds.write_text(f"{feed}\n", encoding="utf-8")
    rng = random.Random(5)
    for _ in range(3):
        parent, child = FORK.Pipe(duplex=False)
        proc = FORK.Process(target=_watch_child, args=(str(feeds), db, child))
        proc.start()
        child.close()
        for _ in range(rng.randint(1, 8)):
            assert parent.poll(120), "watch child stalled"
            assert parent.recv_bytes() == b"."
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        assert_sound(db)
    with open_store(db) as store:
        watch(str(feeds), store, WatchOptions(analyze=False, max_cycles=1, batch_size=4))
    assert_sound(db)
    assert_complete(db, n)
