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


def test_a_copyright_year_is_kept_as_a_clue_and_gives_the_past_date_its_year():
    article = _article(f"{BODY}\n\nDroits d’auteur © 2024 – onemedia.fr – Tous droits réservés\n")
    assert article.published is None and article.date_precision == "unknown"
    assert article.flags["date_copyright_year"] == 2024
    assert article.flags["date_not_before"] == "2024-04-13"
    assert article.flags["date_not_before_origin"] == "text-past"


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
