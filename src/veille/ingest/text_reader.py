"""Plain text files as users' scrapers write them: optional ` date ...` line, then the page text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import BinaryIO

from veille.ingest.assemble import RawDoc
from veille.ingest.dates import split_header
from veille.ingest.decode import decode_bytes
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.streams import read_bounded

# UTF-8 needs at most 4 bytes a character: reading 4 × max_chars bytes is always enough.
BYTES_PER_CHAR = 4


def read_text(stream: BinaryIO, origin: str, options: ReadOptions) -> Iterator[RawDoc | Skipped]:
    """One article from a text stream, read up to `max_chars` characters (the rest is never loaded)."""
    data, truncated = read_bounded(stream, options.max_chars * BYTES_PER_CHAR + BYTES_PER_CHAR)
    text = decode_bytes(data, origin, truncated=truncated)
    if len(text) > options.max_chars:
        text, truncated = text[: options.max_chars], True
    if not text.strip():
        yield Skipped(origin, "empty file")
        return
    stated, body = split_header(text)
    yield RawDoc(text=body, origin=origin, raw_hash=hashlib.sha1(data).hexdigest(),
                 date=stated, truncated=truncated, guess_title=True)
