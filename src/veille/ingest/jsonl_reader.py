"""JSON Lines corpora: one article per line, field names configurable, read line by line.

`record_doc` is the one mapping from a JSON object to an article's fields: the reader
uses it for each line, and `articles_from_records` for objects that never were a file
(the documents posted to the API).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from veille.ingest.assemble import RawDoc, assemble_article
from veille.ingest.dates import parse_date_text
from veille.ingest.decode import decode_bytes
from veille.ingest.options import ReadOptions, Skipped
from veille.model import Article


# A line is parsed whole, then its text cut to max_chars; lines beyond this many bytes
# (JSON may spend up to 6 bytes a character) are skipped unread rather than loaded.
LINE_BYTES_PER_CHAR = 8
MIN_LINE_LIMIT = 32 * 1024 * 1024


def read_jsonl(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    """One RawDoc per line; a bad line is Skipped, a broken gzip stops the file with the line it broke at."""
    number = 0
    limit = max(options.max_chars * LINE_BYTES_PER_CHAR, MIN_LINE_LIMIT)
    try:
        for number, line in enumerate(_bounded_lines(stream, limit), 1):
            if line is None:
                yield Skipped(f"{origin}#line {number}",
                              f"line longer than {limit:,} bytes (raise max_chars to read it)")
            elif line.strip():
                yield _line_doc(line, f"{origin}#line {number}", options)
    except EOFError:
        yield Skipped(origin, f"invalid gzip: truncated at line {number + 1}")
    except (zlib.error, gzip.BadGzipFile) as err:
        yield Skipped(origin, f"invalid gzip: {err} at line {number + 1}")


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of `stream`; None for a line over `limit` bytes, whose rest is skipped unread."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # skip to the end of the overlong line
            line = stream.readline(limit)
        yield None


def _line_doc(line: bytes, origin: str, options: ReadOptions) -> RawDoc | Skipped:
    record = _parse_line(line, origin)
    if isinstance(record, Skipped):
        return record
    return record_doc(record, origin, options)


def record_doc(record: dict[str, Any], origin: str, options: ReadOptions, *,
               date_origin: str = "jsonl") -> RawDoc | Skipped:
    """What one JSON object says of its article (fields named by `options.jsonl_fields`)."""
    text = _field(record, options.jsonl_key("text"))
    if not isinstance(text, str) or not text.strip():
        return Skipped(origin, f"no text in field '{options.jsonl_key('text')}'")
    return RawDoc(
        text=text, origin=origin, raw_hash=hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest(),
        title=_str_field(record, options.jsonl_key("title")),
        url=_str_field(record, options.jsonl_key("url")),
        source=_str_field(record, options.jsonl_key("source")),
        date=parse_date_text(_field(record, options.jsonl_key("date")), date_origin),
        language=_str_field(record, options.jsonl_key("language")),
    )


def articles_from_records(records: Iterable[dict[str, Any]], origin: str, options: ReadOptions,
                          *, date_origin: str = "jsonl") -> Iterator[Article | Skipped]:
    """An article (cleaned, dated, labelled as a read file's would be) per JSON object;
    each is named `origin#record N` in skips and logs."""
    for number, record in enumerate(records, 1):
        raw = record_doc(record, f"{origin}#record {number}", options, date_origin=date_origin)
        yield assemble_article(raw, options) if isinstance(raw, RawDoc) else raw


def _parse_line(line: bytes, origin: str) -> dict[str, Any] | Skipped:
    try:
        record = json.loads(line)
    except UnicodeDecodeError:  # a cp1252 line in a JSONL file: decode it ourselves
        try:
            record = json.loads(decode_bytes(line, origin))
        except json.JSONDecodeError as err:
            return Skipped(origin, f"invalid JSON: {err.msg} at column {err.colno}")
    except json.JSONDecodeError as err:
        return Skipped(origin, f"invalid JSON: {err.msg} at column {err.colno}")
    if not isinstance(record, dict):
        return Skipped(origin, f"expected a JSON object, found {type(record).__name__}")
    return record


def _field(record: dict[str, Any], key: str) -> Any:
    """record[key], where a dotted key ("meta.date") walks into nested objects."""
    if key in record or "." not in key:
        return record.get(key)
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _str_field(record: dict[str, Any], key: str) -> str | None:
    value = _field(record, key)
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)
