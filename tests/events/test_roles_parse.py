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


@pytest.mark.parametrize(("text", "expected"), [
    # an active subject the KB does not know is the doer, as written
    ("Des hommes armés ont enlevé deux ingénieurs étrangers dans le nord du Nigeria.",
     ("ASSAULT", "Des hommes armés", "ingénieurs étrangers")),
    # the support verb lends its unknown subject; "contre" gives the target
    ("Les pays du Golfe ont décrété un embargo contre le Qatar.",
     ("SANCTION", "Les pays du Golfe", "Qatar")),
    # a REQUEST's "de" complement is whom it is asked of (type_target_cases)
    ("Les familles des otages exigent du gouvernement un accord immédiat.",
     ("REQUEST", "Les familles des otages", "gouvernement")),
    # the border's country is a MOBILIZE target; "plus de" is no negation
    ("La Russie a massé plus de 100 000 soldats à la frontière ukrainienne.",
     ("MOBILIZE", "Russie", "ukrainienne")),
    # a fixed phrase in the lexicon, and its "sur" complement
    ("Les forces de sécurité ont ouvert le feu sur des manifestants au Caire.",
     ("ASSAULT", "forces de sécurité", "manifestants")),
    # coordinated doers of a joint act pair with each other, not with the topic
    ("La Turquie et la Russie se sont mises d'accord sur une zone démilitarisée à Idleb.",
     ("AGREE", "Turquie", "Russie")),
    # a support verb with an event noun is no event of its own ("lancer" is no ASSAULT)
    ("Les syndicats ont lancé une grève générale contre la réforme des retraites.",
     ("PROTEST", "Les syndicats", "la réforme des retraites")),
])
def test_roles_of_french_news_sentences(text, expected):
    assert _events(text) == [expected]


@pytest.mark.parametrize(("text", "status"), [
    ("La médiation d'Oman entre les États-Unis et l'Iran a été reportée à la semaine "
     "prochaine.", "planned"),
    ("Le ministre iranien devait rencontrer son homologue américain à Mascate.", "planned"),
    ("La rencontre entre les États-Unis et l'Iran a été annulée.", "denied"),
    ("La Russie a massé plus de 100 000 soldats à la frontière ukrainienne.", "occurred"),
])
def test_status_of_put_off_and_called_off_events(text, status):
    events = veille.analyze(text, language="fr").events
    assert events and {e.status for e in events} == {status}


@pytest.mark.parametrize(("text", "expected"), [
    # a country after "to" is the one given to, though the places stage knows it as a place
    ("The United States is once again sending aid to Afghanistan.",
     ("AID", "United States", "Afghanistan")),
    # ClearNLP's subject of the infinitive is the object of the verb ("convicted X to pay")
    ("The court convicted Germany's largest bank to pay damages.",
     ("ACCUSE", "The court", "Germany")),
])
def test_english_roles_after_the_ud_rewrite(text, expected):
    a = veille.analyze(text, language="en")
    found = [(e.type, e.source and e.source.text, e.target and e.target.text) for e in a.events]
    assert expected in found
