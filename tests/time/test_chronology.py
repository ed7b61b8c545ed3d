"""Chronologies (issue #20): "= AVRIL =" heads "- 9 avril : …", "- 12 : …", "- 4 au 6 : …",
whose bare days take their month and year from the heading or the item before."""

from __future__ import annotations

from datetime import date

from veille.time import tag_times

CHRONOLOGY = """Égypte : les grandes dates de l'année 2011.

= JANVIER =

- 25 janvier : des milliers de manifestants envahissent la place Tahrir au Caire.
- 28 : le gouvernement coupe Internet et les téléphones portables.

= FÉVRIER =

- 1er : un million de personnes manifestent au Caire et à Alexandrie.
- 4 au 6 : les affrontements se poursuivent autour de la place.
- 11 : Hosni Moubarak démissionne et remet le pouvoir à l'armée.

= AVRIL =

- 9 avril : l'armée disperse un sit-in place Tahrir.
- 12 : le Conseil de sécurité adopte une résolution.
"""


def _tags(text: str, published: date) -> dict[str, tuple[str | None, str | None, str | None]]:
    return {t.text: (t.value, t.span_end, t.anchor)
            for t in tag_times(text, published=published, language="fr")}


def test_headings_are_months_and_bare_items_take_them() -> None:
    got = _tags(CHRONOLOGY, date(2011, 12, 28))
    assert got["JANVIER"][0] == "2011-01" and got["AVRIL"][0] == "2011-04"
    assert got["28"][0] == "2011-01-28"
    assert got["1er"][0] == "2011-02-01" and got["1er"][2] == "FÉVRIER"
    assert got["4 au 6"][:2] == ("2011-02-04", "2011-02-06")
    assert got["11"][0] == "2011-02-11"
    assert got["9 avril"][0] == "2011-04-09"
    assert got["12"][0] == "2011-04-12"


def test_a_heading_with_its_year_sets_it() -> None:
    text = "## Mars 2003\n\n- 18 : le procureur ouvre une enquête.\n- 20 : l'offensive commence.\n"
    got = _tags(text, date(2020, 8, 29))
    assert got["Mars 2003"][0] == "2003-03"
    assert got["18"][0] == "2003-03-18" and got["20"][0] == "2003-03-20"


def test_a_numbered_list_without_a_month_is_no_chronology() -> None:
    text = "Les propositions du rapport :\n- 12 : réduire les délais.\n- 3 : simplifier.\n"
    assert _tags(text, date(2020, 8, 29)) == {}


def test_a_day_and_colon_inside_a_sentence_is_not_an_item() -> None:
    text = "En mars, le score était de 12 : 3 au terme du match."
    assert "12" not in _tags(text, date(2020, 8, 29))


def test_a_weekday_after_the_day_just_named_is_that_day() -> None:
    text = ("= JANVIER 2011 =\n\n- 28 : vendredi de la colère, le gouvernement coupe "
            "Internet.\n")
    assert _tags(text, date(2011, 12, 28))["vendredi"][0] == "2011-01-28"


REVIEW_2019 = """Ce qu'il faut retenir de l'année.

Janvier :
Les gilets jaunes manifestent pour le dixième samedi d'affilée.

Février : le grand débat national bat son plein dans les mairies.

Mars
- 16 : nouvelles violences sur les Champs-Élysées.

Décembre : la grève contre la réforme des retraites paralyse les transports.
"""


def test_month_headings_of_a_december_review_are_that_year() -> None:
    """A heading has no tense: in a review published in December 2019, "Janvier :" is
    January 2019 (the most recent January), not the one to come."""
    got = _tags(REVIEW_2019, date(2019, 12, 28))
    assert got["Janvier"][0] == "2019-01" and got["Février"][0] == "2019-02"
    assert got["Mars"][0] == "2019-03" and got["16"][0] == "2019-03-16"
    assert got["Décembre"][0] == "2019-12"


def test_headings_run_on_into_the_next_year_and_back_when_told_latest_first() -> None:
    forward = "Novembre :\nLes premières manifestations.\nDécembre :\nLa grève.\nJanvier :\nLe retrait.\n"
    got = _tags(forward, date(2020, 2, 10))
    assert (got["Novembre"][0], got["Décembre"][0], got["Janvier"][0]) == (
        "2019-11", "2019-12", "2020-01")
    latest_first = "Décembre :\nLa grève.\nNovembre :\nLes manifestations.\n"
    got = _tags(latest_first, date(2019, 12, 20))
    assert (got["Décembre"][0], got["Novembre"][0]) == ("2019-12", "2019-11")


def test_a_month_opening_a_sentence_is_no_heading() -> None:
    text = "Mars a été le mois le plus chaud. En mars, les manifestations ont repris."
    assert "Mars" not in _tags(text, date(2019, 12, 28))
