"""HTML pages: trafilatura finds the article body, title and site; htmldate (through it) the date."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO

import lxml.html
import trafilatura
from lxml.etree import ParserError

from veille.ingest.assemble import RawDoc
from veille.ingest.dates import PubDate, parse_date_text
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.streams import read_bounded

log = logging.getLogger(__name__)

# Markup weighs several times its text: allow this many bytes of HTML per character kept.
HTML_BYTES_PER_CHAR = 8


def read_html(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    data, truncated = read_bounded(stream, options.max_chars * HTML_BYTES_PER_CHAR)
    yield extract_html(data, origin, truncated=truncated)


def extract_html(data: bytes, origin: str, *, url: str | None = None,
                 fallback_date: PubDate | None = None, truncated: bool = False) -> RawDoc | Skipped:
    """The article in an HTML page, or Skipped saying why there is none."""
    try:
        document = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=_date_params(),
        )
    except Exception as err:  # trafilatura/lxml raise many types on broken markup
        log.debug("%s: trafilatura failed", origin, exc_info=True)
        return Skipped(origin, f"malformed HTML: {type(err).__name__}: {err}")
    if document is None or not (document.text or "").strip():
        return Skipped(origin, "no article text found in the HTML page")
    return RawDoc(
        text=document.text.replace("\n", "\n\n"), origin=origin,
        raw_hash=hashlib.sha1(data).hexdigest(), title=document.title or None,
        url=url or document.url or None, source=document.sitename or document.hostname or None,
        date=parse_date_text(document.date, "html-meta"), fallback_date=fallback_date,
        truncated=truncated,
    )


def _date_params() -> dict[str, object]:
    """htmldate settings: the original publication date, the fast (non-extensive) search."""
    return {"original_date": True, "extensive_search": False,
            "max_date": datetime.now().strftime("%Y-%m-%d")}


_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article", "pre", "ul", "ol", "table")


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (a feed entry's content), one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return fragment.strip()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(lines).strip()
