"""The step every reader shares: from what a reader found to a finished `Article`.

Readers only extract (text, title, url, dates they can see). Here the text is cut to
`max_chars`, cleaned of furniture, dated (source date, dateline, fallback, override
in that order of trust), given a source and a language.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlparse

from veille.ingest.clean import Cleaned, clean_text
from veille.ingest.dates import PubDate, date_from_dateline, find_dateline
from veille.ingest.language import detect_language
from veille.ingest.options import ReadOptions, Skipped
from veille.model import Article

log = logging.getLogger(__name__)
# Control characters that are neither whitespace nor line breaks: invisible garbage in
# news text, and NUL cannot be stored by PostgreSQL at all (found by tests/reliability).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


@dataclass(slots=True)
class RawDoc:
    """What a reader found in one document, before cleaning and dating.

    `date` is what the document itself states; `fallback_date` a weaker clue used only
    when neither the document nor a dateline dates it (a WARC capture time).
    `guess_title` asks for the headline to be read from the text (plain text files).
    """

    text: str
    origin: str
    raw_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: PubDate | None = None
    fallback_date: PubDate | None = None
    language: str | None = None
    truncated: bool = False
    guess_title: bool = False


def assemble_article(raw: RawDoc, options: ReadOptions) -> Article | Skipped:
    """Clean, date and label `raw`; Skipped when no text is left after cleaning."""
    text, truncated = _CONTROL.sub("", raw.text), raw.truncated
    if len(text) > options.max_chars:
        text, truncated = text[: options.max_chars], True
    if truncated:
        log.warning("%s: longer than %d characters, stored truncated", raw.origin, options.max_chars)
    cleaned = clean_text(text)
    if not cleaned.text:
        return Skipped(raw.origin, "no text left after removing site furniture"
                       if cleaned.removed else "no text")
    published = _publication_date(raw, cleaned, options)
    title = _CONTROL.sub("", raw.title or "") or (headline(cleaned.text) if raw.guess_title
                                                  else None)
    return Article(
        text=cleaned.text, url=raw.url, source=raw.source or cleaned.site or _domain(raw.url),
        title=title.strip() if title else None,
        published=published.value if published else None,
        date_precision=published.precision if published else "unknown",
        date_origin=published.origin if published else None,
        language=options.language or raw.language or detect_language(cleaned.text or title or ""),
        raw_hash=raw.raw_hash, origin=raw.origin, boilerplate_removed=cleaned.removed,
        truncated=truncated,
    )


def _publication_date(raw: RawDoc, cleaned: Cleaned, options: ReadOptions) -> PubDate | None:
    """Override, else the document's own date, refined or replaced by a dateline, else the fallback."""
    if options.published is not None:
        return PubDate(options.published, options.published_precision, "override")
    stated = raw.date
    if stated is not None and stated.precision == "day":
        return stated
    dateline = find_dateline(cleaned.text)
    if dateline is not None:
        reference = stated or raw.fallback_date
        dated = date_from_dateline(dateline, reference, cleaned.copyright_year)
        if dated is not None and _agrees(dated, stated):
            return dated
    return stated or raw.fallback_date


def _agrees(dated: PubDate, stated: PubDate | None) -> bool:
    """A dateline may only sharpen a coarse stated date, never contradict it."""
    if stated is None:
        return True
    same_year = dated.value.year == stated.value.year
    if stated.precision == "month":
        return same_year and dated.value.month == stated.value.month
    return same_year


def _domain(url: str | None) -> str | None:
    """The site a URL belongs to, without "www." (the source when nothing better names it)."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# A headline is one short line without a final full stop, followed by more text.
MAX_HEADLINE_CHARS = 160


def headline(text: str) -> str | None:
    """The first line of `text` when it reads as a headline, else None (no guessing beyond that)."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > MAX_HEADLINE_CHARS or first.endswith((".", ":", ",", ";")):
        return None
    return first
