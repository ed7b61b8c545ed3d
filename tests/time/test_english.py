"""English at the same level as French (issue #20 item 5): the same TIMEX3 conventions,
anaphora and mods from the English table (time/data/en.yaml)."""

from __future__ import annotations

from datetime import date

from veille.time import tag_times


def _tags(text: str, published: date = date(2011, 2, 15)) -> dict[str, tuple]:
    return {t.text: (t.value, t.mod, t.anchor)
            for t in tag_times(text, published=published, language="en")}


def test_parts_of_a_year_or_month_are_mods() -> None:
    got = _tags("Protests began in late 2010 and spread in early October. By the end of the "
                "year, talks resumed. In mid-January 2011 the regime fell.")
    assert got["in late 2010"][:2] == ("2010", "END")
    assert got["in early October"][:2] == ("2010-10", "START")
    assert got["By the end of the year"][:2] == ("2011", "END")
    assert got["In mid-January 2011"][:2] == ("2011-01", "MID")


def test_the_same_day_and_that_year_count_from_the_last_date_named() -> None:
    got = _tags("On 3 May the army fired on protesters. The same day, the president resigned. "
                "In 2009 riots broke out. That year, the economy shrank.")
    assert got["The same day"] == ("2010-05-03", None, "On 3 May")
    assert got["That year"][:2] == ("2009", None)


def test_approximations_centuries_and_short_years() -> None:
    got = _tags("About two weeks ago he left. In the 19th century, and again in '95, the "
                "city burned. The talks about 2011 went on.")
    assert got["About two weeks ago"][:2] == ("2011-W05", "APPROX")
    assert got["the 19th century"][0] == "18"
    assert got["in '95"][0] == "1995"
    assert got["2011"] == ("2011", None, None)  # "about" before it is a preposition
