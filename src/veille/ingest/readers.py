"""Readers: one per input format, registered by name with the rule that recognises it.

A reader turns one byte stream into `RawDoc`s (or `Skipped`s); its sniff rule says, from
the stream's first bytes, whether the stream is its format. Registration lives here, apart
from the readers, as the analysis stages register in `veille.run.stages`; the five
built-in readers register in `veille.ingest.builtin_readers`, which `veille.ingest.sources`
imports (this module imports no reader). A user adds a format without touching the
ingest code:

    def is_toy(head: bytes) -> bool:
        return head.startswith(b"#TOYNEWS")

    def read_toy(stream, origin, options):
        for block in stream.read().decode("utf-8").split("---"):
            yield RawDoc(text=block, origin=origin, raw_hash=sha1(block))

    register_reader("toynews", sniff=is_toy, read=read_toy)

Packages register readers through the `veille.readers` entry-point group (object = a
`RegisteredReader`, or a module that calls `register_reader` when imported).

How a stream is matched: a binary or empty stream is refused first (`formats.text_head`),
then each reader's `sniff` is asked, highest `priority` first (ties: first registered),
with the first bytes after the BOM and leading blanks. The built-ins sit at warc 500,
jsonl 400, feed 300, html 200 and text 0 (the fallback, which takes anything left and
refuses a JSON array or a non-feed XML document); a user's reader defaults to 100: after
the built-in formats, before the text fallback. A sniff may raise `Unreadable` to refuse
the stream outright with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO

from veille.ingest.formats import Unreadable, text_head
from veille.ingest.options import ReadOptions, Skipped
from veille.plugins import loaded_entry_points

if TYPE_CHECKING:
    from veille.ingest.assemble import RawDoc

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "veille.readers"
#: A user's reader is asked after the built-in formats, before the text fallback.
DEFAULT_PRIORITY = 100

#: Reads one stream: (stream, origin shown to the user, options) -> RawDoc or Skipped items.
Reader = Callable[[BinaryIO, str, ReadOptions], Iterator["RawDoc | Skipped"]]
#: Whether a stream is this reader's format, from its first bytes (BOM, blanks stripped).
Sniff = Callable[[bytes], bool]


@dataclass(frozen=True, slots=True)
class RegisteredReader:
    """A reader under its name, with its sniff rule and the priority it is asked at."""

    name: str
    sniff: Sniff
    read: Reader
    priority: int = DEFAULT_PRIORITY


_REGISTRY: dict[str, RegisteredReader] = {}


def register_reader(name: str, *, sniff: Sniff, read: Reader,
                    priority: int = DEFAULT_PRIORITY) -> RegisteredReader:
    """Register `read` for the streams `sniff` recognises; a name registered again is
    replaced in place (keeping its rank among equal priorities)."""
    reader = RegisteredReader(name, sniff, read, priority)
    if name in _REGISTRY and _REGISTRY[name] != reader:
        log.debug("reader %s registered again: the new one replaces the old", name)
    _REGISTRY[name] = reader
    _ordered.cache_clear()
    return reader


def unregister_reader(name: str) -> None:
    """Forget the reader `name` (a test's toy, a reader to switch off); unknown: no-op."""
    if _REGISTRY.pop(name, None) is not None:
        _ordered.cache_clear()


def registered_readers() -> tuple[RegisteredReader, ...]:
    """Every registered reader, in the order streams are sniffed."""
    _load_plugins()
    return _ordered()


@lru_cache(maxsize=1)
def _ordered() -> tuple[RegisteredReader, ...]:
    rank = {name: i for i, name in enumerate(_REGISTRY)}
    return tuple(sorted(_REGISTRY.values(), key=lambda r: (-r.priority, rank[r.name])))


def reader_for(head: bytes) -> RegisteredReader:
    """The reader of the stream starting with `head` (decompressed); raises Unreadable
    with the reason when none takes it."""
    stripped = text_head(head)
    for reader in registered_readers():
        if reader.sniff(stripped):
            return reader
    raise Unreadable("no reader recognises this input "
                     f"(registered: {', '.join(r.name for r in registered_readers())})")


@lru_cache(maxsize=1)
def _load_plugins() -> None:
    """Load the `veille.readers` entry points, once."""
    for name, loaded in loaded_entry_points(ENTRY_POINT_GROUP):
        if name in _REGISTRY:
            continue
        if isinstance(loaded, RegisteredReader) and loaded.name not in _REGISTRY:
            register_reader(loaded.name, sniff=loaded.sniff, read=loaded.read,
                            priority=loaded.priority)
