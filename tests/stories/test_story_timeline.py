"""Timelines over a small French corpus whose important day is known (13 April 2024)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from veille.ingest import ReadOptions
from veille.run.runner import RunOptions, ingest
from veille.store import open_store
from veille.eval.cltls import tag_pending_times
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


# --- candidate sentences and summary filters, on hand-built selections (no NLP) ---

from veille.stories.selection import DatedEvent, SelectedArticle, Selection  # noqa: E402
from veille.stories.timeline import (  # noqa: E402
    candidate_sentences, date_score, date_statistics, repeated_sentences, summarize_date,
    summary_worthy, timeline_from_selection, timeline_parameters)


def _article(aid: str, published: str, text: str) -> SelectedArticle:
    return SelectedArticle(aid, date.fromisoformat(published), None, None, None, "fr", text)


def _selection(*items: tuple[SelectedArticle, list[tuple[str, str]]]) -> Selection:
    """Articles with their day expressions given as (words in the text, ISO day)."""
    sel = Selection()
    for article, times in items:
        sel.articles.append(article)
        sel.times[article.id] = [(article.text.index(words),
                                  article.text.index(words) + len(words), day)
                                 for words, day in times]
    return sel


RETRO = ("Bilan de la crise politique au Caire. Le 9 mars 2011, l'armée a dispersé le "
         "sit-in de la place Tahrir. Des dizaines de manifestants ont été arrêtés ce jour-là. "
         "Plusieurs ont été jugés par des tribunaux militaires.\n"
         "Depuis, les militants réclament des comptes à l'armée.")


def test_sentences_after_a_dated_one_inherit_its_day_within_the_paragraph():
    art = _article("a", "2012-10-01", RETRO)
    cands = candidate_sentences(_selection((art, [("9 mars 2011", "2011-03-09")])), None)
    on_day = {c.text: c.kind for c in cands if c.day == date(2011, 3, 9)}
    assert on_day[next(t for t in on_day if t.startswith("Le 9 mars"))] == "named"
    assert on_day["Des dizaines de manifestants ont été arrêtés ce jour-là."] == "context"
    # the carry stops after `context_sentences` sentences and at a paragraph break
    assert len(on_day) == 1 + min(2, timeline_parameters()["sentence"]["context_sentences"])
    assert not any(t.startswith("Depuis") for t in on_day)
    # undated sentences still count for the publication day; the first ones are the lead
    published = {c.text: c.kind for c in cands if c.day == date(2012, 10, 1)}
    assert published["Bilan de la crise politique au Caire."] == "lead"


def test_only_sentences_naming_a_day_count_as_references():
    art = _article("a", "2012-10-01", RETRO)
    sel = _selection((art, [("9 mars 2011", "2011-03-09")]))
    entries = timeline_from_selection(sel, TimelineQuery(max_dates=5, per_date=2))
    by_day = {e.date: e for e in entries}
    assert date(2011, 3, 9) in by_day and date(2012, 10, 1) in by_day
    assert by_day[date(2011, 3, 9)].score > by_day[date(2012, 10, 1)].score
    assert any("arrêtés" in s or "9 mars" in s for s in by_day[date(2011, 3, 9)].summary)


def test_summary_filters_keep_prose_and_drop_headings_questions_and_bylines():
    p = timeline_parameters()["sentence"]
    assert summary_worthy("Les forces de sécurité ont arrêté près de 500 manifestants.", p)
    assert summary_worthy("« Le peuple veut la chute du régime », scandent les manifestants.", p)
    assert not summary_worthy("Où était déjà le couvre-feu quand les casseurs ont attaqué ??", p)
    assert not summary_worthy("«Demain la Terre»: les grands chapitres du dossier spécial", p)
    assert not summary_worthy("Le Caire brûle.", p)  # too short to tell a day
    assert not summary_worthy(" ".join(["mot"] * (p["max_words"] + 1)) + ".", p)


def test_sentences_repeated_across_articles_are_furniture_not_summaries():
    boiler = "Abonnez-vous pour lire le journal de demain avant tout le monde."
    a = _article("a", "2013-07-03", f"{boiler} L'armée a destitué le président Morsi mercredi "
                                    "soir au Caire.")
    b = _article("b", "2013-07-03", f"{boiler} Le chef de l'armée a annoncé la suspension de "
                                    "la Constitution.")
    cands = candidate_sentences(_selection((a, []), (b, [])), None)
    furniture = repeated_sentences(cands)
    assert furniture == {boiler}
    picked = summarize_date(cands, 3, furniture=furniture)
    assert picked and all(c.text != boiler for c in picked)
    assert summarize_date(cands, 3)  # without the furniture list it still summarises


def test_tiny_selection_without_prose_still_gives_a_summary():
    art = _article("a", "2024-04-14", "Iran Israël 13 avril missiles drones interceptés")
    sel = _selection((art, [("13 avril", "2024-04-13")]))
    [entry] = timeline_from_selection(sel, TimelineQuery(max_dates=1, per_date=2))
    assert entry.date == date(2024, 4, 13) and entry.summary


def test_bylines_and_lone_dates_stamp_the_page_and_refer_to_no_day():
    byline = _article("a", "2013-02-02", "Par Hélène Sallon Publié le 02 février 2013 à 11h05 - "
                                         "Mis à jour le 03 février 2013 à 11h30\n"
                                         "le 19 décembre 2011\n"
                                         "30-06-13 à 20h31\n"
                                         "Par Louis Denghien, le 7 septembre 2012\n"
                                         "Les manifestants ont de nouveau défilé au Caire le 1er "
                                         "février 2013.")
    sel = _selection((byline, [("02 février 2013", "2013-02-02"),
                               ("03 février 2013", "2013-02-03"),
                               ("19 décembre 2011", "2011-12-19"),
                               ("à 20h31", "2013-06-30T20:31"),
                               ("7 septembre 2012", "2012-09-07"),
                               ("1er février 2013", "2013-02-01")]))
    named = {c.day for c in candidate_sentences(sel, None) if c.kind == "named"}
    assert named == {date(2013, 2, 1)}


def _score(sel: Selection, day: str) -> float:
    return date_score(date_statistics(candidate_sentences(sel, None), sel)[date.fromisoformat(day)])


def test_a_day_named_in_a_lead_outweighs_one_named_deep_in_a_page():
    filler = " ".join(f"Le cortège numéro {i} a défilé dans le centre." for i in range(60))
    lead = _article("a", "2012-10-01", "Le 9 mars 2011, l'armée a dispersé le sit-in. " + filler)
    deep = _article("b", "2012-10-01", filler + " Le 8 mars 2011, une marche a eu lieu au Caire.")
    sel = _selection((lead, [("9 mars 2011", "2011-03-09")]),
                     (deep, [("8 mars 2011", "2011-03-08")]))
    assert _score(sel, "2011-03-09") > _score(sel, "2011-03-08") > 0


def test_a_day_told_again_days_later_outweighs_the_same_news_cycle():
    text = "Le {d}, des milliers de manifestants ont défilé au Caire contre le pouvoir."
    same_cycle = _article("a", "2013-07-02", text.format(d="1er juillet 2013"))
    ten_days_on = _article("b", "2013-07-10", text.format(d="30 juin 2013"))
    sel = _selection((same_cycle, [("1er juillet 2013", "2013-07-01")]),
                     (ten_days_on, [("30 juin 2013", "2013-06-30")]))
    assert _score(sel, "2013-06-30") > _score(sel, "2013-07-01") > 0


def test_only_events_whose_sentence_names_their_day_add_to_it():
    art = _article("a", "2013-07-04", "Le 3 juillet 2013, l'armée a destitué le président Morsi. "
                                      "Des heurts ont fait des morts au Caire.")
    sel = _selection((art, [("3 juillet 2013", "2013-07-03")]))
    stats = date_statistics(candidate_sentences(sel, None), sel)
    bare = date_score(stats[date(2013, 7, 3)]), date_score(stats[date(2013, 7, 4)])
    sel.events = [DatedEvent(art, date(2013, 7, 3), "COERCE", -7.0, day_named=True),
                  DatedEvent(art, date(2013, 7, 4), "ASSAULT", -9.0, day_named=False)]
    stats = date_statistics(candidate_sentences(sel, None), sel)
    assert date_score(stats[date(2013, 7, 3)]) > bare[0]
    assert date_score(stats[date(2013, 7, 4)]) == bare[1]


def test_a_sentence_reporting_an_event_that_took_place_is_summarised_first():
    text = ("Le 14 août 2013, la police a dispersé les sit-in des partisans de Morsi au Caire. "
            "Le 14 août 2013, les partisans de Morsi au Caire craignaient une dispersion.")
    art = _article("a", "2013-09-02", text)
    sel = _selection((art, [("14 août 2013", "2013-08-14")]))
    sel.times["a"].append((text.index("14 août 2013", 10), text.index("14 août 2013", 10) + 12,
                           "2013-08-14"))
    second = text.index("Le 14 août 2013, les")
    query = TimelineQuery(max_dates=1, per_date=1)
    # the two sentences tie on wording; the "occurred" mark, put on each in turn, decides
    sel.events = [DatedEvent(art, date(2013, 8, 14), "COERCE", -7.0, True, second, "occurred")]
    [entry] = timeline_from_selection(sel, query)
    assert entry.summary == [text[second:]]
    sel.events = [DatedEvent(art, date(2013, 8, 14), "COERCE", -7.0, True, 0, "occurred")]
    [entry] = timeline_from_selection(sel, query)
    assert entry.summary == [text[:second - 1]]


def test_articles_no_date_places_are_counted_as_left_out():
    """An undated article that names no day is left out and counted; one that names a day
    is placed (on that day), and a dated one always is."""
    from dataclasses import replace

    from veille.stories.selection import DatedEvent
    from veille.stories.timeline import left_out

    dated = _article("a", "2012-10-01", RETRO)
    undated = replace(_article("b", "2012-10-01", "Bilan de la crise politique au Caire."),
                      published=None)
    named = replace(_article("c", "2012-10-01", RETRO), published=None)
    sel = _selection((dated, []), (undated, []), (named, [("9 mars 2011", "2011-03-09")]))
    sel.events.append(DatedEvent(undated, None, "PROTEST", 1.0, False))
    sel.events.append(DatedEvent(dated, date(2012, 10, 1), "PROTEST", 1.0, False))
    assert left_out(sel).to_dict() == {"articles": 1, "events": 1}
    assert left_out(sel, "Tahrir").to_dict() == {"articles": 0, "events": 1}
