"""Opening inputs as peekable binary streams, with gzip undone transparently.

Compression is detected by magic bytes, never by extension: `corpus.jsonl` may be
gzip and `corpus.gz` may not. A gzip file cut short (an interrupted download or copy)
or corrupt part-way reads as if it ended at the damage: every byte before it reaches
the reader, so every complete record is salvaged, and `GzipStream.cut` says what
happened for the one-line notice.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

from veille.ingest.formats import GZIP_MAGIC

PEEK_BYTES = 65536


def peekable(stream: BinaryIO) -> io.BufferedReader:
    """`stream` as a BufferedReader whose `peek` shows the first bytes without consuming them."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, buffer_size=PEEK_BYTES)  # type: ignore[arg-type]


class GzipStream(io.RawIOBase):
    """A gzip file's decompressed bytes, ending cleanly where the file is cut or damaged.

    `cut` is None while the stream is whole, else a one-line reason naming how many
    decompressed bytes were read before the damage.
    """

    def __init__(self, compressed: BinaryIO) -> None:
        self._compressed = compressed
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")
        self.cut: str | None = None
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        if self.cut is not None:
            return 0
        try:  # read1: one decompression step, so nothing decoded is held back when it fails
            data = self._gzip.read1(len(buffer))
        except EOFError:
            self.cut = f"invalid gzip: file is truncated after {self.read_bytes:,} bytes of data"
            return 0
        except (zlib.error, gzip.BadGzipFile) as err:
            if not self._compressed.read(1):  # the file ends inside a member's header
                self.cut = f"invalid gzip: file is truncated after {self.read_bytes:,} bytes of data"
            else:
                self.cut = f"invalid gzip: corrupt data after {self.read_bytes:,} bytes of data ({err})"
            return 0
        buffer[: len(data)] = data
        self.read_bytes += len(data)
        return len(data)

    def close(self) -> None:
        self._gzip.close()
        super().close()


def ungzipped(stream: io.BufferedReader) -> tuple[io.BufferedReader, GzipStream | None]:
    """The decompressed stream when `stream` is gzip (any extension), else `stream`; and the
    gzip layer (whose `cut` tells whether the data ended early), None when not gzip."""
    if stream.peek(2)[:2] != GZIP_MAGIC:
        return stream, None
    layer = GzipStream(stream)
    return io.BufferedReader(layer, buffer_size=PEEK_BYTES), layer


def head_of(stream: io.BufferedReader) -> bytes:
    """Up to PEEK_BYTES of what comes next in `stream`, without consuming it."""
    return stream.peek(PEEK_BYTES)[:PEEK_BYTES]


def read_bounded(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes of `stream`, and whether there was more (never reads the rest)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return data[:limit], True
    return data, False
