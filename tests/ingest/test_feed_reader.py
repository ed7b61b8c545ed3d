"""RSS and Atom feeds, from files and from (fake) URLs; nothing here touches the network."""

from __future__ import annotations

from datetime import date

import pytest

from veille.ingest.fetch import FetchError

FEED_URL = "https://www.courrierdugolfe.example/monde/rss"
PAGE_URL = "https://www.courrierdugolfe.example/monde/oman-pourparlers-washington-teheran"


def test_rss_entries(ingest_fixtures, read_all):
    articles, skipped = read_all([ingest_fixtures / "feed_rss.xml"])
    assert [a.title for a in articles] == [
        "Oman accueille de nouveaux pourparlers entre Washington et Téhéran",
        "Irak : Washington et Bagdad discutent de la fin de la coalition",
    ]
    first, second = articles
    assert first.text.startswith("Des émissaires américains et iraniens sont arrivés jeudi à Mascate")
    assert "\n\nSelon un diplomate" in first.text  # content:encoded paragraphs kept apart
    assert (first.published, first.date_origin) == (date(2026, 2, 5), "feed")
    assert second.published == date(2024, 1, 26)
    assert first.url == PAGE_URL
    assert first.source == "Le Courrier du Golfe - Monde"
    assert first.origin.endswith("feed_rss.xml#entry 1")
    assert {a.language for a in articles} == {"fr"}
    assert [(s.origin.rsplit("#", 1)[1], s.reason) for s in skipped] == [
        ("entry 3", "feed entry has no content or summary")]


def test_atom_entry(ingest_fixtures, read_all):
    articles, skipped = read_all([ingest_fixtures / "feed_atom.xml"])
    assert skipped == []
    (entry,) = articles
    assert entry.title == "US and Iran to meet in Oman in bid to avert conflict"
    assert entry.text.startswith("DUBAI, Feb 4 (Reuters) - Talks between the United States and Iran")
    assert (entry.published, entry.date_precision, entry.date_origin) == (date(2026, 2, 4), "day", "feed")
    assert entry.source == "Gulf Monitor"
    assert entry.language == "en"


def _fake_web(pages: dict[str, bytes]):
    calls: list[str] = []

    def fetch(url: str) -> bytes:
        calls.append(url)
        if url not in pages:
            raise FetchError("HTTP 404 Not Found")
        return pages[url]

    return fetch, calls


def test_feed_url_is_fetched_entry_pages_are_not_by_default(ingest_fixtures, read_all):
    fetch, calls = _fake_web({FEED_URL: (ingest_fixtures / "feed_rss.xml").read_bytes()})
    articles, _ = read_all([FEED_URL], fetcher=fetch)
    assert calls == [FEED_URL]
    assert articles[0].origin == f"{FEED_URL}#entry 1"


def test_fetch_reads_entry_pages_with_html_reader(ingest_fixtures, read_all):
    fetch, calls = _fake_web({FEED_URL: (ingest_fixtures / "feed_rss.xml").read_bytes(),
                              PAGE_URL: (ingest_fixtures / "article_fr.html").read_bytes()})
    articles, _ = read_all([FEED_URL], fetcher=fetch, fetch=True)
    assert calls[:2] == [FEED_URL, PAGE_URL]
    full = articles[0]
    assert full.text.startswith("MASCATE, 5 février - Des émissaires")
    assert full.text.count("\n\n") == 4
    assert full.title == "Oman accueille de nouveaux pourparlers entre Washington et Téhéran"
    assert full.date_origin == "feed"


def test_failed_entry_fetch_falls_back_to_summary(ingest_fixtures, read_all, caplog):
    fetch, _ = _fake_web({FEED_URL: (ingest_fixtures / "feed_rss.xml").read_bytes()})
    articles, skipped = read_all([FEED_URL], fetcher=fetch, fetch=True)
    assert len(articles) == 2
    assert articles[1].text.startswith("Les États-Unis et l'Irak sont sur le point")
    assert "HTTP 404" in caplog.text
    # the entry without a summary reports why its page could not be read
    assert [s.reason for s in skipped] == [
        "cannot fetch https://www.courrierdugolfe.example/monde/vide: HTTP 404 Not Found"]


def test_unreachable_feed_url_is_skipped(read_all):
    fetch, _ = _fake_web({})
    articles, skipped = read_all([FEED_URL], fetcher=fetch)
    assert articles == []
    assert skipped[0].origin == FEED_URL
    assert skipped[0].reason == "cannot fetch: HTTP 404 Not Found"


@pytest.mark.parametrize("body", [
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>T",
    b"<rss><channel><title>Vide</title></channel></rss>",
])
def test_malformed_or_empty_feed_is_skipped(tmp_path, read_all, body):
    path = tmp_path / "feed.xml"
    path.write_bytes(body)
    articles, skipped = read_all([path])
    assert articles == []
    assert skipped and all(s.origin.startswith(str(path)) for s in skipped)
