"""Event deduplication: the 13 April 2024 missile attack reported by five outlets is one event."""

from __future__ import annotations

from datetime import date

from veille.store import open_store
from veille.stories.eventdedup import merge_events, store_event_clusters
from veille.stories.events_rows import EventRow, with_ontology

APRIL13 = date(2024, 4, 13)
# How five outlets worded it (the first is seed 001's sentence).
REPORTS = [
    ("seed001", "une attaque de missiles iraniens contre Entité sioniste le 13 avril dernier, "
                "baptisée « la promesse fidèle »", APRIL13, True),
    ("lemonde.fr", "L'Iran a lancé le 13 avril plus de 300 missiles et drones contre Israël.",
     APRIL13, True),
    ("france24.com", "Dans la nuit du 13 au 14 avril, Téhéran a tiré des missiles sur Israël.",
     APRIL13, True),
    ("reuters.com", "Iran launched an unprecedented missile and drone attack on Israel.",
     date(2024, 4, 14), False),   # dated only by the article (published the next day)
    ("aljazeera.com", "Iran's attack on Israel on April 13 involved 350 missiles and drones.",
     APRIL13, True),
]


def report(i: int, outlet: str, sentence: str, day: date, explicit: bool,
           kind: str = "ASSAULT", status: str = "occurred", src: str | None = "IRN",
           tgt: str | None = "ISR", place: str | None = None) -> EventRow:
    return with_ontology(EventRow(f"art-{outlet}-{i}", 0, kind, src, tgt, day, status,
                                  place_country=place, source=outlet, sentence=sentence,
                                  date_explicit=explicit))


def five_reports() -> list[EventRow]:
    """The five reports; the last one also places the attack (in Israel)."""
    out = [report(i, *r) for i, r in enumerate(REPORTS)]
    out[-1] = report(4, *REPORTS[-1], place="ISR")
    return out


def test_five_outlets_one_event():
    [event] = merge_events(five_reports())
    assert event.type == "ASSAULT" and (event.source_actor, event.target_actor) == ("IRN", "ISR")
    assert event.day == APRIL13 and event.place_country == "ISR"
    assert (len(event.mentions), event.num_articles, event.num_sources) == (5, 5, 5)
    assert {m["source"] for m in event.to_dict()["mentions"]} == {r[0] for r in REPORTS}


def test_different_events_stay_apart():
    others = [
        report(10, "lemonde.fr", "L'Iran a tiré 180 missiles sur Israël le 1er octobre.",
               date(2024, 10, 1), True),                             # another attack
        report(11, "bbc.com", "Iran threatened Israel.", APRIL13, True, kind="THREATEN"),
        report(12, "bbc.com", "Israel struck Iran.", date(2024, 4, 19), True, src="ISR",
               tgt="IRN"),                                           # reverse dyad
        report(13, "x.fr", "Le 13 avril, l'Iran menace de frapper.", APRIL13, True,
               status="threatened"),                                 # intent, not the attack
        report(14, "y.fr", "Missiles tirés le 13 avril.", APRIL13, True, src=None, tgt=None),
        report(15, "z.fr", "Attaque le 13 avril au Liban.", APRIL13, True,
               place="LBN"),                                         # elsewhere
    ]
    clusters = merge_events(five_reports() + others)
    sizes = sorted(len(c.mentions) for c in clusters)
    assert sizes == [1, 1, 1, 1, 1, 1, 5]


def test_two_unresolved_mentions_never_merge():
    a = report(1, "a.fr", "Des missiles ont été tirés.", APRIL13, True, src=None, tgt=None)
    b = report(2, "b.fr", "Des missiles ont été tirés.", APRIL13, True, src=None, tgt=None)
    assert len(merge_events([a, b])) == 2


def test_clusters_are_stored_with_provenance():
    store = open_store(":memory:")
    clusters = merge_events(five_reports())
    store_event_clusters(store, clusters)
    store_event_clusters(store, clusters)  # idempotent: replaces, never duplicates
    [row] = store.rows("SELECT * FROM event_clusters")
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (5, 5, 5)
    assert row["date_value"] == "2024-04-13" and row["quad_class"] == "material_conflict"
    links = store.rows("SELECT article_id FROM event_cluster_mentions WHERE cluster_id = ?",
                       [row["id"]])
    assert len(links) == 5
