"""The reading surfaces (brief, stories, timeline, escalation) on a PostgreSQL store.

The store suite runs every write and read of the store interface on both engines; the
surfaces add their own SQL (written once with `?`, translated for psycopg), so they are
run here on the seeds in a real PostgreSQL server and compared with DuckDB's answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.run.runner import RunOptions, ingest
from veille.store import open_store


def _filled(target: str, seeds_dir: Path):
    store = open_store(target)
    ingest([str(p) for p in sorted(seeds_dir.iterdir())], store, run=RunOptions(workers=1))
    return store


@pytest.fixture
def both(pg_url: str, seeds_dir: Path, tmp_path: Path):
    stores = {"duckdb": _filled(str(tmp_path / "s.duckdb"), seeds_dir),
              "postgresql": _filled(pg_url, seeds_dir)}
    yield stores
    for store in stores.values():
        store.close()


def test_brief_stories_timeline_and_escalation_agree_across_engines(both) -> None:
    from veille.stories.cluster import build_stories
    from veille.stories.escalation import escalation_from_store
    from veille.stories.timeline import TimelineQuery, build_timeline
    from veille.surfaces.brief import BriefOptions, build_brief, render_brief

    out = {}
    for engine, store in both.items():
        brief = build_brief(store, BriefOptions(lang="fr"))
        out[engine] = {
            "actors": [(a["id"], a["articles"], a["mentions"],
                        tuple((r["kind"], r["verb"], r["count"]) for r in a["roles"]))
                       for a in brief.actors],
            "contested": len(brief.contested),
            "sourcing": brief.sourcing,
            "dates": [e.date for e in build_timeline(store, TimelineQuery(max_dates=5))],
            "stories": sorted(len(s.articles) for s in build_stories(store)),
            "escalation": len(escalation_from_store(store, ["USA", "IRN"]).series),
            "markdown": render_brief(brief).count("/ui/#article="),
        }
    assert out["postgresql"] == out["duckdb"]
    assert ("REB-IRQ" in [a[0] for a in out["postgresql"]["actors"]]
            and out["postgresql"]["contested"] >= 1 and out["postgresql"]["dates"])


def test_incremental_stories_agree_across_engines(pg_url: str, seeds_dir: Path,
                                                  tmp_path: Path) -> None:
    """Stories grown in two calls (stored state read back, extended, upserted) are the
    same on both engines, and a third call with nothing new changes nothing."""
    from veille.stories.cluster import update_stories

    seeds = sorted(seeds_dir.iterdir())
    found = {}
    for engine, target in {"duckdb": str(tmp_path / "i.duckdb"), "postgresql": pg_url}.items():
        with open_store(target) as store:
            ingest([str(p) for p in (seeds[0], seeds[1], seeds[4])], store,
                   run=RunOptions(workers=1))
            first = update_stories(store)
            ingest([str(p) for p in (seeds[2], seeds[3])], store, run=RunOptions(workers=1))
            second = update_stories(store)
            assert update_stories(store).articles == 0
            found[engine] = (first.articles, second.articles, second.extended, sorted(
                (r["story_id"], r["article_id"])
                for r in store.rows("SELECT story_id, article_id FROM story_articles")))
    assert found["postgresql"] == found["duckdb"]
    # 003 (the January 2024 Oman talks) extends the stored story of 001; 004 (the
    # February 2026 talks) is another episode and was filed apart in the first call
    assert found["duckdb"][:3] == (3, 2, 1)


def test_two_story_updates_at_once_file_each_article_once(pg_url: str, seeds_dir: Path) -> None:
    """Two `veille stories` at once on one server: the second waits for the first's lock,
    then finds nothing new, so no article lands in two stories."""
    from threading import Barrier, Thread

    from veille.stories.cluster import update_stories

    _filled(pg_url, seeds_dir).close()
    barrier, assigned, failed = Barrier(2), [], []

    def update() -> None:
        try:
            with open_store(pg_url) as store:
                barrier.wait()
                assigned.append(update_stories(store).articles)
        except Exception as exc:  # reported below: a thread's error would be lost
            failed.append(exc)

    threads = [Thread(target=update) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not failed and sorted(assigned) == [0, 5]
    with open_store(pg_url) as store:
        filed = store.rows("SELECT article_id, count(*) AS n FROM story_articles "
                           "GROUP BY article_id")
    assert len(filed) == 5 and all(r["n"] == 1 for r in filed)
