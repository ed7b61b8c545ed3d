"""Roles read from the French parse (issue 21): an unknown direct object is the target, the
doer's own things are not, and a sentence the parser cut without punctuation is rejoined."""

from __future__ import annotations

import pytest

import veille


def _events(text: str) -> list[tuple]:
    a = veille.analyze(text, language="fr")
    return [(e.type, e.source and e.source.text, e.target and e.target.text) for e in a.events]


@pytest.mark.parametrize(("text", "expected"), [
    ("L'Iran a saisi un pétrolier battant pavillon britannique dans le détroit d'Ormuz.",
     ("COERCE", "Iran", "un pétrolier")),
    ("Human Rights Watch a dénoncé les arrestations arbitraires de journalistes en Égypte.",
     ("ACCUSE", "Human Rights Watch", "les arrestations arbitraires de journalistes")),
    ("Des milliers d'Égyptiens ont manifesté vendredi au Caire contre le pouvoir militaire.",
     ("PROTEST", "Égyptiens", "le pouvoir militaire")),  # no object: the "contre" complement
])
def test_an_unknown_object_is_the_target(text, expected):
    assert expected in _events(text)


def test_the_doers_own_is_no_target():
    found = _events("L'Algérie a rappelé son ambassadeur en France pour consultations.")
    assert all(target != "son ambassadeur" for _, _, target in found)


def test_a_sentence_cut_without_punctuation_is_joined():
    found = _events("L'Iran et l'Arabie saoudite ont conclu un accord pour rétablir leurs "
                    "relations diplomatiques.")
    assert ("AGREE", "Iran", "Arabie saoudite") in found


def test_a_line_break_still_cuts():
    from veille.events.extract import segments
    from veille.nlp import load_pipeline

    doc = load_pipeline("fr")("Titre sans point\nL'Iran a attaqué Israël.")
    assert [s.span.text for s in segments(doc, [], [], "fr")] == [
        "Titre sans point", "L'Iran a attaqué Israël."]
