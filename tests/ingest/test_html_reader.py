"""The HTML reader on a real-looking news page (tests/fixtures/ingest/article_fr.html)."""

from __future__ import annotations

from datetime import date

import pytest


@pytest.fixture(scope="module")
def page(ingest_fixtures, read_all):
    articles, skipped = read_all([ingest_fixtures / "article_fr.html"])
    assert skipped == []
    assert len(articles) == 1
    return articles[0]


def test_metadata(page):
    assert page.title == "Oman accueille de nouveaux pourparlers entre Washington et Téhéran"
    assert page.source == "Le Courrier du Golfe"
    assert page.url == "https://www.courrierdugolfe.example/monde/oman-pourparlers-washington-teheran"
    assert (page.published, page.date_precision, page.date_origin) == (date(2026, 2, 5), "day", "html-meta")
    assert page.language == "fr"


def test_main_text_without_page_furniture(page):
    assert page.text.startswith("MASCATE, 5 février - Des émissaires américains et iraniens")
    assert page.text.endswith("selon le commandement central des États-Unis.")
    for furniture in ("Rechercher", "Partager", "Mentions légales", "À lire aussi", "Droits d'auteur",
                      "Économie", "Mer Rouge : nouvelles attaques"):
        assert furniture not in page.text
    assert page.text.count("\n\n") == 4  # five paragraphs, blank-line separated


def test_id_is_sha1_of_url(page):
    import hashlib

    assert page.id == hashlib.sha1(page.url.encode()).hexdigest()


def test_html_with_txt_extension_is_sniffed(tmp_path, ingest_fixtures, read_all):
    target = tmp_path / "page.txt"
    target.write_bytes((ingest_fixtures / "article_fr.html").read_bytes())
    articles, _ = read_all([target])
    assert articles[0].title.startswith("Oman accueille")
    assert "<p>" not in articles[0].text


def test_page_given_by_url_keeps_it(ingest_fixtures, read_all):
    url = "https://mirror.example/oman"
    page_bytes = (ingest_fixtures / "article_fr.html").read_bytes().replace(b"canonical", b"x-canonical").replace(
        b'<meta property="og:url"', b'<meta property="x-og-url"')
    (article,), _ = read_all([url], fetcher=lambda u: page_bytes)
    assert article.url == url
    assert article.origin == url
