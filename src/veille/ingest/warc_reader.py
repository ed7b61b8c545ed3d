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
    """One article per HTML response; a broken record ends the file with a Skipped naming it.

    A file cut inside a record says so in one line, whichever record the cut falls in:
    warcio itself ends quietly when the file stops inside a later record's headers (it
    takes the EOFError for the end of the archive), and a record cut inside its HTTP
    headers loses its Content-Type, so it would pass for a non-HTML record."""
    number = 0
    records = ArchiveIterator(stream)
    try:
        for number, record in enumerate(records, 1):
            where = f"{origin}#record {number}"
            if record.rec_type is None:  # warcio's record when the file ends in its headers
                yield Skipped(where, _CUT_IN_HEADERS)
                return
            bad_length = _bad_length(record)
            if bad_length:  # no Content-Length yet at the end of the file: cut, not invalid
                yield Skipped(where, _CUT_IN_HEADERS if _at_end(records) else bad_length)
                return
            if record.rec_type in _RECORD_TYPES and _is_html(record):
                yield _record_doc(record, where, options)
            elif missing := _missing_bytes(record):
                yield Skipped(where, _cut_short(missing))
                return
    except (ArchiveLoadFailed, ValueError, EOFError, AttributeError) as err:
        # AttributeError: warcio's parser trips on a record cut inside its headers (or
        # without a target URI); at the end of the file, a cut is what it is
        yield Skipped(f"{origin}#record {number + 1}", _CUT_IN_HEADERS if _at_end(records)
                      else f"malformed WARC record: {_one_line(err)}")
        return
    # bytes, yet no record (warcio gives none for a file cut in its first headers), or the
    # first line of a record read and nothing yielded for it (cut in a later one's headers)
    if number == 0 or records.next_line:
        yield Skipped(f"{origin}#record {number + 1}", _CUT_IN_HEADERS)


_CUT_IN_HEADERS = "WARC record cut inside its headers: the file ends before the record does"


def _cut_short(missing: int) -> str:
    return f"WARC record cut short: the file ends {missing:,} bytes before its declared end"


def _at_end(records: ArchiveIterator) -> bool:
    """Whether warcio's reader has nothing left: a record it could not parse then ends
    where the file does (cut), rather than going on with something unreadable."""
    reader = records.reader
    try:
        return reader is not None and not reader.read(1)
    except Exception:  # an unreadable rest (a broken gzip member) is not a clean end
        return False


def _missing_bytes(record: Any) -> int:
    """How many of the record's declared bytes the file lacks (0 when it is whole), read
    through to its end as warcio would before the next record."""
    while record.raw_stream.read(65536):
        pass
    missing = getattr(record.raw_stream, "limit", 0)
    return missing if isinstance(missing, int) and missing > 0 else 0


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
        return Skipped(origin, _cut_short(missing))
    if not data.strip():
        return Skipped(origin, "empty WARC response")
    return extract_html(data, origin, url=url, fallback_date=captured, truncated=truncated)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__
