"""WARC archives (compressed or not): each HTML response record goes through the HTML reader.

A record whose Content-Length is not a number of bytes ends the file with a clear
reason (nothing after it can be located); a record cut short by the end of the file
is skipped, every complete record before it kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from veille.ingest.assemble import RawDoc
from veille.ingest.dates import parse_date_text
from veille.ingest.html_reader import HTML_BYTES_PER_CHAR, extract_html
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.streams import read_bounded

_RECORD_TYPES = ("response", "resource")


def read_warc(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    """One article per HTML response; a broken record ends the file with a Skipped naming it."""
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(stream), 1):
            if record.rec_type is None:  # warcio's record when the file ends in its headers
                yield Skipped(f"{origin}#record {number}", _CUT_IN_HEADERS)
                return
            bad_length = _bad_length(record)
            if bad_length:
                yield Skipped(f"{origin}#record {number}", bad_length)
                return
            if record.rec_type in _RECORD_TYPES and _is_html(record):
                yield _record_doc(record, f"{origin}#record {number}", options)
    except (ArchiveLoadFailed, ValueError, EOFError, AttributeError) as err:
        # AttributeError: warcio's parser trips on a record cut inside its headers
        yield Skipped(f"{origin}#record {number + 1}", f"malformed WARC record: {_one_line(err)}")
        return
    if number == 0:  # bytes, yet no record: warcio gives none for a file cut in its headers
        yield Skipped(f"{origin}#record 1", _CUT_IN_HEADERS)


_CUT_IN_HEADERS = "WARC record cut inside its headers: the file ends before the record does"


def _bad_length(record: Any) -> str | None:
    """Why the record's Content-Length cannot be trusted, or None when it can."""
    declared = record.rec_headers.get_header("Content-Length")
    if declared is not None and declared.strip().isdigit():
        return None
    return (f"invalid WARC record: Content-Length {declared!r} is not a number of bytes; "
            "the archive cannot be read past this record")


def _is_html(record: Any) -> bool:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    content_type = (headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def _record_doc(record: Any, origin: str, options: ReadOptions) -> RawDoc | Skipped:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    captured = parse_date_text(record.rec_headers.get_header("WARC-Date"), "warc")
    data, truncated = read_bounded(record.content_stream(), options.max_chars * HTML_BYTES_PER_CHAR)
    missing = getattr(record.raw_stream, "limit", 0)
    if not truncated and isinstance(missing, int) and missing > 0:
        return Skipped(origin, f"WARC record cut short: the file ends {missing:,} bytes before "
                               "its declared end")
    if not data.strip():
        return Skipped(origin, "empty WARC response")
    return extract_html(data, origin, url=url, fallback_date=captured, truncated=truncated)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__
