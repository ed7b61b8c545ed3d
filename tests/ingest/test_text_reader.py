"""The plain-text reader on the five real seed articles (scraper output with furniture left in)."""

from __future__ import annotations

from datetime import date

import pytest

FURNITURE = ("Rechercher", "You may also like", "Leave a Comment",
             "Autres articles qui pourraient vous intéresser", "Dernières Infos - Sécurité")


@pytest.fixture(scope="module")
def seeds(seeds_dir, read_all):
    articles, skipped = read_all([seeds_dir])
    assert skipped == []
    return {a.origin.rsplit("/", 1)[-1][:3]: a for a in articles}


def test_all_five_seeds_read_as_french(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    assert {a.language for a in seeds.values()} == {"fr"}


@pytest.mark.parametrize("seed, published, precision", [
    ("000", date(2026, 3, 4), "day"),
    ("003", date(2024, 3, 1), "month"),
    ("004", date(2026, 2, 4), "day"),
])
def test_header_date_and_precision(seeds, seed, published, precision):
    article = seeds[seed]
    assert (article.published, article.date_precision, article.date_origin) == (published, precision, "header")


def test_seed_002_has_no_header_date_and_stays_unknown(seeds):
    assert seeds["002"].published is None
    assert seeds["002"].date_precision == "unknown"
    assert seeds["002"].published_text is None


def test_seed_001_is_of_2024_known_to_the_year(seeds):
    """#19: its "© 2024" and "le 13 avril dernier" put it between 2024-04-13 and 2024-12-31."""
    assert (seeds["001"].published_text, seeds["001"].date_origin) == ("2024", "copyright")


def test_undated_seeds_keep_their_date_clues(seeds):
    """#19: 001's "© 2024" and "le 13 avril dernier"; 002 names October 2023 as past."""
    s001, s002 = seeds["001"], seeds["002"]
    assert s001.flags["date_copyright_year"] == 2024
    assert s001.flags["date_not_before"] == "2024-04-13"
    assert "date_copyright_year" not in s002.flags
    assert s002.flags["date_not_before"] == "2023-10"


def test_header_line_is_not_left_in_text(seeds):
    assert seeds["003"].text.startswith("Selon des responsables américains et iraniens")
    assert seeds["003"].published_text == "2024-03"


@pytest.mark.parametrize("seed, title", [
    ("001", "Discussions secrètes USA-Iran pour éviter l’escalade régionale"),
    ("002", "Les États-Unis et l'Irak entament des discussions sur la fin de la coalition militaire"),
    ("004", "USA et Iran se retrouvent à Oman pour tenter d'éviter un conflit"),
    ("000", None),  # first line is two long sentences: no evident headline
])
def test_headline(seeds, seed, title):
    assert seeds[seed].title == title


def test_no_furniture_left(seeds):
    for article in seeds.values():
        lines = [line.strip() for line in article.text.splitlines()]
        for furniture in FURNITURE:
            assert furniture not in lines, (article.origin, furniture)
        assert not any(line.startswith(("Home Actualité", "Droits d’auteur", "by ")) for line in lines)


def test_seed_001_source_from_copyright_footer(seeds):
    article = seeds["001"]
    assert article.source == "onemedia.fr"
    assert "Droits d’auteur © 2024 – onemedia.fr – Tous droits réservés" in article.boilerplate_removed
    assert article.text.count("Discussions secrètes USA-Iran") == 1  # headline printed 4 times
    assert article.text.endswith("responsables d’attaques contre les navires dans la mer Rouge.")


def test_seed_002_teaser_removed(seeds):
    article = seeds["002"]
    assert article.text.endswith("de diminuer les attaques contre les forces américaines.")
    assert "ce message dans une..." not in article.text
    assert article.text.count("sont sur le point d'entamer des discussions") == 1
    assert article.boilerplate_removed[-1].endswith("Les États-Unis ont transmis ce message dans une...")


def test_seed_000_keeps_body_drops_related_articles(seeds):
    article = seeds["000"]
    assert article.boilerplate_removed == ["Autres articles qui pourraient vous intéresser"]
    assert article.text.startswith("Conflit au Moyen-Orient : ces milices en pourparlers")


def test_cleaning_never_edits_inside_lines(seeds, seeds_dir):
    """Later stages use character offsets: every kept line must be a verbatim line of the file."""
    for article in seeds.values():
        raw = (seeds_dir / article.origin.rsplit("/", 1)[-1]).read_text(encoding="utf-8")
        for line in article.text.split("\n"):
            assert line == "" or line in raw
        assert "\n\n\n" not in article.text


def test_ids_and_hashes(seeds, seeds_dir):
    import hashlib

    article = seeds["004"]
    raw = (seeds_dir / article.origin.rsplit("/", 1)[-1]).read_bytes()
    assert article.raw_hash == hashlib.sha1(raw).hexdigest()
    assert article.id == hashlib.sha1(article.text.encode()).hexdigest()
    assert len({a.id for a in seeds.values()}) == 5
