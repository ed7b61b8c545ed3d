"""Numeric facts read from the seed sentences the issue quotes."""

from __future__ import annotations

import pytest

from veille.claims.lexicon import load_lexicon
from veille.claims.numbers import numeric_facts, share_through


def _facts(text: str):
    lex = load_lexicon("fr")
    return [(f.text, f.value, f.unit, f.counts, f.approximate) for f in numeric_facts(text, 0, len(text), lex)]


@pytest.mark.parametrize(("text", "expected"), [
    ("utilisant 350 missiles balistiques et des drones", ("350", 350.0, "count", "missiles balistiques", False)),
    ("Les États-Unis ont 2\u202f500 soldats en Irak", ("2\u202f500", 2500.0, "count", "soldats", False)),
    ("ont été attaquées environ 150 fois par des militants", ("environ 150", 150.0, "times", None, True)),
    ("qui avait tué sept membres des Gardiens de la Révolution", ("sept", 7.0, "count", "membres", False)),
    ("avoir intercepté 99 % des missiles et drones iraniens", ("99 %", 99.0, "percent", "missiles", False)),
    ("la moitié des missiles et drones ont atteint leurs cibles", ("la moitié", 0.5, "fraction", "missiles", False)),
    ("L'armée était au rendez-vous, avec près de 20.000 hommes sur le terrain", ("près de 20.000", 20000.0, "count", "hommes", True)),
])
def test_numbers_with_unit_and_what_they_count(text, expected):
    assert _facts(text)[0] == expected


@pytest.mark.parametrize("text", [
    "les premières entre les deux pays depuis 10 mois",   # reference and duration
    "le 13 avril dernier, en 2014",                        # dates and years
    "Ahmed Fahmy, un chômeur de 34 ans",                   # an age
    "il faut suivre trois axes",                           # a rhetorical count
])
def test_dates_durations_references_are_not_facts(text):
    assert _facts(text) == []


def test_shares_of_an_attack_compare_on_one_scale():
    lex = load_lexicon("fr")
    israel = "avoir intercepté 99 % des missiles et drones iraniens"
    tv = "la moitié des missiles et drones ont atteint leurs cibles"
    (f_israel,) = numeric_facts(israel, 0, len(israel), lex)
    (f_tv,) = numeric_facts(tv, 0, len(tv), lex)
    assert share_through(f_israel, israel, lex) == pytest.approx(0.01)
    assert share_through(f_tv, tv, lex) == pytest.approx(0.5)
