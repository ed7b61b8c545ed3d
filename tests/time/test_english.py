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


def test_news_nights_and_day_edges() -> None:
    """'overnight' told in the past is the night before the article, even after a dateline
    naming the article's own day; 'late Tuesday' is Tuesday night, 'early on Sunday' its
    morning; 'late 2010' stays a part of a year (a mod, no time of day)."""
    thursday = date(2025, 6, 5)
    got = _tags("KYIV, June 5 (Reuters) - Russia launched 472 drones at Ukraine overnight, "
                "the air force said on Thursday.", thursday)
    assert got["overnight"][0] == "2025-06-04TNI"
    got = _tags("Gangs seized the town late Tuesday. Clashes erupted early on Sunday.", thursday)
    assert got["late Tuesday"][0] == "2025-06-03TNI"
    assert got["early on Sunday"][0] == "2025-06-01TMO"
    assert _tags("an overnight stay in Kyiv", thursday) == {}


def test_within_is_a_duration_and_in_a_date() -> None:
    got = _tags("The agency could run out of food within two weeks. Talks resume in two weeks.",
                date(2025, 3, 12))
    assert got["within two weeks"][0] == "P2W"
    assert got["in two weeks"][0] == "2025-W13"


def test_would_points_forward() -> None:
    """'some 400 of them would return home in December', told in October: this December."""
    got = _tags('The minister told reporters the officers had "done their part" and that '
                "some 400 of them would return home in December.", date(2025, 10, 29))
    assert got["in December"][0] == "2025-12"


def test_counted_and_vague_periods() -> None:
    thursday = date(2025, 6, 5)
    got = _tags("On 2 June the army shelled the town. Two days later, it withdrew. Fighting "
                "has intensified in recent weeks and talks will resume in the coming days. "
                "Israeli forces raided the camp over the weekend. The deadline expires at "
                "the end of the month.", thursday)
    assert got["Two days later"][:3] == ("2025-06-04", None, "On 2 June")
    assert got["recent weeks"][0] == "PAST_REF"
    assert got["the coming days"][0] == "FUTURE_REF"
    assert got["over the weekend"][0] == "2025-W22-WE"
    assert got["at the end of the month"][:2] == ("2025-06", "END")
    got = _tags("A day earlier, he had resigned. Prices rose two days after the vote.", thursday)
    assert got["A day earlier"][0] == "2025-06-04"
    assert got["two days"][0] == "P2D"  # counted from the vote, not from a date


def test_the_parse_reads_english_futures() -> None:
    """With the English parse (as in the analysis), a modal auxiliary or a governor of an
    infinitive points a bare weekday forward; a past verb points it back."""
    from veille.nlp import load_pipeline

    nlp = load_pipeline("en")
    thursday = date(2025, 6, 5)

    def value(text: str) -> str | None:
        times = tag_times(text, published=thursday, language="en", doc=nlp(text))
        return times[-1].value

    assert value("Officials said the talks would resume on Monday.") == "2025-06-09"
    assert value("Russia said on Tuesday it was ready to resume talks on Monday.") == "2025-06-09"
    assert value("Talks are expected to resume on Friday.") == "2025-06-06"
    assert value("Police arrested three suspects on Sunday, a spokesman said.") == "2025-06-01"


def test_the_day_after_said_is_the_saying_s_day(nlp_en) -> None:
    """"X said on Monday it would…": the parser hangs "on Monday" on the reported clause's
    verb; the news convention reads it as the day of saying, and a planning verb in the
    passive present points ahead."""
    thursday = date(2025, 6, 5)

    def value(text: str) -> str | None:
        return tag_times(text, published=thursday, language="en", doc=nlp_en(text))[0].value

    assert value("The ministry said on Monday it would release the figures.") == "2025-06-02"
    assert value("The vote is scheduled for Monday.") == "2025-06-09"


def test_in_n_units_after_a_superlative_is_a_stretch() -> None:
    got = _tags("Inflation reached 9% last year, the highest in four decades. It was the "
                "first time in 20 years. Talks resume in two weeks.")
    assert got["four decades"][0] == "P4DE"
    assert got["20 years"][0] == "P20Y"
    assert got["in two weeks"][0] == "2011-W09"


def test_a_month_of_the_year_named_after_it() -> None:
    got = _tags("The war began in April last year. The deal was signed in March this year. "
                "Elections are due on June 3 next year.")
    assert got["in April last year"][0] == "2010-04"
    assert got["in March this year"][0] == "2011-03"
    assert got["on June 3 next year"][0] == "2012-06-03"


def test_quarters_and_halves_of_a_year() -> None:
    got = _tags("Exports fell in the first half of the year. Growth slowed in the second "
                "quarter of 2009. He scored in the second half.")
    assert got["in the first half of the year"][0] == "2011-H1"
    assert got["in the second quarter of 2009"][0] == "2009-Q2"
    assert "the second half" not in got and "second half" not in got  # a match's half


def test_a_simple_present_with_a_weekday_is_a_schedule(nlp_en) -> None:
    """English news writes what is planned in the simple present (en.yaml
    present_direction); a past verb still points back."""
    thursday = date(2025, 6, 5)

    def value(text: str) -> str | None:
        return tag_times(text, published=thursday, language="en", doc=nlp_en(text))[0].value

    assert value("The IAEA board meets on Monday to discuss Iran's nuclear programme.") \
        == "2025-06-09"
    assert value("The president travels to Brussels on Monday for a NATO summit.") \
        == "2025-06-09"
    assert value("The strike, which began on Monday, has shut most ports.") == "2025-06-02"


def test_be_to_and_a_day_after_an_event(nlp_en) -> None:
    thursday = date(2025, 6, 5)
    text = "The European Union's foreign ministers are to discuss the issue on Monday."
    assert tag_times(text, published=thursday, language="en",
                     doc=nlp_en(text))[0].value == "2025-06-09"
    got = _tags("The statement came a day after the prime minister met the king on Tuesday.")
    assert "a day after" not in got  # the event's day after, not the article's
