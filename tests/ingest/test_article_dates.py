"""Article dates from every clue (#19): a copyright year, the latest date the text names as past."""

import io

from veille.ingest.assemble import assemble_article
from veille.ingest.dates import past_date_in_text
from veille.ingest.options import ReadOptions
from veille.ingest.text_reader import read_text

BODY = ("Selon le site Axios, deux hauts responsables américains ont mené des discussions "
        "indirectes avec l'Iran à Mascate, un peu plus d'un mois après l'attaque de missiles "
        "iraniens contre Israël le 13 avril dernier.")


def _article(text: str):
    options = ReadOptions()
    raw = next(read_text(io.BytesIO(text.encode()), "x.txt", options))
    return assemble_article(raw, options)


def test_a_copyright_year_the_text_confirms_dates_the_article_to_the_year():
    """"© 2024" and "le 13 avril dernier" (2024-04-13): between 2024-04-13 and 2024-12-31,
    so of 2024, known to the year and shown as a year, never a made-up day."""
    article = _article(f"{BODY}\n\nDroits d’auteur © 2024 – onemedia.fr – Tous droits réservés\n")
    assert (article.published.isoformat(), article.date_precision, article.date_origin) == \
        ("2024-01-01", "year", "copyright")
    assert article.published_text == "2024"
    assert article.flags["date_copyright_year"] == 2024
    assert article.flags["date_not_before"] == "2024-04-13"
    assert article.flags["date_not_before_origin"] == "text-past"
    assert article.flags["date_not_after"] == "2024-12-31"


def test_a_copyright_year_alone_only_bounds_the_article():
    """An archive page carries the year it was rendered: "© 2020" alone dates nothing."""
    text = BODY.replace(" le 13 avril dernier", "") + "\n\n© 1996-2020 Le Site"
    article = _article(text)
    assert article.published is None
    assert article.flags["date_not_after"] == "2020-12-31"  # a range's end is the page's year


def test_a_byline_dates_the_article_to_the_day_even_once_removed_as_furniture():
    article = _article(f"Egypte : la rue gronde\nPar Hélène Sallon | Publié le 01/11/11 à 00h00 - "
                       f"Mis à jour le 02/11/11\n{BODY}")
    assert (article.published.isoformat(), article.date_precision, article.date_origin) == \
        ("2011-11-01", "day", "byline")


def test_a_sentence_about_a_publication_is_no_byline():
    article = _article(f"Le rapport publié le 12/03/2011 par l'ONU accuse l'armée.\n{BODY}")
    assert article.date_origin != "byline"


def test_the_url_dates_the_article_at_the_precision_it_spells():
    from veille.ingest.dates import url_date

    day = url_date("http://www.lemonde.fr/afrique/article/2011/03/23/egypte_1497.html")
    assert (day.value.isoformat(), day.precision, day.origin) == ("2011-03-23", "day", "url")
    month = url_date("https://example.org/2012/06/egypte-morsi")
    assert (month.value.isoformat(), month.precision) == ("2012-06-01", "month")
    assert url_date("https://example.org/articles/201103") is None
    assert url_date("https://2011.example.org/a") is None


def test_seeds_001_and_002_are_dated_with_their_origin(seeds_dir):
    """Issue #19: seed 001 of 2024 (its "© 2024" and "le 13 avril dernier"), seed 002 bounded
    by "en octobre 2023", named as past."""
    from veille.ingest import iter_articles

    found = {a.origin.rsplit("/", 1)[-1][:3]: a for a in iter_articles([str(seeds_dir)], ReadOptions())}
    s1, s2 = found["001"], found["002"]
    assert (s1.published_text, s1.date_origin) == ("2024", "copyright")
    assert (s1.flags["date_not_before"], s1.flags["date_not_after"]) == ("2024-04-13", "2024-12-31")
    assert s2.published is None
    assert (s2.flags["date_not_before"], s2.flags["date_not_before_origin"]) == ("2023-10", "text-past")


def test_without_any_year_the_text_still_bounds_the_date():
    text = ("Le processus avait déjà été lancé l'année dernière mais s'est enlisé lorsque la guerre "
            "de Gaza a commencé en octobre 2023, selon des responsables irakiens cités mardi.")
    article = _article(text)
    assert article.published is None and article.date_precision == "unknown"
    assert article.flags["date_not_before"] == "2023-10"


def test_a_copyright_year_before_a_past_date_is_no_publication_year():
    text = BODY.replace("le 13 avril dernier", "depuis le 2 mars 2025") + "\n\n© 2020 Le Site"
    article = _article(text)
    assert article.published is None and "date_copyright_year" not in article.flags
    assert "copyright year 2020" in article.flags["date_rejected"]


def test_only_dates_named_as_past_bound_the_article():
    assert past_date_in_text("Les élections prévues le 5 novembre 2030 auront lieu.") is None
    assert past_date_in_text("le 13 avril dernier") is None  # no year known
    found = past_date_in_text("Il a été élu en 2019, puis depuis le 7 octobre 2023 rien.")
    assert (found.value.isoformat(), found.precision) == ("2023-10-07", "day")


def test_a_day_precise_date_is_not_touched():
    article = _article(f" date 2024-05-17 {BODY}\n\n© 2024 onemedia.fr\n")
    assert (article.published.isoformat(), article.date_origin) == ("2024-05-17", "header")
    assert "date_not_before" not in article.flags
