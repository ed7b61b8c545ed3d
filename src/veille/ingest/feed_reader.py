"""RSS and Atom feeds: each entry is an article, from its content or summary.

With `options.fetch` the page an entry links to is downloaded and read by the HTML
reader, keeping the feed's title and date (a feed's date is the publisher's own).
A failed download falls back to the entry's summary; an entry with neither is Skipped.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO
from urllib.parse import urlparse

import feedparser

from veille.ingest.assemble import RawDoc
from veille.ingest.dates import PubDate, parse_date_text
from veille.ingest.fetch import FetchError, fetch_bytes
from veille.ingest.html_reader import extract_html, fragment_text
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.streams import read_bounded

log = logging.getLogger(__name__)

MAX_FEED_BYTES = 50_000_000


def read_feed(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    data, _ = read_bounded(stream, MAX_FEED_BYTES)
    parsed = feedparser.parse(io.BytesIO(data))  # a stream: feedparser never fetches anything
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield Skipped(origin, f"malformed feed: {problem}" if problem else "feed has no entries")
        return
    if parsed.get("bozo"):
        log.debug("%s: feed is not well-formed (%s); read leniently", origin, parsed.bozo_exception)
    source = _feed_source(parsed.feed)
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_doc(entry, f"{origin}#entry {number}", source, options)


def _feed_source(feed: Any) -> str | None:
    title = (feed.get("title") or "").strip()
    if title:
        return title
    host = urlparse(feed.get("link") or "").hostname
    return host.removeprefix("www.") if host else None


def _entry_doc(entry: Any, origin: str, source: str | None, options: ReadOptions) -> RawDoc | Skipped:
    link = entry.get("link") or None
    stated = _entry_date(entry)
    title = (entry.get("title") or "").strip() or None
    failure: Skipped | None = None
    if options.fetch and link:
        page = _fetched_page(link, origin, options)
        if isinstance(page, RawDoc):
            page.title = title or page.title
            page.date = stated or page.date
            page.source = source or page.source
            return page
        failure = page
        log.warning("%s: %s; using the feed's summary", origin, page.reason)
    content = _entry_content(entry)
    if not content:
        return failure or Skipped(origin, "feed entry has no content or summary")
    return RawDoc(text=content, origin=origin, raw_hash=hashlib.sha1(content.encode("utf-8")).hexdigest(),
                  title=title, url=link, source=source, date=stated)


def _fetched_page(link: str, origin: str, options: ReadOptions) -> RawDoc | Skipped:
    try:
        data = fetch_bytes(link, options)
    except FetchError as err:
        return Skipped(origin, f"cannot fetch {link}: {err}")
    return extract_html(data, origin, url=link)


def _entry_content(entry: Any) -> str:
    """The fullest text an entry carries: content, else summary, as plain text."""
    for part in entry.get("content") or []:
        text = fragment_text(part.get("value") or "")
        if text:
            return text
    return fragment_text(entry.get("summary") or "")


def _entry_date(entry: Any) -> PubDate | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return PubDate(date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), "day", "feed")
    for key in ("published", "updated"):
        if entry.get(key):
            return parse_date_text(entry[key], "feed")
    return None
