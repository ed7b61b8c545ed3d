"""The ingest entry point: paths in, `Article`s (or `Skipped` with a reason) out, lazily.

Paths may be files, directories (walked recursively in sorted order, hidden entries
skipped), glob patterns, `-` for stdin, or http(s) URLs (downloaded, then read like a
file). Each input is sniffed for its format and handed to its reader; any failure on
one input becomes a `Skipped` and the iteration goes on with the next.
"""

from __future__ import annotations

import glob
import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from typing import BinaryIO

from veille.ingest.assemble import RawDoc, assemble_article
from veille.ingest.feed_reader import read_feed
from veille.ingest.fetch import FetchError, fetch_bytes, is_url
from veille.ingest.formats import Format, Unreadable, sniff_format
from veille.ingest.html_reader import read_html
from veille.ingest.jsonl_reader import read_jsonl
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.streams import head_of, peekable, ungzipped
from veille.ingest.text_reader import read_text
from veille.ingest.warc_reader import read_warc
from veille.model import Article

__all__ = ["ReadOptions", "Skipped", "iter_articles", "iter_inputs"]

log = logging.getLogger(__name__)

Reader = Callable[[BinaryIO, str, ReadOptions], Iterator[RawDoc | Skipped]]
READERS: dict[Format, Reader] = {
    Format.TEXT: read_text, Format.HTML: read_html, Format.JSONL: read_jsonl,
    Format.FEED: read_feed, Format.WARC: read_warc,
}
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def iter_articles(paths: Sequence[str], options: ReadOptions) -> Iterator[Article | Skipped]:
    """Every article in `paths`, in order, streaming; stops after `options.limit` articles."""
    produced = 0
    for path in iter_inputs(paths):
        if isinstance(path, Skipped):
            yield path
            continue
        for item in _read_input(path, options):
            yield item
            if isinstance(item, Article):
                produced += 1
                if options.limit is not None and produced >= options.limit:
                    return


def iter_inputs(paths: Sequence[str]) -> Iterator[str | Skipped]:
    """The files (and `-`, URLs) `paths` name, directories walked and globs expanded, in order."""
    for path in paths:
        if path == STDIN or is_url(path):
            yield path
        elif os.path.isdir(path):
            yield from _walk(path)
        elif os.path.exists(path):
            yield path
        elif _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Skipped(path, "no file matches this pattern")
            for match in matches:
                yield from _walk(match) if os.path.isdir(match) else iter((match,))
        else:
            yield Skipped(path, "no such file or directory")


def _walk(root: str) -> Iterator[str | Skipped]:
    """Files under `root` in sorted path order (a/1, b/2, z), hidden entries skipped: same order every run."""
    try:
        entries = sorted(os.scandir(root), key=lambda entry: entry.name)
    except OSError as err:
        yield Skipped(root, f"cannot list directory: {err.strerror or err}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path)
        else:
            yield entry.path


def _read_input(path: str, options: ReadOptions) -> Iterator[Article | Skipped]:
    """Articles of one input; whatever goes wrong becomes one Skipped naming the input."""
    origin = "<stdin>" if path == STDIN else path
    try:
        with ExitStack() as stack:
            stream = peekable(stack.enter_context(_open(path, options)))
            stream, _ = ungzipped(stream)
            stack.callback(stream.close)
            reader = READERS[sniff_format(head_of(stream))]
            for raw in reader(stream, origin, options):
                if isinstance(raw, RawDoc):
                    if raw.url is None and raw.origin == origin and is_url(path):
                        raw.url = path  # a page given by its address
                    yield assemble_article(raw, options)
                else:
                    yield raw
    except Unreadable as err:
        yield Skipped(origin, str(err))
    except FetchError as err:
        yield Skipped(origin, f"cannot fetch: {err}")
    except EOFError:
        yield Skipped(origin, "invalid gzip: file is truncated")
    except (zlib.error, gzip.BadGzipFile) as err:
        yield Skipped(origin, f"invalid gzip: {err}")
    except OSError as err:
        yield Skipped(origin, f"cannot read: {err.strerror or err}")
    except Exception as err:  # a reader bug must not stop a 36k-article run
        log.warning("%s: unexpected %s while reading", origin, type(err).__name__, exc_info=True)
        yield Skipped(origin, f"unexpected error: {type(err).__name__}: {err}")


def _open(path: str, options: ReadOptions) -> BinaryIO:
    if path == STDIN:
        return _StdinGuard(sys.stdin.buffer)
    if is_url(path):
        return io.BytesIO(fetch_bytes(path, options))
    return open(path, "rb", buffering=65536)


class _StdinGuard(io.RawIOBase):
    """stdin's bytes without letting our `close()` close the process's stdin."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self._stream.read1(len(buffer)) if hasattr(self._stream, "read1") else self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
