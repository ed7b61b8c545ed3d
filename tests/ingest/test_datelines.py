"""Publication dates: header lines, metadata strings, datelines and how they combine."""

from __future__ import annotations

from datetime import date

import pytest

from veille.ingest.assemble import RawDoc, assemble_article
from veille.ingest.dates import PubDate, date_from_dateline, find_dateline, parse_date_text, split_header
from veille.ingest.options import ReadOptions

PARA = "Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman."


@pytest.mark.parametrize("text, expected, rest", [
    (" date 2026-03-04 Conflit au Moyen-Orient", (date(2026, 3, 4), "day"), "Conflit au Moyen-Orient"),
    (" date 2024-03 Selon des responsables", (date(2024, 3, 1), "month"), "Selon des responsables"),
    (" date 2024\nTexte", (date(2024, 1, 1), "year"), "\nTexte"),
    (" date 2024-13-01 x", None, " date 2024-13-01 x"),
    ("Le date 2024-03-01 x", None, "Le date 2024-03-01 x"),
])
def test_split_header(text, expected, rest):
    stated, body = split_header(text)
    assert (None if stated is None else (stated.value, stated.precision)) == expected
    assert body == rest


@pytest.mark.parametrize("value, expected", [
    ("2020-07-02", (date(2020, 7, 2), "day")),
    ("2020-07", (date(2020, 7, 1), "month")),
    ("2020", (date(2020, 1, 1), "year")),
    ("2026-02-05T23:42:00+04:00", (date(2026, 2, 5), "day")),
    ("2026-02-05T08:42:00Z", (date(2026, 2, 5), "day")),
    ("Thu, 05 Feb 2026 04:42:00 GMT", (date(2026, 2, 5), "day")),
    ("05/02/2026", (date(2026, 2, 5), "day")),
    ("5 février 2026", (date(2026, 2, 5), "day")),
    (1770252120, (date(2026, 2, 5), "day")),
    ("hier", None),
    ("", None),
    (None, None),
])
def test_parse_date_text(value, expected):
    parsed = parse_date_text(value, "jsonl")
    assert (None if parsed is None else (parsed.value, parsed.precision)) == expected


@pytest.mark.parametrize("text, day, month, year", [
    ("DUBAÏ, 4 février - Des pourparlers", 4, 2, None),
    ("PARIS, 12 mars (Reuters) - Le gouvernement", 12, 3, None),
    ("WASHINGTON, Feb 4 (Reuters) - The United States", 4, 2, None),
    ("NEW YORK, March 3, 2024 (AP) — Talks", 3, 3, 2024),
    ("Paris, mardi 1er avril 2025 (AFP) - Le", 1, 4, 2025),
    ("BEYROUTH, 3 fevr. - Sans accent", 3, 2, None),
    ("Titre de l'article\nTÉHÉRAN, 15 janvier (AFP) - Le", 15, 1, None),
])
def test_find_dateline(text, day, month, year):
    found = find_dateline(text)
    assert found is not None
    assert (found.day, found.month, found.year) == (day, month, year)


@pytest.mark.parametrize("text", [
    "Selon le site Axios, deux hauts responsables ont mené des discussions.",
    "Le 4 février, des pourparlers ont eu lieu.",
    "Un\nDeux\nTrois\nPARIS, 12 mars (Reuters) - trop loin dans le texte",
])
def test_no_dateline(text):
    assert find_dateline(text) is None


def test_dateline_year_from_reference_goes_back_over_new_year():
    dateline = find_dateline("PARIS, 31 décembre (AFP) - x")
    reference = PubDate(date(2025, 1, 2), "day", "feed")
    assert date_from_dateline(dateline, reference, None) == PubDate(date(2024, 12, 31), "day", "dateline")


def test_dateline_without_any_year_gives_no_date():
    assert date_from_dateline(find_dateline("DUBAÏ, 4 février - x"), None, None) is None


def _article(text: str, **raw):
    return assemble_article(RawDoc(text=text, origin="t.txt", raw_hash="x", **raw), ReadOptions(language="fr"))


def test_dateline_year_from_copyright_footer():
    article = _article(f"DUBAÏ, 4 février - {PARA}\n\n© 2026 – exemple.fr – Tous droits réservés")
    assert (article.published, article.date_precision, article.date_origin) == (date(2026, 2, 4), "day", "dateline")
    assert article.source == "exemple.fr"


def test_dateline_alone_keeps_date_unknown():
    article = _article(f"DUBAÏ, 4 février - {PARA}")
    assert (article.published, article.date_precision) == (None, "unknown")


def test_dateline_sharpens_month_header():
    article = _article(f"PARIS, 12 mars (Reuters) - {PARA}", date=PubDate(date(2024, 3, 1), "month", "header"))
    assert (article.published, article.date_precision, article.date_origin) == (date(2024, 3, 12), "day", "dateline")


def test_dateline_never_contradicts_stated_month():
    stated = PubDate(date(2024, 5, 1), "month", "header")
    article = _article(f"PARIS, 12 mars (Reuters) - {PARA}", date=stated)
    assert (article.published, article.date_precision, article.date_origin) == (date(2024, 5, 1), "month", "header")


def test_day_precise_stated_date_wins_over_dateline():
    stated = PubDate(date(2026, 2, 5), "day", "html-meta")
    assert _article(f"DUBAÏ, 4 février - {PARA}", date=stated).published == date(2026, 2, 5)


def test_dateline_beats_warc_capture_date():
    capture = PubDate(date(2026, 2, 20), "day", "warc")
    article = _article(f"DUBAÏ, 4 février - {PARA}", fallback_date=capture)
    assert (article.published, article.date_origin) == (date(2026, 2, 4), "dateline")
    assert _article(PARA, fallback_date=capture).date_origin == "warc"


def test_override_wins(seeds_dir, read_all):
    articles, _ = read_all([seeds_dir / "004_fd30a04ac12fdf52.txt"], published=date(2026, 1, 1),
                           published_precision="month")
    assert (articles[0].published, articles[0].date_precision, articles[0].date_origin) == \
        (date(2026, 1, 1), "month", "override")
