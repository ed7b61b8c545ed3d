"""HTML pages: trafilatura finds the article body, title and site; htmldate (through it) the date.

libxml2 (under trafilatura) gives up on markup nested deeper than 256 elements and the
page's text is lost with it; such a page is read again with the nesting beyond
`MAX_NESTING` levels flattened away (the tags go, every word stays).
"""

from __future__ import annotations

import hashlib
import logging
import re
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
        document = _extract(data, url)
        if document is None or not (document.text or "").strip():
            flat = flattened(data)
            if flat is not None:
                log.info("%s: markup nested deeper than %d levels, read flattened", origin,
                         MAX_NESTING)
                if not _HTML_ROOT.search(flat[:4096]):  # a fragment: trafilatura wants a page
                    flat = b"<html><body>" + flat + b"</body></html>"
                document = _extract(flat, url)
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


def _extract(data: bytes, url: str | None):  # type: ignore[no-untyped-def]
    return trafilatura.bare_extraction(
        data, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params=_date_params(),
    )


# Nesting kept when a page is flattened: well under libxml2's 256, with room for the
# levels trafilatura's own cleaning adds.
MAX_NESTING = 100
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]*)(?:\s[^>]*)?>")
_HTML_ROOT = re.compile(rb"<html[\s>]", re.IGNORECASE)
_VOID = frozenset(b"area base br col embed hr img input link meta param source track wbr".split())
# Tags that carry the text's structure: kept at any depth (they do not nest in practice).
_TEXT_TAGS = frozenset(b"html head body title p h1 h2 h3 h4 h5 h6 li blockquote pre".split())


def flattened(data: bytes) -> bytes | None:
    """`data` without the wrapper tags (div, span, table…) nested deeper than MAX_NESTING,
    their text and the paragraph tags kept, or None when nothing is that deep. One pass
    over the tags, linear time."""
    out: list[bytes] = []
    stack: list[tuple[bytes, bool]] = []  # (tag name, kept)
    depth = last = dropped = 0
    for match in _TAG.finditer(data):
        name = match[2].lower()
        if name in _VOID or match[0].endswith(b"/>"):
            continue
        keep = True
        if not match[1]:
            keep = depth < MAX_NESTING or name in _TEXT_TAGS
            stack.append((name, keep))
            depth += keep
        elif any(open_name == name for open_name, _ in stack[-64:]):
            while stack:  # close up to the matching start tag, as a browser would
                open_name, kept = stack.pop()
                depth -= kept
                if open_name == name:
                    keep = kept
                    break
        if not keep:
            out.append(data[last:match.start()])
            last, dropped = match.end(), dropped + 1
    if not dropped:
        return None
    out.append(data[last:])
    return b"".join(out)


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
