"""Sourcing classes from the speaker's own words, on speakers taken from the seeds."""

from __future__ import annotations

import pytest

from veille.claims.lexicon import load_lexicon
from veille.claims.sourcing import classify_actor, classify_words
from veille.model import Actor


@pytest.mark.parametrize(("speaker", "title", "expected"), [
    ("le site Axios", "", ("media_relay", "media", None)),
    ("la télévision iranienne", "", ("media_relay", "media", "IRN")),
    ("quatre sources", "", ("anonymous", "anonymous_source", None)),
    ("un responsable américain", "", ("anonymous", "anonymous_source", "USA")),
    ("une source au fait du dossier", "", ("anonymous", "anonymous_source", None)),
    ("Le ministère irakien des Affaires étrangères", "", ("named_official", "government", "IRQ")),
    ("Les États-Unis", "", ("named_official", "state", "USA")),
    ("Vedant Patel", "porte-parole adjoint du département d’État américain", ("named_official", "person", "USA")),
    ("Ahmed Fahmy", "un chômeur de 34 ans", ("named_other", "person", None)),
    ("les analyses en circulation", "", ("unattributed", None, None)),
])
def test_classes_from_words(speaker, title, expected):
    got = classify_words(speaker, title, load_lexicon("fr"))
    assert (got.sourcing, got.kind, got.country) == expected


def test_a_resolved_actor_wins_over_words():
    lex = load_lexicon("fr")
    outlet = Actor(id="MEDIA:AXIOS", name="Axios", kind="media", country="USA")
    assert classify_actor(outlet, "", lex).sourcing == "media_relay"
    minister = Actor(id="IRN:ARAGHCHI", name="Abbas Araqchi", kind="person", country="IRN", sector="government")
    assert classify_actor(minister, "", lex).sourcing == "named_official"
