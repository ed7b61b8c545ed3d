"""TIMEX3 conventions the French table follows (issue #20): a clock time with its day is
one TIME, recurrences are SETs (by weekday, every N units), quarters and halves of a year
are Q/H values, a range's first amount takes the second's unit, "nocturne" is TNI."""

from __future__ import annotations

from datetime import date

import pytest

from veille.time import tag_times

PUBLISHED = date(2002, 5, 15)  # a Wednesday


def _tags(text: str, published: date = PUBLISHED) -> list[tuple[str, str | None, str, str | None]]:
    return [(t.text, t.value, t.type, t.mod)
            for t in tag_times(text, published=published, language="fr")]


def test_a_clock_time_and_its_day_are_one_time() -> None:
    assert _tags("Hier à 10 h, une dizaine de délégués ont appelé au boycott.") == [
        ("Hier à 10 h", "2002-05-14T10:00", "TIME", None)]
    assert _tags("La fumée a attiré l'attention des voisins vers 15 h 30, hier.") == [
        ("vers 15 h 30, hier", "2002-05-14T15:30", "TIME", "APPROX")]


@pytest.mark.parametrize("text, value", [
    ("Les gilets jaunes manifestent chaque samedi.", "XXXX-WXX-6"),
    ("La bibliothèque ouvre tous les mardis.", "XXXX-WXX-2"),
    ("Le salon a lieu tous les deux ans.", "P2Y"),
    ("Bagdad exporte 5,2 milliards de dollars par semestre.", "P6M"),
])
def test_recurrences_are_sets(text: str, value: str) -> None:
    assert [(v, t) for _, v, t, _ in _tags(text)] == [(value, "SET")]


@pytest.mark.parametrize("text, value", [
    ("Le chiffre d'affaires du premier trimestre 2002 a progressé.", "2002-Q1"),
    ("Au troisième trimestre, les ventes ont baissé.", "2001-Q3"),  # past, not begun in May
    ("Les ventes reprendront au second semestre.", "2002-H2"),
])
def test_quarters_and_halves_of_a_year(text: str, value: str) -> None:
    assert [v for _, v, _, _ in _tags(text)] == [value]


def test_the_first_amount_of_a_range_takes_the_unit_of_the_second() -> None:
    got = _tags("Le procureur a requis des peines de prison ferme, de 8 à 24 mois.")
    assert [(x, v) for x, v, _, _ in got] == [("8", "P8M"), ("24 mois", "P24M")]


def test_part_of_day_adjectives_and_phrases() -> None:
    assert _tags("Ils ont tout cassé au cours d'une virée nocturne.") == [
        ("nocturne", "TNI", "TIME", None)]
    assert _tags("La réunion a eu lieu en matinée.")[0][1] == "2002-05-15TMO"


def test_the_end_of_the_month_and_recent_weeks() -> None:
    assert _tags("Les résultats seront connus à la fin du mois.")[0][1:] == (
        "2002-05", "DATE", "END")
    assert _tags("Au cours des dernières semaines, les prix ont monté.")[0][1] == "PXW"
    assert _tags("Il revient dans une quinzaine de jours.")[0][1] == "P15D"


def test_a_kind_of_day_is_no_time() -> None:
    assert _tags("Il ne semblait pas dans un jour de grande maîtrise technique.") == []


def test_the_new_year_is_the_year_begun() -> None:
    assert _tags("Ils sont entrés dans la nouvelle année sous le signe de l'euro.",
                 date(2002, 1, 2)) == [("la nouvelle année", "2002", "DATE", None)]


@pytest.mark.parametrize("text, expected", [
    # the first hour of a range and "à partir de" are clock times, not durations
    ("La permanence est ouverte de 9 h à 12 h.",
     [("de 9 h", "2002-05-15T09:00", "TIME"), ("à 12 h", "2002-05-15T12:00", "TIME")]),
    ("Le bal commencera à partir de 21 h.", [("à partir de 21 h", "2002-05-15T21:00", "TIME")]),
    # French TimeBank 1999-08-27-1122: "entre 0 h 30 et 4 h mardi", both on that Tuesday
    ("Les dégradations ont été commises entre 0 h 30 et 4 h mardi.",
     [("entre 0 h 30", "2002-05-14T00:30", "TIME"), ("4 h mardi", "2002-05-14T04:00", "TIME")]),
    ("Il a attendu quatre heures.", [("quatre heures", "PT4H", "DURATION")]),
])
def test_clock_times_of_ranges_and_weekdays(text: str, expected: list) -> None:
    assert [(x, v, t) for x, v, t, _ in _tags(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Il viendra cet après-midi.", ("cet après-midi", "2002-05-15TAF", "TIME")),
    ("Il a vécu à Paris dans les années soixante.", ("dans les années soixante", "196", "DATE")),
    ("Les années soixante-dix ont vu naître le punk.", ("Les années soixante-dix", "197", "DATE")),
    ("Une décision est attendue dans les prochains jours.",
     ("les prochains jours", "PXD", "DURATION")),
    ("Les deux prochains mois seront décisifs.", ("Les deux prochains mois", "P2M", "DURATION")),
    ("L'usine a fermé il y a quelques mois.", ("il y a quelques mois", "PAST_REF", "TIME")),
])
def test_guide_values_for_parts_of_day_decades_and_stretches(text: str, expected: tuple) -> None:
    assert [(x, v, t) for x, v, t, _ in _tags(text)] == [expected]


def test_a_planned_day_in_the_passive_present_is_ahead(nlp_fr) -> None:
    text = "La réunion est prévue lundi à la mairie."
    times = tag_times(text, published=PUBLISHED, language="fr", doc=nlp_fr(text))
    assert times[0].value == "2002-05-20"


@pytest.mark.parametrize("text, published, value", [
    # French TimeBank dev 2002-09-13-0935: the copula's present, not the past clause joined
    ("Omar Daf a été blessé à la cheville alors que Monsoreau et Isabey sont incertains "
     "pour la venue d'Auxerre samedi.", date(2002, 9, 13), "2002-09-14"),
    # 2002-01-24-0475: a present subjunctive is not done yet
    ("Ces propositions interviennent avant que le bilan de la délinquance soit rendu public "
     "lundi matin.", date(2002, 1, 24), "2002-01-28TMO"),
    # a participle's day is not its copula's present (time_gold, Egypt ext_71)
    ("Hassan Rohani, élu au premier tour le 14 juin, est le négociateur qui avait signé, "
     "en 2003, un gel provisoire du programme nucléaire iranien.", date(2014, 1, 15),
     "2013-06-14"),
])
def test_tense_of_copulas_and_subjunctives(nlp_fr, text: str, published: date,
                                           value: str) -> None:
    times = tag_times(text, published=published, language="fr", doc=nlp_fr(text))
    assert times[0].value == value


def test_named_periods_and_the_moment_just_named() -> None:
    got = _tags("Les élections promettent d'être les plus serrées de l'après-guerre.")
    assert got == [("l'après-guerre", "1945", "DATE", "AFTER")]
    # French TimeBank dev 2003-02-23-0086: "ce moment là" repeats the clock time named
    got = _tags("Le feu a pris vers 15 h 30, hier. Il n'y avait personne à l'intérieur à ce "
                "moment là.")
    assert got[-1] == ("ce moment là", "2002-05-14T15:30", "TIME", "APPROX")
    assert _tags("À ce moment-là, personne ne savait.") == []  # nothing named before


@pytest.mark.parametrize("text, expected", [
    ("La guerre a commencé en avril de l'année dernière.",
     ("en avril de l'année dernière", "2001-04")),
    ("Le traité a été signé le 3 mars de cette année.", ("le 3 mars de cette année", "2002-03-03")),
    ("Les élections auront lieu en juin l'an prochain.", ("en juin l'an prochain", "2003-06")),
])
def test_a_month_of_the_year_named_after_it(text: str, expected: tuple) -> None:
    assert [(x, v) for x, v, _, _ in _tags(text)] == [expected]
