"""`veille watch`: feeds polled with conditional GETs from a local HTTP server (no outside
network), changes ingested once, failures counted and survived, restarts resumed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401  (registers every command module on `app`)
from veille.store import ArticleQuery, open_store
from veille.surfaces.cli_app import app
from veille.run.watch import (CycleReport, FeedState, WatchOptions, parse_interval, poll_feed,
                          read_feed_list, run_cycle, watch)

# Sentences from the seed articles (US–Iran talks, Oman's mediation, Iraqi militias).
SENTENCES = [
    "Selon le site Axios, deux hauts responsables de l’administration du président américain "
    "Joe Biden ont mené des discussions indirectes avec des responsables iraniens cette "
    "semaine à Oman, dans une tentative d’éviter une escalade régionale.",
    "Les États-Unis et l'Irak sont sur le point d'entamer des discussions sur la fin de la "
    "coalition militaire internationale dirigée par les États-Unis en Irak, ont déclaré "
    "quatre sources.",
    "L'Iran a retiré certains hauts commandants des Gardiens de la révolution de la région et, "
    "depuis le 4 février, aucune attaque n'a visé les bases abritant des troupes américaines.",
    "Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman, où "
    "plusieurs sessions de discussions ont déjà eu lieu au sujet du programme nucléaire.",
    "Les autorités iraniennes ont présenté leur programme de missiles balistiques comme une "
    "ligne rouge lors des négociations, présentant ces armes comme indispensables.",
    "Les États-Unis ont transmis ce message dans une lettre remise mercredi par leur "
    "ambassadrice en Irak, Alina Romanowski, au ministre irakien des Affaires étrangères.",
]
NO_NETWORK = WatchOptions(analyze=False, timeout=2.0)


def rss(title: str, items: list[tuple[str, str]]) -> bytes:
    """An RSS 2.0 document with one item per (link, text)."""
    day = format_datetime(datetime(2024, 2, 4, 9, 0, tzinfo=timezone.utc))
    body = "".join(f"<item><title>{escape(text[:40])}</title><link>{link}</link>"
                   f"<pubDate>{day}</pubDate><description>{escape(text)}</description></item>"
                   for link, text in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://example.org/</link>{body}</channel></rss>"
            ).encode("utf-8")


@dataclass
class Route:
    body: bytes = b""
    etag: str | None = None
    status: int = 200
    delay: float = 0.0


@dataclass
class FeedSite:
    """What the local server serves, and what it was asked (path, If-None-Match, status)."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[str, str | None, int]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def statuses(self, path: str) -> list[int]:
        return [status for p, _, status in self.log if p == path]


def _handler(site: FeedSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
            route = site.routes.get(self.path, Route(status=404))
            time.sleep(route.delay)
            asked = self.headers.get("If-None-Match")
            status = 304 if route.status == 200 and asked and asked == route.etag else route.status
            site.log.append((self.path, asked, status))
            self.send_response(status)
            if route.etag:
                self.send_header("ETag", route.etag)
            body = route.body if status == 200 else b"" if status == 304 else b"server error"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[FeedSite]:
    """A feed server on 127.0.0.1 at a random port, for one test."""
    state = FeedSite()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def feeds(site: FeedSite, tmp_path: Path) -> Path:
    """Two good feeds, one failing with 500, one malformed, one local file; comments."""
    site.routes["/a.xml"] = Route(rss("Agence A", [("https://a.example/1", SENTENCES[0]),
                                                   ("https://a.example/2", SENTENCES[1])]), '"a1"')
    site.routes["/b.xml"] = Route(rss("Agence B", [("https://b.example/1", SENTENCES[2])]), '"b1"')
    site.routes["/down.xml"] = Route(status=500)
    site.routes["/broken.xml"] = Route(b'<?xml version="1.0"?><rss version="2.0"><channel><<<',
                                       '"x1"')
    (tmp_path / "local.xml").write_bytes(rss("Fichier", [("https://c.example/1", SENTENCES[3])]))
    listing = tmp_path / "feeds.txt"
    listing.write_text("# feeds for the test\n\n"
                       f"{site.url('/a.xml')}\n{site.url('/b.xml')}  # agency B\n"
                       f"{site.url('/down.xml')}\n{site.url('/broken.xml')}\nlocal.xml\n",
                       encoding="utf-8")
    return listing


def test_feed_list_skips_comments_and_resolves_paths_from_its_folder(feeds: Path,
                                                                     site: FeedSite) -> None:
    listed = read_feed_list(feeds)
    assert listed == [site.url("/a.xml"), site.url("/b.xml"), site.url("/down.xml"),
                      site.url("/broken.xml"), str(feeds.parent / "local.xml")]


def test_intervals() -> None:
    assert [parse_interval(t) for t in ("90", "90s", "15m", "1.5h", "1d")] == \
        [90, 90, 900, 5400, 86400]
    for bad in ("", "15 minutes", "-1m", "0s"):
        with pytest.raises(ValueError, match="positive duration"):
            parse_interval(bad)


def test_cycles_ingest_changes_once_and_survive_failing_feeds(feeds: Path, site: FeedSite,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "v.duckdb"
    listed = read_feed_list(feeds)
    with open_store(db) as store:
        first = run_cycle(listed, store, NO_NETWORK, cycle=1)
        assert (first.polled, first.new_articles, first.not_modified) == (5, 4, 0)
        assert set(first.errors) == {site.url("/down.xml"), site.url("/broken.xml")}
        assert first.errors[site.url("/down.xml")] == "HTTP 500 Internal Server Error"
        assert first.errors[site.url("/broken.xml")].startswith("malformed feed")
        # Feed A gains an entry (new ETag); B, the file and the failures do not change.
        site.routes["/a.xml"] = Route(rss("Agence A", [("https://a.example/3", SENTENCES[4]),
                                                       ("https://a.example/1", SENTENCES[0]),
                                                       ("https://a.example/2", SENTENCES[1])]),
                                      '"a2"')
        second = run_cycle(listed, store, NO_NETWORK, cycle=2)
        assert (second.new_articles, second.not_modified, len(second.errors)) == (1, 2, 2)
        assert second.summary.already_stored == 2  # A's old entries recognised, not re-stored
        assert store.stats()["articles"] == 5
        # The failing feed recovers: polled again, its entry arrives.
        site.routes["/down.xml"] = Route(rss("Agence D", [("https://d.example/1", SENTENCES[5])]))
        third = run_cycle(listed, store, NO_NETWORK, cycle=3)
        assert (third.new_articles, third.not_modified, len(third.errors)) == (1, 3, 1)
        assert store.stats()["originals"] == 6  # no entry was taken for a duplicate
    assert site.statuses("/b.xml") == [200, 304, 304]
    assert site.statuses("/a.xml") == [200, 200, 304]
    assert site.statuses("/down.xml") == [500, 500, 200]
    assert first.line().startswith("cycle 1: 5 feeds polled, 4 new articles, 0 not modified, "
                                   "2 errors")


def test_watch_runs_max_cycles_and_a_restart_sends_the_saved_etags(feeds: Path, site: FeedSite,
                                                                   tmp_path: Path) -> None:
    db = tmp_path / "v.duckdb"
    reports: list[CycleReport] = []
    waits: list[float] = []
    options = WatchOptions(every=60, max_cycles=2, analyze=False, timeout=2.0)
    with open_store(db) as store:
        assert watch(feeds, store, options, on_cycle=reports.append, sleep=waits.append) == 2
    assert [r.new_articles for r in reports] == [4, 0] and len(waits) == 1 and waits[0] <= 60
    with open_store(db) as store:  # a restart: a new process would see the same store
        again = run_cycle(read_feed_list(feeds), store, NO_NETWORK, cycle=1)
        assert (again.new_articles, again.not_modified) == (0, 3)
        assert store.stats()["articles"] == 4
    assert [asked for path, asked, _ in site.log if path == "/a.xml"] == [None, '"a1"', '"a1"']


def test_the_feed_list_is_read_again_each_cycle(site: FeedSite, tmp_path: Path) -> None:
    site.routes["/a.xml"] = Route(rss("Agence A", [("https://a.example/1", SENTENCES[0])]), '"1"')
    site.routes["/b.xml"] = Route(rss("Agence B", [("https://b.example/1", SENTENCES[1])]), '"1"')
    listing = tmp_path / "feeds.txt"
    listing.write_text(site.url("/a.xml") + "\n", encoding="utf-8")
    reports: list[CycleReport] = []

    def edit_while_sleeping(seconds: float) -> None:
        listing.write_text(f"{site.url('/a.xml')}\n{site.url('/b.xml')}\n", encoding="utf-8")

    with open_store(tmp_path / "v.duckdb") as store:
        watch(listing, store, replace(NO_NETWORK, max_cycles=2), on_cycle=reports.append,
              sleep=edit_while_sleeping)
    assert [(r.polled, r.new_articles, r.not_modified) for r in reports] == [(1, 1, 0), (2, 1, 1)]


def test_without_validators_an_unchanged_body_is_not_modified(site: FeedSite) -> None:
    site.routes["/plain.xml"] = Route(rss("Sans ETag", [("https://p.example/1", SENTENCES[0])]))
    first = poll_feed(site.url("/plain.xml"), FeedState())
    again = poll_feed(site.url("/plain.xml"), first.state)
    assert (first.outcome, first.state.etag, again.outcome) == ("changed", None, "not_modified")


def test_timeouts_and_html_pages_are_errors_not_articles(site: FeedSite) -> None:
    site.routes["/slow.xml"] = Route(rss("Lent", [("https://s.example/1", SENTENCES[0])]),
                                     delay=1.5)
    site.routes["/moved.html"] = Route(b"<!DOCTYPE html><html><body><p>Moved</p></body></html>")
    slow = poll_feed(site.url("/slow.xml"), FeedState(), timeout=0.3)
    moved = poll_feed(site.url("/moved.html"), FeedState())
    assert slow.outcome == "error" and "timed out" in slow.reason
    assert (moved.outcome, moved.reason) == ("error", "not an RSS/Atom feed (looks like html)")


def test_new_entries_are_analysed_through_the_pipeline(site: FeedSite, tmp_path: Path,
                                                      nlp_fr: object) -> None:
    """(`nlp_fr`: the spaCy model is loaded once per session, shared with the other suites.)"""
    site.routes["/a.xml"] = Route(rss("Agence A", [("https://a.example/1", SENTENCES[3])]), '"1"')
    listing = tmp_path / "feeds.txt"
    listing.write_text(site.url("/a.xml") + "\n", encoding="utf-8")
    with open_store(tmp_path / "v.duckdb") as store:
        watch(listing, store, WatchOptions(max_cycles=1, timeout=2.0))
        stats = store.stats()
        [row] = store.articles(ArticleQuery())
    assert (stats["articles"], stats["analyzed"]) == (1, 1)
    assert row["title"] and row["published"].isoformat() == "2024-02-04"


def test_cli_watch_once(feeds: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["watch", str(feeds), "--once", "--no-analyze",
                                      "--timeout", "2", "--db", str(tmp_path / "v.duckdb")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "cycle 1: 5 feeds polled, 4 new articles, 0 not modified, 2 errors" in result.output
    bad = CliRunner().invoke(app, ["watch", str(feeds), "--every", "soon"])
    assert bad.exit_code == 2 and "positive duration" in bad.output
