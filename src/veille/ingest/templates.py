"""Lines a site prints on many pages: its template, learned from the documents themselves.

A menu ("Les sites du Groupe Figaro"), a footer, a newsletter box or a sidebar of
headlines repeats, word for word, across the pages of an outlet; an article's sentences
do not. `LineMemory` counts, for each short line, in how many documents it was read —
across the whole store and per source — as articles arrive, so that a line already seen
in several other documents is known to be furniture without a pattern for it
(`clean.clean_text(..., memory=...)`, reason "template").

Only lines up to `MAX_LINE_CHARS` are counted (a paragraph of prose repeated across
documents is a syndicated story, not a template), by a 64-bit hash of their normalised
form, so the memory stays small: at most `max_keys` hashes per scope, the ones seen once
forgotten first. It is saved in the store's `meta` table (`to_json` / `from_json`) so a
later run goes on from what earlier runs learned. Titles' last segments are counted in
the same counters under keys of their own (`observe_title`): a suffix many titles share
is the site's furniture too (`titles.py`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable

# Lines longer than this are never counted: template lines are short.
MAX_LINE_CHARS = 300
# A line read in at least this many *other* documents of the store is a template line…
MIN_OTHER_DOCS = 2
# …or in at least this many other documents of the same source.
MIN_OTHER_SOURCE_DOCS = 1
# Hashes kept per scope before those seen once are forgotten.
MAX_KEYS = 500_000
# The `meta` key the store keeps the memory under.
META_KEY = "furniture_line_memory"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"'})


def line_hash(line: str) -> int | None:
    """The memory's key for one line (case, quotes and spacing ignored); None when not counted."""
    if not line or len(line) > MAX_LINE_CHARS:
        return None
    norm = " ".join(line.translate(_QUOTES).casefold().split())
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8", "surrogatepass"),
                                          digest_size=8).digest(), "big")


def title_key(suffix: str) -> int | None:
    """The memory's key for a title's last segment: apart from any line's key."""
    return line_hash("\x00title suffix\x00" + suffix)


class LineMemory:
    """Document frequencies of short lines, store-wide and per source, updated as documents arrive."""

    def __init__(self, *, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self.documents = 0
        self.store: Counter[int] = Counter()
        self.sources: dict[str, Counter[int]] = {}

    def observe(self, lines: Iterable[str], source: str | None = None) -> None:
        """Count one document's distinct lines (call once per document, before cleaning it)."""
        keys = {k for k in map(line_hash, (line.strip() for line in lines)) if k is not None}
        self.documents += 1
        self.store.update(keys)
        _prune(self.store, self.max_keys)
        if source:
            scoped = self.sources.setdefault(source, Counter())
            scoped.update(keys)
            _prune(scoped, self.max_keys)

    def observe_title(self, suffix: str | None, source: str | None = None) -> None:
        """Count one title's last segment (`titles.split_title`), in the same counters as
        lines under a key of its own: a suffix many titles share is the site's furniture."""
        key = title_key(suffix) if suffix else None
        if key is None:
            return
        self.store[key] += 1
        if source:
            self.sources.setdefault(source, Counter())[key] += 1

    def other_titles(self, suffix: str, source: str | None = None) -> tuple[int, int]:
        """In how many titles besides the current one `suffix` ended a title: (store, its
        source). The current title must already have been observed."""
        key = title_key(suffix)
        if key is None:
            return 0, 0
        scoped = self.sources.get(source) if source else None
        return max(0, self.store[key] - 1), max(0, scoped[key] - 1) if scoped else 0

    def other_documents(self, line: str, source: str | None = None) -> tuple[int, int]:
        """In how many documents besides the current one `line` was read: (store, its source).

        The current document must already have been observed (it counts itself once)."""
        key = line_hash(line)
        if key is None:
            return 0, 0
        scoped = self.sources.get(source) if source else None
        return max(0, self.store[key] - 1), max(0, scoped[key] - 1) if scoped else 0

    def is_template(self, line: str, source: str | None = None) -> bool:
        """Whether `line` was read in enough other documents to be the site's template."""
        store, own = self.other_documents(line, source)
        return store >= MIN_OTHER_DOCS or (own >= MIN_OTHER_SOURCE_DOCS and source is not None)

    def to_json(self) -> str:
        """The memory as compact JSON (hashes in hex), for the store's `meta` table."""
        return json.dumps({"version": 1, "documents": self.documents,
                           "store": _hex(self.store),
                           "sources": {s: _hex(c) for s, c in self.sources.items()}},
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None, *, max_keys: int = MAX_KEYS) -> LineMemory:
        """A memory saved by `to_json`; an empty one for None or a version it cannot read."""
        memory = cls(max_keys=max_keys)
        data = json.loads(text) if text else {}
        if data.get("version") != 1:
            return memory
        memory.documents = int(data.get("documents", 0))
        memory.store = _unhex(data.get("store", {}))
        memory.sources = {s: _unhex(c) for s, c in data.get("sources", {}).items()}
        return memory


def _hex(counts: Counter[int]) -> dict[str, int]:
    return {f"{k:016x}": v for k, v in counts.items()}


def _unhex(counts: dict[str, int]) -> Counter[int]:
    return Counter({int(k, 16): int(v) for k, v in counts.items()})


def _prune(counts: Counter[int], max_keys: int) -> None:
    """Forget the lines seen once when the memory is full (a template line recurs)."""
    if len(counts) > max_keys:
        for key in [k for k, v in counts.items() if v <= 1]:
            del counts[key]
