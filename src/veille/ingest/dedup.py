"""Exact and near-duplicate detection, so a syndicated story is analysed once.

Exact duplicates share the sha1 of their normalized text. Near duplicates (agency
copies with a changed headline, a dateline, a sentence cut) are found with MinHash
over word 3-shingles (datasketch's permutations) and banded LSH with datasketch's
parameters. Signatures are kept in the store, so a later run still recognises what an
earlier run saw.

The index holds every article seen, so it is kept compact: signatures as rows of one
uint32 array, LSH bands as one uint64 hash per band, hashes as 20 raw bytes; about 0.4 KB
an article where datasketch's MinHash objects and MinHashLSH tables took ~2 KB (the
writing process grew with the corpus).
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Iterable
from functools import lru_cache
from dataclasses import dataclass
from typing import Literal

import numpy as np
from datasketch import MinHash, MinHashLSH
from numpy.typing import NDArray

from veille.model import Article, sha1_hex


#: One place for the defaults; the CLI exposes them as flags.
NUM_PERM = 64
THRESHOLD = 0.8
SHINGLE = 3
#: datasketch's permutation scheme; stored signatures are only comparable within one.
SCHEME = "affine32"


@dataclass(frozen=True, slots=True)
class Verdict:
    """What an incoming article is with respect to what was already seen."""

    kind: Literal["new", "seen", "repeat", "exact", "near"]
    original: str | None = None
    similarity: float | None = None


def normalized_text(text: str) -> str:
    """Text reduced to what makes two copies "the same": case, spacing and Unicode forms go."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_hash(text: str) -> str:
    return sha1_hex(normalized_text(text))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What dedup needs of a text, computed once per article: its exact hash and MinHash."""

    hash: str
    minhash: MinHash


def fingerprint(text: str, *, num_perm: int = NUM_PERM) -> Fingerprint:
    normalized = normalized_text(text)
    return Fingerprint(sha1_hex(normalized), _minhash_of_normalized(normalized, num_perm))


def minhash_of(text: str, *, num_perm: int = NUM_PERM) -> MinHash:
    """MinHash of the word 3-shingles of `text` (single words for very short texts)."""
    return _minhash_of_normalized(normalized_text(text), num_perm)


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """Permutations are the same for every MinHash: build them once, not per article."""
    return MinHash(num_perm=num_perm, scheme=SCHEME, hashfunc=_identity)


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of the word 3-shingles, combined from per-word crc32 in numpy.

    Written by hand because datasketch hashes each shingle string in Python (sha1 by
    default, ~3 ms for a 700-word article); hashing each word once in C (zlib.crc32,
    stable across processes unlike `hash`) and mixing neighbours arithmetically is
    ~5× faster and keeps the same shingle semantics.
    """
    per_word = np.fromiter((zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words),
                           dtype=np.uint64, count=len(words))
    if len(words) < SHINGLE:
        return np.unique(per_word) if len(words) else np.zeros(1, dtype=np.uint64)
    mixed = per_word[:-2] * np.uint64(0x9E3779B1) + per_word[1:-1] * np.uint64(0x85EBCA77) \
        + per_word[2:]
    return np.unique(mixed & np.uint64(0xFFFFFFFF))


def _minhash_of_normalized(normalized: str, num_perm: int) -> MinHash:
    mh = MinHash(num_perm=num_perm, scheme=SCHEME, hashfunc=_identity,
                 permutations=_template(num_perm).permutations)
    # str.split, not a \w+ regex: 8× faster on a 3,000-character article, and as
    # consistent (punctuation stays attached to its word in every copy alike).
    mh.update_batch(_shingle_hashes(normalized.split()).tolist())
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def minhash_from_bytes(blob: bytes, *, num_perm: int = NUM_PERM) -> MinHash:
    return MinHash(num_perm=num_perm, hashvalues=np.frombuffer(blob, dtype=np.uint64),
                   scheme=SCHEME, hashfunc=_identity)


class _NearIndex:
    """Banded MinHash LSH over compact arrays: the same candidates as datasketch's
    `MinHashLSH` (same bands and rows; each band keyed by a 64-bit hash of its values
    instead of their bytes, so a collision can only add a candidate, which the Jaccard
    check then drops), then the exact MinHash Jaccard of each candidate.

    A query scans the band rows (numpy compares ~1,000 million hashes a second): at 20,000
    articles that is ~0.1 ms, negligible beside the analysis of one article, and linear
    in the articles indexed."""

    def __init__(self, threshold: float, num_perm: int) -> None:
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)  # its (b, r) for this threshold
        self.ranges: list[tuple[int, int]] = list(lsh.hashranges)  # b consecutive runs of r
        self.num_perm = num_perm
        self._rows = self.ranges[0][1] - self.ranges[0][0]
        with np.errstate(over="ignore"):  # odd powers of a 64-bit prime, wrapping
            self._powers = np.cumprod(np.full(self._rows, 1099511628211, dtype=np.uint64))
        self.ids: list[str] = []
        self._signatures = np.zeros((0, num_perm), dtype=np.uint32)
        # one contiguous row per band: a query compares whole rows (numpy is ~50x slower
        # reducing over a short trailing axis of an (articles, bands) array)
        self._bands = np.zeros((len(self.ranges), 0), dtype=np.uint64)
        self._alive = np.zeros(0, dtype=bool)  # False once removed (`remove`)

    def __len__(self) -> int:
        return len(self.ids)

    def band_keys(self, values: NDArray[np.uint32]) -> NDArray[np.uint64]:
        """One 64-bit key per band: a polynomial hash of the band's values (mod 2**64),
        all bands in one product."""
        bands = values[: self._rows * len(self.ranges)].astype(np.uint64)
        return bands.reshape(-1, self._rows) @ self._powers

    def add(self, article_id: str, values: NDArray[np.uint32]) -> None:
        n = len(self.ids)
        if n == len(self._signatures):  # grow by half: amortised O(1), ~1.5x slack at most
            capacity = max(64, n + n // 2)
            self._signatures = np.resize(self._signatures, (capacity, self.num_perm))
            bands = np.zeros((len(self.ranges), capacity), dtype=np.uint64)
            bands[:, :n] = self._bands[:, :n]
            self._bands = bands
            self._alive = np.resize(self._alive, capacity)
        self._signatures[n] = values
        self._alive[n] = True
        self._bands[:, n] = self.band_keys(values)
        self.ids.append(article_id)

    def remove(self, article_id: str) -> None:
        """No longer a candidate (an article that turned out to be a copy). Linear in the
        index, and rare: only when another process stored the original first."""
        for i, known in enumerate(self.ids):
            if known == article_id:
                self._alive[i] = False

    def best(self, values: NDArray[np.uint32], threshold: float,
             among: set[str] | None = None) -> tuple[float, str] | None:
        """The most similar indexed article at Jaccard >= threshold (the earliest on ties),
        only among the ids `among` when given."""
        n = len(self.ids)
        if not n:
            return None
        keys = self.band_keys(values)
        hit = self._bands[0, :n] == keys[0]
        for row, key in zip(self._bands[1:], keys[1:]):
            hit |= row[:n] == key
        hit &= self._alive[:n]
        candidates = np.flatnonzero(hit)
        if among is not None:
            candidates = candidates[[self.ids[c] in among for c in candidates]] \
                if len(candidates) else candidates
        if not len(candidates):
            return None
        similarity = (self._signatures[candidates] == values).mean(axis=1)
        i = int(np.argmax(similarity))
        if similarity[i] < threshold:
            return None
        return float(similarity[i]), self.ids[candidates[i]]


def _values(signature: bytes | MinHash) -> NDArray[np.uint32]:
    """A signature's hash values as uint32 (the affine32 scheme's values fit in 32 bits)."""
    if isinstance(signature, MinHash):
        return signature.hashvalues.astype(np.uint32)
    return np.frombuffer(signature, dtype=np.uint64).astype(np.uint32)


class Deduplicator:
    """Remembers ids, text hashes and MinHash signatures; tells what each new article is.

    Not thread-safe: one ingest owns one deduplicator, fed in input order, so the
    first copy seen is the original and later copies link to it.
    """

    def __init__(self, *, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._ids: set[str] = set()
        self._run_ids: set[str] = set()  # ids first seen in this run, not from the store
        self._hashes: dict[bytes, str] = {}  # sha1 digest (20 bytes) -> original id
        self._near = _NearIndex(threshold, num_perm)
        self._indexed: set[str] = set()  # ids whose signature is in the near index
        # raw-input digests of stored articles without a URL: their id is the hash of their
        # cleaned text, which changes when cleaning learns more (template lines), so a
        # re-read of the same input must be recognised by its raw bytes instead
        self._raw: set[bytes] = set()

    def remember(self, article_id: str, hash_: str, signature: bytes | MinHash | None,
                 original: str | None = None) -> None:
        """Record an article as seen (from the store at start-up, or after a verdict).

        Duplicates are remembered without a signature and with their original, so a
        third copy links to the original, never to another copy.
        """
        self._ids.add(article_id)
        self._run_ids.add(article_id)
        self._hashes.setdefault(_digest(hash_), original or article_id)
        if signature is None or article_id in self._indexed:
            return
        self._indexed.add(article_id)
        self._near.add(article_id, _values(signature))

    def remember_all(self, rows: Iterable[tuple[str, str, bytes | None, str | None]]) -> None:
        """Seed from the store: (id, text hash, signature or None, duplicate_of or None)."""
        for article_id, hash_, signature, original in rows:
            self.remember(article_id, hash_, signature, original)
        self._run_ids.clear()

    def remember_raw(self, raw_hashes: Iterable[str]) -> None:
        """Seed from the store: the raw hashes of the articles stored without a URL."""
        self._raw.update(_digest(h) for h in raw_hashes if h)

    def verdict(self, article: Article, mh: MinHash, hash_: str | None = None) -> Verdict:
        """new; seen (same id, already stored: a re-ingest); repeat (same id earlier in this
        run: a corpus listing one article twice); exact (same text); near (similar text)."""
        if article.id in self._ids:
            return Verdict("repeat" if article.id in self._run_ids else "seen", article.id, 1.0)
        if article.url is None and article.raw_hash and _digest(article.raw_hash) in self._raw:
            return Verdict("seen", None, 1.0)  # the same input, cleaned differently this time
        original = self._hashes.get(_digest(hash_ or text_hash(article.text)))
        if original is not None:
            return Verdict("exact", original, 1.0)
        best = self._near.best(_values(mh), self.threshold)
        if best is not None:
            return Verdict("near", best[1], round(best[0], 3))
        return Verdict("new")

    # --- other processes writing to the same store at the same time -----------------

    def knows(self, article_id: str) -> bool:
        return article_id in self._ids

    def remember_others(self, rows: Iterable[tuple[str, str, bytes | None, str | None]]
                        ) -> tuple[dict[str, str], set[str]]:
        """Remember articles another process stored since this run started; returns their
        text hashes (hash → original) and the ids of those that are originals, for
        `recheck`. They count as stored before this run's, not as this run's."""
        hashes: dict[str, str] = {}
        originals: set[str] = set()
        for article_id, hash_, signature, original in rows:
            if article_id in self._ids:
                continue
            self.remember(article_id, hash_, signature, original)
            self._run_ids.discard(article_id)
            hashes.setdefault(hash_, original or article_id)
            if original is None and signature is not None:
                originals.add(article_id)
        return hashes, originals

    def recheck(self, hash_: str, signature: bytes, hashes: dict[str, str],
                originals: set[str]) -> Verdict:
        """What an article this run took for new is, against what another process stored
        meanwhile (`remember_others`): exact, near, or still new."""
        if hash_ in hashes:
            return Verdict("exact", hashes[hash_], 1.0)
        best = self._near.best(_values(signature), self.threshold, among=originals)
        return Verdict("near", best[1], round(best[0], 3)) if best else Verdict("new")

    def demote(self, article_id: str, original: str) -> None:
        """`article_id` turned out to copy `original` (stored by another process first):
        later copies must link to `original`, never to it."""
        if article_id in self._indexed:
            self._near.remove(article_id)
            self._indexed.discard(article_id)
        for digest, first in list(self._hashes.items()):
            if first == article_id:
                self._hashes[digest] = original


def _digest(hash_: str) -> bytes:
    """A hex sha1 as its 20 bytes (half the memory of the 40-character string)."""
    try:
        return bytes.fromhex(hash_)
    except ValueError:  # not hex (a hash from elsewhere): keep it whole
        return hash_.encode("utf-8")
