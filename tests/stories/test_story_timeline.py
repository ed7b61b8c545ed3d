"""Timelines over a small French corpus whose important day is known (13 April 2024)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from veille.ingest import ReadOptions
from veille.runner import RunOptions, ingest
from veille.store import open_store
from veille.stories.cltls import tag_pending_times
from veille.stories.timeline import TimelineQuery, build_timeline

ARTICLES = {
    "2024-04-14": "Attaque iranienne contre Israël. Le 13 avril 2024, l'Iran a lancé plus de "
                  "300 missiles et drones contre Israël, la plupart interceptés. "
                  "Washington a appelé à la retenue.",
    "2024-04-20": "Riposte limitée. Une semaine après l'attaque iranienne du 13 avril, Israël "
                  "a frappé une base près d'Ispahan. Téhéran minimise les dégâts.",
    "2024-05-20": "Pourparlers à Mascate. Des discussions indirectes entre les États-Unis et "
                  "l'Iran se sont tenues à Oman, un mois après l'attaque du 13 avril contre "
                  "Israël. Les deux parties veulent éviter l'escalade régionale.",
    "2024-06-02": "Marché du vin. Le 2 juin, les viticulteurs bordelais ont vendu leur récolte "
                  "à perte selon la chambre d'agriculture de la Gironde.",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory, nlp_fr):
    folder = tmp_path_factory.mktemp("docs")
    db = open_store(":memory:")
    for day, text in ARTICLES.items():
        path = folder / f"{day}.txt"
        path.write_text(text, encoding="utf-8")
        ingest([str(path)], db, read=ReadOptions(published=date.fromisoformat(day),
                                                 language="fr"),
               run=RunOptions(analyze=False))
    assert tag_pending_times(db) == 4
    return db


def test_most_referenced_day_comes_first_with_its_sentences(store):
    entries = build_timeline(store, TimelineQuery(max_dates=1, per_date=2))
    [top] = entries
    assert top.date == date(2024, 4, 13)
    assert any("300 missiles" in s for s in top.summary)
    assert {s["published"] for s in top.sources} <= set(ARTICLES)


def test_query_keeps_the_matching_articles_only(store):
    entries = build_timeline(store, TimelineQuery(query="Iran", max_dates=10, per_date=1))
    days = [e.date for e in entries]
    assert date(2024, 6, 2) not in days and date(2024, 4, 13) in days
    assert days == sorted(days)


def test_date_range_and_json_shape(store):
    q = TimelineQuery(date_from=date(2024, 5, 1), date_to=date(2024, 6, 30), max_dates=5)
    entries = build_timeline(store, q)
    assert entries and all(date(2024, 5, 1) <= e.date <= date(2024, 6, 30) for e in entries)
    record = json.loads(json.dumps(entries[0].to_dict()))
    assert set(record) >= {"date", "summary", "sources"}
    assert isinstance(record["summary"], list) and record["sources"][0]["article_id"]
