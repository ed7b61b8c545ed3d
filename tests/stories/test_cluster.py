"""Story clustering: synthetic cross-lingual cases, then the real seeds among OrangeSum news."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from datetime import date
from itertools import islice

import pytest

from veille.stories.cluster import actor_key, cluster_articles, decay, list_stories, \
    write_stories
from veille.stories.selection import SelectedArticle


def art(id_: str, day: str, text: str, title: str = "", language: str = "fr",
        source: str = "x.fr") -> SelectedArticle:
    return SelectedArticle(id_, date.fromisoformat(day), source, None, title or text[:40],
                           language, text)


def test_decay_halves_then_floors():
    assert decay(0) == 1.0 and decay(15) == pytest.approx(0.5 ** 0.5) and decay(3000) == 0.7
    assert actor_key("IRNMIL", "military", "IRN") == "IRN"
    assert actor_key("UN", "igo", "IGO") == "UN" and actor_key("ANON", "anonymous_source", None) is None


def test_french_and_english_join_through_actors():
    fr = art("fr", "2024-05-20", "Les États-Unis et l'Iran ont tenu des pourparlers indirects "
                                 "à Mascate, sous médiation d'Oman.")
    en = art("en", "2024-05-21", "US and Iranian officials held indirect talks in Muscat, "
                                 "with Oman mediating.", language="en", source="y.com")
    other = art("wine", "2024-05-21", "Les viticulteurs bordelais vendent leur récolte à perte.")
    actors = {"fr": Counter(USA=2, IRN=2, OMN=1), "en": Counter(USA=1, IRN=1, OMN=1),
              "wine": Counter(FRA=1)}
    stories = cluster_articles([fr, en, other], actors)
    groups = sorted(sorted(a.id for a in s.articles) for s in stories)
    assert groups == [["en", "fr"], ["wine"]]
    # without their actors the two languages share no word and stay apart
    assert len(cluster_articles([fr, en, other], {})) == 3


def test_stories_are_stored_and_listed():
    from veille.store import open_store

    store = open_store(":memory:")
    a = art("a", "2024-05-20", "Pourparlers à Oman entre Washington et Téhéran.")
    b = art("b", "2024-05-22", "Nouveaux pourparlers à Oman entre Washington et Téhéran.")
    stories = cluster_articles([a, b], {"a": Counter(USA=1, IRN=1), "b": Counter(USA=1, IRN=1)})
    write_stories(store, stories)
    [row] = list_stories(store)
    assert row["size"] == 2 and row["actors"] == "USA,IRN" and str(row["first_date"]) == "2024-05-20"


@pytest.fixture(scope="module")
def seed_analyses(seeds_dir, shared_data):
    """The five seeds (file order: 000 … 004) and 40 OrangeSum articles, analysed once."""
    from veille.ingest import ReadOptions, Skipped, iter_articles
    from veille.model import Article
    from veille.run.pipeline import Pipeline

    seeds = [a for a in iter_articles([str(p) for p in sorted(seeds_dir.glob("*.txt"))],
                                      ReadOptions()) if not isinstance(a, Skipped)]
    with gzip.open(shared_data / "orangesum_fr.jsonl.gz", "rt", encoding="utf-8") as fh:
        news = [json.loads(line) for line in islice(fh, 40)]
    news_articles = [Article(text=n["text"], title=n["title"], language="fr",
                             published=date.fromisoformat(n["date"][:10]),
                             date_precision="day", source="actu.orange.fr") for n in news]
    analyses = Pipeline().analyze(seeds + news_articles)
    return analyses[:len(seeds)], analyses[len(seeds):]


@pytest.fixture(scope="module")
def seeds_and_news(seed_analyses):
    """The same as clustering input: articles, actor counts, seed ids in file order."""
    seeds, news = seed_analyses
    actors = {an.article.id: Counter(k for m in an.mentions if m.actor
                                     for k in [actor_key(m.actor.id, m.actor.kind,
                                                         m.actor.country)] if k)
              for an in seeds + news}
    selected = [SelectedArticle(an.article.id, an.article.published, an.article.source,
                                None, an.article.title, "fr", an.article.text)
                for an in seeds + news]
    return selected, actors, [an.article.id for an in seeds]


def test_seed_talks_of_2024_and_2026_are_two_stories_apart_from_news(seeds_and_news):
    articles, actors, seed_ids = seeds_and_news
    stories = cluster_articles(articles, actors)
    # 001 and 003 tell the secret US–Iran talks in Oman of January 2024; 004 their
    # resumption in Oman in February 2026, 23 months later: a new episode (issue 23).
    # 000 (militias weighing strikes on Iranian forces) and 002 (US–Iraq talks on the
    # coalition) are neighbouring stories.
    story_of = {a.id: s for s in stories for a in s.articles}
    assert story_of[seed_ids[1]] is story_of[seed_ids[3]]
    assert story_of[seed_ids[4]] is not story_of[seed_ids[3]]
    for story in {id(story_of[i]): story_of[i] for i in seed_ids}.values():
        assert len({a.id for a in story.articles} - set(seed_ids)) <= 1  # ≤ 1 stray article
    # each story is named by one of its own headlines
    assert story_of[seed_ids[4]].label == "USA et Iran se retrouvent à Oman pour tenter " \
                                          "d'éviter un conflit"
    assert len(stories) >= 20        # unrelated news is not lumped together


def _partition(stories) -> list[list[str]]:
    return sorted(sorted(a.id for a in s.articles) for s in stories)


def test_index_compaction_and_growth_change_no_assignment(seeds_and_news, monkeypatch):
    """The inverted index is rebuilt every √entries new members, and stories more than
    `active_days` behind leave it: rebuilding it after every article (the seeds of 2024
    and 2026 retire the 2020 news) must give the same stories."""
    import veille.stories.online as online

    articles, actors, _ = seeds_and_news
    # 70 two-article topics (more stories than the index's first allocation)
    topics = [art(f"t{i}{k}", f"2021-03-{1 + k:02d}", f"Dossier{i} enquête{i} procès{i} "
                  f"témoin{i} verdict{i}.") for i in range(70) for k in range(2)]
    expected = _partition(cluster_articles(articles + topics, actors))
    assert {tuple(g) for g in expected if g[0].startswith("t")} == \
        {(f"t{i}0", f"t{i}1") for i in range(70)}   # article ids are hex: no other "t…"
    monkeypatch.setattr(online, "_compact_after", lambda entries: 1)
    monkeypatch.setattr(online, "_CHUNK", 7)
    assert _partition(cluster_articles(articles + topics, actors)) == expected


# --- incremental clustering: state kept in the store, new articles only -------------

def _stored(path, analyses) -> None:
    """Write analysed articles into the store at `path`, as `veille ingest` does."""
    from veille.store import Record, open_store

    with open_store(path) as store:
        store.write([Record(an, an.article.id, None, analyzed=True) for an in analyses])


def _stories_cli(path, *flags: str) -> list[dict]:
    from typer.testing import CliRunner

    from veille.surfaces.cli import app

    result = CliRunner().invoke(app, ["stories", "--db", str(path), "--format", "json",
                                      "--limit", "1000", *flags])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _membership(path) -> dict[str, str]:
    """article id → story id, as stored."""
    from veille.store import open_store

    with open_store(path) as store:
        return {r["article_id"]: r["story_id"]
                for r in store.rows("SELECT article_id, story_id FROM story_articles")}


def _snapshot(path) -> dict[str, list]:
    from veille.stories.state import TABLES
    from veille.store import open_store

    with open_store(path) as store:
        return {t: sorted(map(str, store.rows(f"SELECT * FROM {t}"))) for t in TABLES}


def test_stories_grow_call_by_call_and_match_a_rebuild(seed_analyses, tmp_path):
    seeds, news = seed_analyses
    db = tmp_path / "inc.duckdb"
    # first call: seeds 000, 001, 003 and half the news; second: 002, 004 and the rest
    _stored(db, [seeds[0], seeds[1], seeds[3], *news[:20]])
    first = _stories_cli(db)
    assert sum(s["size"] for s in first) == 23
    _stored(db, [seeds[2], seeds[4], *news[20:]])
    _stories_cli(db)
    story_of = _membership(db)
    ids = [an.article.id for an in seeds]
    # every article assigned once (two news articles are stored twice in OrangeSum: 43)
    assert set(story_of) == {an.article.id for an in seeds + news}
    oman = story_of[ids[1]]
    assert story_of[ids[3]] == oman
    # 004 (talks resumed in 2026) opened a new episode rather than join the stored one
    assert story_of[ids[4]] not in (oman, story_of[ids[0]], story_of[ids[2]])
    assert oman not in (story_of[ids[0]], story_of[ids[2]])
    assert sum(1 for s in story_of.values() if s == oman) <= 3  # at most one stray

    before = _snapshot(db)
    assert _stories_cli(db) and _snapshot(db) == before   # nothing new: nothing changes

    _stories_cli(db, "--rebuild")
    rebuilt = _membership(db)
    # the same seed stories, under the same ids (s + sha1 of the opening article)
    assert {i: rebuilt[i] for i in ids} == {i: story_of[i] for i in ids}


def test_an_article_beyond_active_days_opens_a_new_story(seeds_and_news):
    from dataclasses import replace
    from datetime import timedelta

    from veille.stories.cluster import story_parameters

    articles, actors, seed_ids = seeds_and_news
    oman = next(a for a in articles if a.id == seed_ids[4])   # 004: 2026-02-04, dated
    reach = timedelta(days=story_parameters()["active_days"])
    later = replace(oman, id="later", published=oman.published + timedelta(days=20))
    too_late = replace(oman, id="too-late", published=later.published + reach
                       + timedelta(days=1))
    counts = {i: actors[oman.id] for i in ("later", "too-late")} | {oman.id: actors[oman.id]}
    stories = cluster_articles([oman, later, too_late], counts)
    assert [sorted(a.id for a in s.articles) for s in stories] == \
        [sorted([oman.id, "later"]), ["too-late"]]


def test_an_old_article_arriving_late_does_not_join_a_story_far_after_it(seed_analyses,
                                                                          tmp_path):
    from dataclasses import replace
    from datetime import timedelta

    from veille.stories.cluster import story_parameters

    seeds, _ = seed_analyses
    oman = seeds[4]
    reach = timedelta(days=story_parameters()["active_days"])
    old = replace(oman, article=replace(oman.article, id="", url="http://old.example/oman",
                                        published=oman.article.published - reach
                                        - timedelta(days=30)))
    db = tmp_path / "late.duckdb"
    _stored(db, [oman])
    _stories_cli(db)
    _stored(db, [old])
    _stories_cli(db)
    story_of = _membership(db)
    assert len(story_of) == 2 and story_of[old.article.id] != story_of[oman.article.id]


def test_stories_written_elsewhere_are_rebuilt_by_the_next_call(tmp_path):
    """`write_stories` leaves no clusterer state: the next incremental call starts over."""
    from veille.stories.cluster import update_stories
    from veille.store import open_store

    store = open_store(":memory:")
    a = art("a", "2024-05-20", "Pourparlers à Oman entre Washington et Téhéran.")
    write_stories(store, cluster_articles([a], {}))
    update = update_stories(store)
    assert update.rebuilt and update.articles == 0 and list_stories(store) == []
