"""Event dates from their own clause (issue #20 item 3): the time expression that governs
the trigger, else the date anchoring its sentence, else "on or before publication" at the
article date's precision, flagged, never the publication day as if the text named it."""

from __future__ import annotations

import pytest

import veille


def _events(text: str, published: str) -> dict[str, dict]:
    record = veille.analyze(text, published=published, language="fr").to_dict()
    return {e["trigger"]: e for e in record["events"]}


@pytest.fixture(scope="module")
def dated() -> dict[str, dict]:
    found = {}
    for text in ("L'armée israélienne a abattu mardi un drone iranien au-dessus du Golan.",
                 "Mardi, Israël a frappé Gaza et le Hamas a riposté contre Israël."):
        found.update(_events(text, "2024-05-17"))
    return found


def test_the_time_its_clause_governs(dated) -> None:
    e = dated["abattu"]
    assert (e["date"]["text"], e["date"]["value"]) == ("mardi", "2024-05-14")
    assert not e["date_from_article"] and e["date"]["mod"] is None


def test_a_date_heading_the_sentence_dates_its_clauses(dated) -> None:
    for trigger in ("frappé", "riposté"):
        assert dated[trigger]["date"]["text"] == "Mardi", dated[trigger]
        assert not dated[trigger]["date_from_article"]


def test_a_date_of_another_clause_does_not_date_the_event() -> None:
    found = _events("Les États-Unis ont accusé l'Iran, qui avait signé l'accord en 2015, "
                    "de violer ses engagements.", "2024-05-17")
    e = found["accusé"]
    assert e["date_from_article"]
    assert (e["date"]["value"], e["date"]["mod"], e["date"]["text"]) == (
        "2024-05-17", "ON_OR_BEFORE", "")


def test_on_or_before_publication_at_its_precision() -> None:
    e = _events("L'Iran a condamné les frappes américaines contre ses alliés en Irak.",
                "2024-05")["condamné"]
    assert e["date_from_article"]
    assert (e["date"]["value"], e["date"]["granularity"], e["date"]["mod"]) == (
        "2024-05", "month", "ON_OR_BEFORE")


def test_a_planned_event_is_on_or_after_publication() -> None:
    e = _events("Les États-Unis rencontreront l'Iran à Mascate.", "2024-05-17")["rencontreront"]
    assert e["status"] == "planned" and e["date_from_article"]
    assert e["date"]["mod"] == "ON_OR_AFTER"
