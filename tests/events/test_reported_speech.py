"""Reported speech (issue 21): the speaker of a reported act is not its doer. The act in
what someone says or lays at another's door keeps its own doer and target and rests on that
speaker's claim (`attributed_to`); an act someone asks for has not happened."""

from __future__ import annotations

import pytest

import veille


def _events(text: str, language: str = "fr") -> list:
    return veille.analyze(text, language=language).events


def _find(events: list, etype: str):
    return next(e for e in events if e.type == etype)


@pytest.mark.parametrize("text", [
    "Le porte-parole de l'armée israélienne a affirmé que le Hezbollah avait attaqué une "
    "position israélienne.",
    "L'Iran a frappé une base américaine, a affirmé le porte-parole du Pentagone.",
])
def test_the_speaker_is_attributed_not_the_source(text):
    a = veille.analyze(text, language="fr")
    e = _find(a.events, "ASSAULT")
    assert e.source is not None and e.source.text in ("Hezbollah", "Iran")
    assert e.attributed_to is not None and a.claims[e.attributed_to].speaker_text
    assert e.status == "reported"


def test_the_accused_is_the_doer_of_the_act_laid_at_its_door():
    a = veille.analyze("Washington a accusé Téhéran d'avoir attaqué des pétroliers.",
                       language="fr")
    accuse, assault = _find(a.events, "ACCUSE"), _find(a.events, "ASSAULT")
    assert (accuse.source.text, accuse.target.text) == ("Washington", "Téhéran")
    assert assault.source.text == "Téhéran" and assault.status == "reported"
    assert a.claims[assault.attributed_to].speaker_text == "Washington"


def test_the_one_called_on_is_the_doer_of_what_is_asked():
    found = _events("Ban Ki-moon appelle la Russie à coopérer avec le Conseil de sécurité.")
    cooperate = _find(found, "COOPERATE")
    assert cooperate.source.text == "Russie"
    assert cooperate.status == "hypothetical"
