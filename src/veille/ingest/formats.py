"""Which reader a byte stream needs, judged from its first bytes, not its file name.

Scrapers and archives lie about extensions (a `.txt` holding HTML, a `.json` that is
gzip-compressed JSON Lines), so every input is sniffed: magic bytes for compressed
and binary files, then the first non-blank characters for the text formats: the
sniff rules below, which the reader registry (`veille.ingest.readers`) asks in order.
"""

from __future__ import annotations

import json
import re
from enum import Enum

from veille.errors import VeilleError


class Format(str, Enum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"


class Unreadable(VeilleError):
    """An input no reader can take; the message is the one-line reason shown to the user."""


GZIP_MAGIC = b"\x1f\x8b"
# Magic bytes of the binary files people drop in a corpus folder by mistake.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive or office document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\xd0\xcf\x11\xe0", "legacy office document"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "audio/video"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3", "SQLite database"),
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|section)[\s>/]",
                         re.IGNORECASE)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A few stray NUL bytes (a scraper's bug) do not make a text binary: up to this many,
# or one per this many bytes, pass; they are removed and counted when the article is
# assembled. Binary formats and UTF-16 without a BOM hold far more.
STRAY_NULS, BYTES_PER_STRAY_NUL = 8, 100


def binary_kind(head: bytes) -> str | None:
    """A name for the binary file `head` starts, or None when it looks like text."""
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(_UTF16_BOMS):
        return None
    sample = head[:4096]
    if sample.count(0) > max(STRAY_NULS, len(sample) // BYTES_PER_STRAY_NUL):
        return "unknown binary data"
    controls = sum(1 for b in sample if 0 < b < 9 or 13 < b < 32)
    return "unknown binary data" if sample and controls / len(sample) > 0.05 else None


def sniff_format(head: bytes) -> Format:
    """The built-in format of a (decompressed) stream from its first bytes; raises
    Unreadable. Kept for callers of the five built-in formats: the sniffing itself goes
    through the reader registry (`veille.ingest.readers.reader_for`), where a stream a
    user's reader takes has a name that is no `Format` (ValueError here)."""
    from veille.ingest.readers import reader_for

    return Format(reader_for(head).name)


def text_head(head: bytes) -> bytes:
    """`head` as every reader's sniff rule sees it: BOM and leading blanks removed.
    Raises Unreadable for a binary file or an empty one, before any reader is asked."""
    kind = binary_kind(head)
    if kind is not None:
        raise Unreadable(f"binary file ({kind})")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise Unreadable("empty file")
    return stripped


# The sniff rules of the built-in readers, each over `text_head`'s output; the reader
# registry asks them in priority order (veille.ingest.builtin_readers).
def is_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def is_jsonl(head: bytes) -> bool:
    """A "{" opening a first line that parses as JSON (a text that merely starts with "{"
    is text; a first line longer than `head` is given the benefit)."""
    if not head.startswith(b"{"):
        return False
    line, newline, _ = head.partition(b"\n")
    if not newline:
        return True
    try:
        json.loads(line.decode("utf-8", errors="replace"))  # legacy-encoded lines are still JSON
    except ValueError:
        return False
    return True


def is_feed(head: bytes) -> bool:
    prologue = head[:4096]
    return (head.startswith(b"<") and _FEED_ROOT.search(prologue) is not None
            and not re.search(rb"<html[\s>]", prologue, re.IGNORECASE))


def is_html(head: bytes) -> bool:
    return head.startswith(b"<") and _HTML_START.search(head[:4096]) is not None


def is_text(head: bytes) -> bool:
    """The fallback: anything left is text, except what is clearly another format no
    reader took (Unreadable says which)."""
    if head.startswith(b"[") and head[1:].lstrip().startswith(b"{"):
        raise Unreadable("JSON array; expected JSON Lines (one article object per line)")
    if head.startswith(b"<?xml"):
        raise Unreadable("XML document that is not an RSS or Atom feed")
    return True
