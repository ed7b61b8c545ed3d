"""Opening inputs as peekable binary streams, with gzip undone transparently.

Compression is detected by magic bytes, never by extension: `corpus.jsonl` may be
gzip and `corpus.gz` may not.
"""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

from veille.ingest.formats import GZIP_MAGIC

PEEK_BYTES = 65536


def peekable(stream: BinaryIO) -> io.BufferedReader:
    """`stream` as a BufferedReader whose `peek` shows the first bytes without consuming them."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, buffer_size=PEEK_BYTES)  # type: ignore[arg-type]


def ungzipped(stream: io.BufferedReader) -> tuple[io.BufferedReader, bool]:
    """The decompressed stream when `stream` is gzip (any extension), else `stream`; and whether it was."""
    if stream.peek(2)[:2] != GZIP_MAGIC:
        return stream, False
    return io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"), buffer_size=PEEK_BYTES), True


def head_of(stream: io.BufferedReader) -> bytes:
    """Up to PEEK_BYTES of what comes next in `stream`, without consuming it."""
    return stream.peek(PEEK_BYTES)[:PEEK_BYTES]


def read_bounded(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes of `stream`, and whether there was more (never reads the rest)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False
