"""WARC archives (compressed or not): each HTML response record goes through the HTML reader."""

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
            if record.rec_type in _RECORD_TYPES and _is_html(record):
                yield _record_doc(record, f"{origin}#record {number}", options)
    except (ArchiveLoadFailed, ValueError, EOFError, AttributeError) as err:
        # AttributeError: warcio's parser trips on a record cut inside its headers
        yield Skipped(f"{origin}#record {number + 1}", f"malformed WARC record: {_one_line(err)}")


def _is_html(record: Any) -> bool:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    content_type = (headers.get_header("Content-Type") or "").lower()
    return "html" in content_type


def _record_doc(record: Any, origin: str, options: ReadOptions) -> RawDoc | Skipped:
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    captured = parse_date_text(record.rec_headers.get_header("WARC-Date"), "warc")
    data, truncated = read_bounded(record.content_stream(), options.max_chars * HTML_BYTES_PER_CHAR)
    if not data.strip():
        return Skipped(origin, "empty WARC response")
    return extract_html(data, origin, url=url, fallback_date=captured, truncated=truncated)


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())[:200] or type(err).__name__
