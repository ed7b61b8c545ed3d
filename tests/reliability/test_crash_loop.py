"""The crash loop (issue #22): `veille ingest` SIGKILLed at random points, again and again.

1,000 OrangeSum articles are ingested by the real command (`python -m veille.surfaces.cli
ingest … --no-analyze`), killed after a seeded random delay, restarted, killed again;
every ten kills the run is let finish and the store must hold every article of an
uninterrupted reference run exactly once, no more, and `veille check` must pass. After
every single kill the store must already pass the integrity check. On DuckDB and on
PostgreSQL (skipped, with the reason, when no server can be started).

`--no-analyze` keeps the loop fast: what a kill can break is the store's writing (one
transaction per batch, the article rows and the dedup state), which runs the same with
or without analysis; killing during analysis is covered by test_crash_safety.py.

    VEILLE_CRASH_KILLS=50 .venv/bin/python -m pytest -m slow -s tests/reliability/test_crash_loop.py

Every run must read the same code: in a working tree edited while the loop runs, a
change to cleaning gives the later runs other texts, hence other ids (run it from a
checkout nobody edits).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from veille.store import StoreError, open_store
from veille.store.integrity import check_store

REPO = Path(__file__).resolve().parents[2]
ORANGESUM = REPO.parent / "shared" / "data" / "orangesum_fr.jsonl.gz"
ARTICLES = 1_000
KILLS = int(os.environ.get("VEILLE_CRASH_KILLS", "50"))
KILLS_PER_ROUND = min(10, KILLS)
ENV = {**os.environ, "COLUMNS": "10000"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ORANGESUM.is_file():
        pytest.skip(f"OrangeSum corpus not found at {ORANGESUM}")
    path = tmp_path_factory.mktemp("crashloop") / "orangesum_1000.jsonl"
    with gzip.open(ORANGESUM, "rt", encoding="utf-8") as lines, path.open("w") as out:
        for _, line in zip(range(ARTICLES), lines):
            out.write(line)
    return path


def ingest_command(corpus: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "veille.surfaces.cli", "ingest", str(corpus), "--db", db,
            "--no-analyze", "--batch-size", "16", "--workers", "1"]


def stored(db: str) -> dict[str, int]:
    """id → how many rows carry it, and the store sound (integrity rules) at that moment."""
    with open_store(db, read_only=True) as store:
        report = check_store(store)
        assert report.ok, [(f.name, f.count, f.examples) for f in report.findings]
        rows = store.rows("SELECT id, count(*) AS n FROM articles GROUP BY id")
    return {row["id"]: row["n"] for row in rows}


def unexpected(db: str, ids: set[str]) -> list[dict]:
    """The rows of `ids` (for a failure message)."""
    with open_store(db, read_only=True) as store:
        return [row for row in store.rows("SELECT id, origin, title, duplicate_of, text_hash, "
                                          "length(text) AS chars FROM articles") if row["id"] in ids]


def finish(corpus: Path, db: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(ingest_command(corpus, db), capture_output=True, text=True,
                          timeout=900, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    return time.perf_counter() - started


def veille_check(db: str) -> None:
    done = subprocess.run([sys.executable, "-m", "veille.surfaces.cli", "check", "--db", db],
                          capture_output=True, text=True, timeout=600, env=ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok" in done.stdout


def crash_loop(corpus: Path, new_db, *, seed: int) -> dict[str, object]:
    """Rounds of KILLS_PER_ROUND random kills then a finishing run, on a fresh store from
    `new_db()` each, until KILLS kills landed while the command ran."""
    reference_db = new_db()
    duration = finish(corpus, reference_db)
    reference = stored(reference_db)
    assert sum(reference.values()) >= 0.9 * ARTICLES
    rng = random.Random(seed)
    figures = {"kills": 0, "finished_before_kill": 0, "rounds": 0, "rows_lost": 0,
               "rows_doubled": 0, "checks_after_kill": 0, "reference_s": round(duration, 1),
               "articles": len(reference)}
    while figures["kills"] < KILLS:
        db = new_db()
        for _ in range(KILLS_PER_ROUND):
            proc = subprocess.Popen(ingest_command(corpus, db), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, env=ENV)
            time.sleep(rng.uniform(0.2, duration))
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                figures["kills"] += 1
            else:
                figures["finished_before_kill"] += 1
            proc.wait(60)
            try:
                counts = stored(db)  # sound after every kill
            except StoreError as exc:  # killed before the store was created
                assert "no store" in str(exc), exc
                continue
            figures["checks_after_kill"] += 1
            assert all(n == 1 for n in counts.values())
            assert set(counts) <= set(reference), unexpected(db, set(counts) - set(reference))
        finish(corpus, db)
        final = stored(db)
        figures["rows_lost"] += len(set(reference) - set(final))
        figures["rows_doubled"] += sum(n - 1 for n in final.values())
        assert final == reference, "the finished store differs from the uninterrupted run"
        veille_check(db)
        figures["rounds"] += 1
    print("crash loop:", json.dumps(figures))
    return figures


def test_crash_loop_duckdb(corpus: Path, tmp_path: Path) -> None:
    made = iter(range(10_000))
    figures = crash_loop(corpus, lambda: str(tmp_path / f"s{next(made)}.duckdb"), seed=22)
    assert figures["kills"] >= KILLS and figures["rows_lost"] == figures["rows_doubled"] == 0


def test_crash_loop_postgres(corpus: Path, postgres_server) -> None:
    figures = crash_loop(corpus, postgres_server.create_database, seed=23)
    assert figures["kills"] >= KILLS and figures["rows_lost"] == figures["rows_doubled"] == 0
