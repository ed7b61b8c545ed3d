"""Places named in seed sentences, linked to the gazetteer; actors are not places."""

from __future__ import annotations

from veille.actors.kb import load_kb
from veille.actors.resolve import resolve_mentions
from veille.places import find_places, load_gazetteer


def places_in(nlp, text, language="fr"):
    doc = nlp(text)
    mentions = resolve_mentions(doc, load_kb(), published=None, language=language)
    return {p.text: p for p in find_places(doc, language=language, mentions=mentions)}


def test_seas_straits_and_cities_of_seed_004(nlp_fr):
    text = ("L'armée américaine a abattu mardi un drone iranien au-dessus de la mer d'Oman, tandis "
            "que des bateaux iraniens se sont approchés d'un navire dans le détroit d'Ormuz.")
    found = places_in(nlp_fr, text)
    assert found["mer d'Oman"].name == "Arabian Sea"
    assert found["détroit d'Ormuz"].name == "Strait of Hormuz"
    assert "Oman" not in found


def test_a_capital_after_a_locative_word_is_a_place_with_coordinates(nlp_fr):
    found = places_in(nlp_fr, "McGurk et Paley sont arrivés à Mascate mardi dernier.")
    muscat = found["Mascate"]
    assert (muscat.name, muscat.country) == ("Muscat", "OMN")
    assert abs(muscat.lat - 23.58) < 0.1 and abs(muscat.lon - 58.41) < 0.1


def test_an_acting_capital_is_an_actor_not_a_place(nlp_fr):
    assert "Téhéran" not in places_in(nlp_fr, "Téhéran a rejeté la proposition.")


def test_a_country_after_a_locative_word_is_also_a_place(nlp_fr):
    found = places_in(nlp_fr, "Des discussions ont eu lieu à Oman en janvier.")
    assert found["Oman"].country == "OMN"


def test_capitalized_words_are_not_cities_without_evidence(nlp_fr):
    found = places_in(nlp_fr, "Sur la place elle-même, un village de tentes est installé.")
    assert "Sur" not in found


def test_english_places_without_ner(nlp_en):
    found = places_in(nlp_en, "The envoys met in Muscat near the Strait of Hormuz.", "en")
    assert found["Muscat"].country == "OMN"
    assert found["Strait of Hormuz"].lat is not None


def test_gazetteer_knows_french_names():
    gazetteer = load_gazetteer("fr")
    assert gazetteer.lookup("Le Caire").name == "Cairo"
    assert gazetteer.lookup("Alexandrie").country == "EGY"
    assert gazetteer.lookup("golfe Persique").name == "Persian Gulf"
    assert gazetteer.lookup("Selon") is None
