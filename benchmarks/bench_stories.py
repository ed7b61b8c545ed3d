"""Story clustering: a full rebuild against an incremental call, on the same OrangeSum store.

    python benchmarks/bench_stories.py [--n 2000] [--add 200] [--db /tmp/bench_stories.duckdb]

Ingests (with the full analysis: story clustering reads the resolved actors) the first
N + ADD articles of the corpus into --db, once: a later run reuses the store, ingest
skipping what is stored. Then, each on a fresh copy of that store:

- rebuild: `build_stories`, every article clustered from scratch (`veille stories --rebuild`);
- incremental: the stories of the first N articles are built first (untimed; the ADD
  later articles are hidden from it by marking them not analysed in the copy), then
  `update_stories` assigns the ADD articles against the stored state (`veille stories`);
- nothing new: `update_stories` again, with no article left to assign.

Each is timed `--repeat` times (best kept). The ratio rebuild / incremental is the
speed-up of the default `veille stories` over the old behaviour of re-clustering every
call. Results go to benchmarks/results/stories.json and .md.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_or_exit, write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="articles already clustered")
    parser.add_argument("--add", type=int, default=200, help="articles added afterwards")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                        / "bench_stories.duckdb", help="store to fill once and reuse")
    parser.add_argument("--workers", type=int, default=2, help="analysis processes")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    _fill(args.db, corpus_or_exit(args.corpus), args.n + args.add, args.workers)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "work.duckdb"
        rebuild_s, stories = _best(args.repeat, lambda: _rebuild(args.db, work))
        added = _later_articles(args.db, args.n)
        incremental_s, update = _best(args.repeat, lambda: _incremental(args.db, work, added))
        idle_s, _ = _best(args.repeat, lambda: _timed_update(work))

    result = {"articles": update["total"], "added": update["assigned"],
              "stories": stories, "rebuild_seconds": round(rebuild_s, 3),
              "incremental_seconds": round(incremental_s, 3),
              "nothing_new_seconds": round(idle_s, 3),
              "ratio": round(rebuild_s / incremental_s, 2),
              "opened": update["opened"], "extended": update["extended"],
              "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
    write_results("stories", result, [
        ("articles in the store", str(update["total"])),
        ("stories (rebuild)", str(stories)),
        ("rebuild s (every article)", f"{rebuild_s:.2f}"),
        (f"incremental s ({update['assigned']} new articles)", f"{incremental_s:.2f}"),
        ("nothing-new call s", f"{idle_s:.3f}"),
        ("rebuild / incremental", f"{rebuild_s / incremental_s:.1f}x"),
        ("new articles: new stories / extended", f"{update['opened']} / {update['extended']}")])


def _fill(db: Path, corpus: Path, n: int, workers: int) -> None:
    """The first `n` corpus records, analysed, in `db` (kept between runs)."""
    from veille.ingest import ReadOptions
    from veille.run.runner import RunOptions, ingest
    from veille.store import open_store

    with open_store(db) as store:
        started = time.perf_counter()
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=n),
                         run=RunOptions(workers=workers))
    print(f"store {db}: {summary.stored} new articles ingested "
          f"in {time.perf_counter() - started:.0f} s")


def _best(repeat: int, run: Callable[[], tuple[float, object]]) -> tuple[float, object]:
    timings = [run() for _ in range(repeat)]
    return min(t for t, _ in timings), timings[0][1]


def _rebuild(db: Path, work: Path) -> tuple[float, int]:
    from veille.stories.cluster import build_stories
    from veille.store import open_store

    shutil.copy(db, work)
    with open_store(work) as store:
        started = time.perf_counter()
        stories = build_stories(store)
        return time.perf_counter() - started, len(stories)


def _later_articles(db: Path, n: int) -> list[str]:
    """Ids of the articles read after the first `n` records (their origin says the line)."""
    from veille.store import open_store

    with open_store(db, read_only=True) as store:
        found = store.rows("SELECT id, origin FROM articles WHERE origin LIKE '%#line %'")
    return [r["id"] for r in found if int(r["origin"].rsplit("#line ", 1)[1]) > n]


def _incremental(db: Path, work: Path, added: list[str]) -> tuple[float, dict]:
    """Stories of the earlier articles first, then the timed call that adds the rest."""
    from veille.stories.cluster import build_stories
    from veille.store.read import in_list
    from veille.store import open_store

    shutil.copy(db, work)
    with open_store(work) as store:
        hide = f"UPDATE articles SET analyzed = {{}} WHERE id IN {in_list(added)}"
        store.execute(hide.format("FALSE"), added)
        build_stories(store)
        store.execute(hide.format("TRUE"), added)
        total = store.rows("SELECT count(*) AS n FROM articles WHERE duplicate_of IS NULL")
    seconds, update = _timed_update(work)
    return seconds, {"total": total[0]["n"], "assigned": update.articles,
                     "opened": update.opened, "extended": update.extended}


def _timed_update(work: Path) -> tuple[float, object]:
    from veille.stories.cluster import update_stories
    from veille.store import open_store

    with open_store(work) as store:
        started = time.perf_counter()
        update = update_stories(store)
        return time.perf_counter() - started, update


if __name__ == "__main__":
    main()
