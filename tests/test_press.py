"""Wire-copy furniture (#24): datelines, bylines and credit lines found by the language's
press file, on the English gold's own texts, and kept out of actors and claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.actors.kb import load_kb
from veille.actors.resolve import resolve_mentions
from veille.claims import extract_claims
from veille.places.find import find_places
from veille.press import find_furniture, without_furniture

GOLD_DOCS = Path(__file__).resolve().parent / "data" / "en" / "docs"


def _spans(name: str, language: str = "en") -> tuple[str, list[str], str | None]:
    text = (GOLD_DOCS / name).read_text(encoding="utf-8")
    found = find_furniture(text, language)
    place = text[found.place[0]:found.place[1]] if found.place else None
    return text, [text[s:e] for s, e in found.spans], place


@pytest.mark.parametrize(("name", "place", "furniture"), [
    ("sudan_elfasher.txt", "PORT SUDAN",
     ["PORT SUDAN, March 12 (Reuters) - ", "Reporting by Khalid Abdelaziz; Editing by Alex Richardson"]),
    ("sudan_aid.txt", "CAIRO",
     ["By Fatma Ibrahim", "CAIRO (AP) — ", "Associated Press writer Samy Magdy contributed to this report."]),
    ("haiti_gangs.txt", "PORT-AU-PRINCE", ["By Evens Sanon", "PORT-AU-PRINCE, Haiti (AP) — "]),
    ("haiti_kenya.txt", "NAIROBI/PORT-AU-PRINCE",
     ["NAIROBI/PORT-AU-PRINCE, Oct 29 (Reuters) - ",
      "Reporting by Humphrey Malalo in Nairobi and Harold Isaac in Port-au-Prince; "
      "Writing by Sarah Morland; Editing by Rosalba O'Brien"]),
    ("ukraine_talks.txt", None, []),  # a BBC-style story with no dateline
])
def test_english_furniture_on_the_gold_texts(name: str, place: str | None, furniture: list[str]) -> None:
    _, found, found_place = _spans(name)
    assert found == furniture
    assert found_place == place


def test_a_language_without_a_press_file_has_no_furniture() -> None:
    assert find_furniture("SANAA, Feb 10 (Reuters) - Houthis said.", "de").spans == ()


def test_french_agency_dateline() -> None:
    text = "Titre\n\nBeyrouth (AFP) - Le Hezbollah a affirmé mardi que...\n\nab-fc/hj"
    found = find_furniture(text, "fr")
    assert [text[s:e] for s, e in found.spans] == ["Beyrouth (AFP) - ", "ab-fc/hj"]
    assert text[found.place[0]:found.place[1]] == "Beyrouth"


def test_sentences_lose_the_dateline() -> None:
    text = "Title\n\nSANAA, Feb 10 (Reuters) - Yemen's Houthis said on Tuesday..."
    furniture = find_furniture(text, "en")
    first = text.index("SANAA")
    assert without_furniture([(0, 5), (first, len(text))], furniture) == [(0, 5), (text.index("Yemen"), len(text))]


def test_dateline_city_is_a_place_not_an_actor_nor_a_speaker(nlp_en) -> None:
    text = (GOLD_DOCS / "sudan_elfasher.txt").read_text(encoding="utf-8")
    doc = nlp_en(text)
    mentions = resolve_mentions(doc, load_kb(()), published=None, language="en")
    named = {m.text for m in mentions}
    assert "PORT SUDAN" not in named and "Reuters" not in named  # was SDN-GOV and the agency
    assert "Khalid Abdelaziz" not in named and "Rapid Support Forces" in named
    places = find_places(doc, language="en", mentions=mentions)
    port = next(p for p in places if p.text == "PORT SUDAN")
    assert port.country == "SDN" and port.name == "Port Sudan"
    claims = extract_claims(doc, mentions=mentions, language="en")
    assert all("PORT SUDAN" not in (c.speaker_text or "") and "Reporting" not in c.content for c in claims)
