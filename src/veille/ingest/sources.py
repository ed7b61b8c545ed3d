"""The ingest entry point: paths in, `Article`s (or `Skipped` with a reason) out, lazily.

Paths may be files, directories (walked recursively in sorted order, hidden entries
skipped), glob patterns, `-` for stdin, or http(s) URLs (downloaded, then read like a
file). Each input is sniffed for its format and handed to its reader (the registry of
`veille.ingest.readers`, where a user adds a format); any failure on
one input becomes a `Skipped` and the iteration goes on with the next.

A folder walk only ever opens regular files (a named pipe, socket or device in a
corpus folder is skipped, never opened: opening a pipe would wait for a writer
forever), stays inside the folder it was given (a symbolic link leading out of it is
skipped unless `ReadOptions.follow_links`), and enters each directory once (a link
loop is skipped with a message). A path the user names explicitly is opened as asked,
so `veille ingest <(zcat corpus.gz)` still reads the pipe.
"""

from __future__ import annotations

import errno
import glob
import io
import logging
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import BinaryIO

import veille.ingest.builtin_readers  # noqa: F401  (registers the built-in readers)
from veille.ingest.assemble import RawDoc, assemble_article
from veille.ingest.fetch import FetchError, fetch_bytes, is_url
from veille.ingest.formats import Unreadable
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.readers import reader_for
from veille.ingest.streams import GzipStream, head_of, peekable, ungzipped
from veille.model import Article

__all__ = ["ReadOptions", "Skipped", "iter_articles", "iter_inputs", "read_bytes"]

log = logging.getLogger(__name__)

STDIN = "-"
_GLOB_CHARS = frozenset("*?[")


def iter_articles(paths: Sequence[str], options: ReadOptions) -> Iterator[Article | Skipped]:
    """Every article in `paths`, in order, streaming; stops after `options.limit` articles."""
    produced = 0
    named = set(paths)
    for path in iter_inputs(paths, follow_links=options.follow_links):
        if isinstance(path, Skipped):
            yield path
            continue
        for item in _read_input(path, options, named=path in named):
            yield item
            if isinstance(item, Article):
                produced += 1
                if options.limit is not None and produced >= options.limit:
                    return


def read_bytes(data: bytes, origin: str, options: ReadOptions) -> Iterator[Article | Skipped]:
    """The articles of one input already in memory (a feed `watch` polled), read as the
    file or URL `origin` would be: sniffed, ungzipped, failures as one Skipped."""
    return _read_input(origin, options, data=data)


def iter_inputs(paths: Sequence[str], *, follow_links: bool = False) -> Iterator[str | Skipped]:
    """The files (and `-`, URLs) `paths` name, directories walked and globs expanded, in order."""
    for path in paths:
        if path == STDIN or is_url(path):
            yield path
        elif os.path.isdir(path):
            yield from _Walk(path, follow_links).files()
        elif os.path.lexists(path):
            yield path
        elif _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                yield Skipped(path, "no file matches this pattern")
            for match in matches:
                if os.path.isdir(match):
                    yield from _Walk(match, follow_links).files()
                else:
                    yield match
        else:
            yield Skipped(path, "no such file or directory")


class _Walk:
    """The regular files under one root, in sorted path order (a/1, b/2, z), hidden
    entries skipped: the same order every run. Links are followed only while they stay
    under the root (or everywhere with `follow_links`); each directory is entered once."""

    def __init__(self, root: str, follow_links: bool) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.follow_links = follow_links
        self.entered: set[tuple[int, int]] = set()

    def files(self, directory: str | None = None) -> Iterator[str | Skipped]:
        directory = self.root if directory is None else directory
        try:
            info = os.stat(directory)
            if (info.st_dev, info.st_ino) in self.entered:
                yield Skipped(directory, "directory already walked (a symbolic link loop); skipped")
                return
            self.entered.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError as err:
            yield Skipped(directory, f"cannot list directory: {_os_reason(err)}")
            return
        for entry in entries:
            if not entry.name.startswith("."):
                yield from self._entry(entry)

    def _entry(self, entry: os.DirEntry[str]) -> Iterator[str | Skipped]:
        try:
            if entry.is_symlink() and not self.follow_links:
                target = os.path.realpath(entry.path)
                if os.path.commonpath([target, self.real_root]) != self.real_root:
                    yield Skipped(entry.path, f"symbolic link out of {self.root} (to {target}): "
                                              "not followed (--follow-links follows it)")
                    return
            info = os.stat(entry.path)  # through the link: what would be opened
        except (OSError, ValueError) as err:  # ValueError: commonpath across drives
            yield Skipped(entry.path, f"cannot read: {_os_reason(err)}")
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.files(entry.path)
        elif stat.S_ISREG(info.st_mode):
            yield entry.path
        else:
            yield Skipped(entry.path, f"not a regular file ({_file_kind(info.st_mode)}): not opened")


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"),
             (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"))
    return next((name for test, name in kinds if test(mode)), "special file")


def _os_reason(err: Exception) -> str:
    if isinstance(err, OSError) and err.errno == errno.ELOOP:
        return "symbolic link loop"
    return (err.strerror if isinstance(err, OSError) else None) or str(err)


def printable_path(path: str) -> str:
    """`path` as text that can be shown and stored: a file name that is not UTF-8
    (undecodable bytes arrive as lone surrogates) keeps those bytes as \\xNN escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_input(path: str, options: ReadOptions, data: bytes | None = None, *,
                named: bool = True) -> Iterator[Article | Skipped]:
    """Articles of one input (`data` when given, else opened from `path`); whatever goes
    wrong becomes one Skipped naming the input. Only a path the user `named` may be
    something other than a regular file (a pipe)."""
    origin = "<stdin>" if path == STDIN else printable_path(path)
    try:
        with ExitStack() as stack:
            opened = io.BytesIO(data) if data is not None else _open(path, options, named=named)
            stream = peekable(stack.enter_context(opened))
            stream, gunzip = ungzipped(stream)
            stack.callback(stream.close)
            head = head_of(stream)
            if gunzip is not None and gunzip.cut is not None and not head:
                raise Unreadable(gunzip.cut)
            reader = reader_for(head).read
            items = _assembled(reader(stream, origin, options), path, origin, options)
            yield from items if gunzip is None else _salvaged(items, gunzip, origin)
    except Unreadable as err:
        yield Skipped(origin, str(err))
    except FetchError as err:
        yield Skipped(origin, f"cannot fetch: {err}")
    except OSError as err:
        yield Skipped(origin, f"cannot read: {err.strerror or err}")
    except Exception as err:  # a reader bug must not stop a 36k-article run
        log.warning("%s: unexpected %s while reading", origin, type(err).__name__, exc_info=True)
        yield Skipped(origin, f"unexpected error: {type(err).__name__}: {err}")


def _assembled(raws: Iterator[RawDoc | Skipped], path: str, origin: str,
               options: ReadOptions) -> Iterator[Article | Skipped]:
    for raw in raws:
        if isinstance(raw, RawDoc):
            if raw.url is None and raw.origin == origin and is_url(path):
                raw.url = path  # a page given by its address
            yield assemble_article(raw, options)
        else:
            yield raw


def _salvaged(items: Iterator[Article | Skipped], gunzip: GzipStream,
              origin: str) -> Iterator[Article | Skipped]:
    """`items` of a gzip input, every one read before damaged data kept. When the data was
    cut, the last item is the record the cut tore: its notice is replaced by one saying so
    (a whole record when the cut fell between two: kept, then the notice)."""
    kept, last = 0, None
    for item in items:
        if last is not None:
            yield last
            kept += isinstance(last, Article)
        last = item
    if gunzip.cut is None:
        if last is not None:
            yield last
        return
    if isinstance(last, Article) and last.origin != origin:  # cut between two records
        yield last
        yield Skipped(origin, f"{gunzip.cut}: all {kept + 1:,} records before it read")
    elif last is None or last.origin == origin and kept == 0:  # a single document, torn
        yield Skipped(origin, gunzip.cut)
    else:
        yield Skipped(last.origin, f"{gunzip.cut}: this record is lost, the {kept:,} "
                                   "complete records before it read")


def _open(path: str, options: ReadOptions, *, named: bool = True) -> BinaryIO:
    if path == STDIN:
        return _StdinGuard(sys.stdin.buffer)
    if is_url(path):
        return io.BytesIO(fetch_bytes(path, options))
    if named:
        return open(path, "rb", buffering=65536)
    return _open_regular(path)


def _open_regular(path: str) -> BinaryIO:
    """`path` opened for reading only if it is a regular file. Opened without blocking
    and checked on the open descriptor: a file swapped for a named pipe after the walk
    looked at it is refused, not waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable(f"not a regular file ({_file_kind(mode)}): not read")
        os.set_blocking(fd, True)
        return open(fd, "rb", buffering=65536)
    except BaseException:
        os.close(fd)
        raise


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
