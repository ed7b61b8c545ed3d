"""The online story clusterer: articles taken one at a time, in date order, each joining
the story it scores best against or opening a new one (TDT first-story detection).

Nothing here depends on a batch, so the same stories come out whether articles arrive
in one call or in many (in date order): text vectors are hashed (no vocabulary to fit),
IDF comes from document frequencies counted as articles arrive, and an article's vector
is weighted and L2-normalised once, with the IDF known when it is added, as online TDT
systems do. The actor vector is built the same way from actor document frequencies.

A story is remembered by running sums (`StoryState`): the sum of its members' text and
actor vectors and their squared norms, so its centroid cosine with an article is one
dot product over a norm. Only stories "active" at the article's date are scored: last
article within `active_days` of it, or undated (an undated article sees undated stories
only). They live in an inverted index, so one article costs the index entries of its
own words, never the number of stored articles.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from veille.model import sha1_hex
from veille.stories.selection import SelectedArticle
from veille.stories.sentences import content_words
from veille.yamlfile import load_yaml

TEXT_FEATURES = 2 ** 20     # hashed word space (sklearn's default; collisions are rare)
ACTOR_FEATURES = 2 ** 20    # actor keys are numbered as met, this only bounds the number
# New member vectors wait in a list scored by a gather (cost: their entries, per article)
# until the index is rebuilt (cost: all its entries): waiting for √entries of them, at
# least this many, balances the two.
_COMPACT_EVERY = 128
_CHUNK = 1000               # articles hashed at once

Vector = tuple[np.ndarray, np.ndarray]  # sorted feature indices (int64), their weights


@lru_cache(maxsize=1)
def story_parameters() -> dict[str, Any]:
    text = resources.files("veille.stories").joinpath("data/stories.yaml").read_text("utf-8")
    return load_yaml(text)


def decay(days: np.ndarray | int) -> np.ndarray | float:
    """How much a story still pulls an article `days` after its last article (elementwise)."""
    p = story_parameters()
    return np.maximum(p["decay_floor"], 0.5 ** (np.clip(days, 0, None) / p["half_life_days"]))


def text_of(article: SelectedArticle) -> str:
    """What is compared: the title twice (it names the story) and the lead."""
    title = article.title or ""
    return f"{title}\n{title}\n{article.text[: story_parameters()['lead_chars']]}"


def _empty() -> Vector:
    return np.zeros(0, np.int64), np.zeros(0)


@dataclass(slots=True)
class StoryState:
    """What a story remembers between articles (and between runs, in `story_state`)."""

    id: str
    first_day: int | None = None     # ordinals of its first and last dated articles
    last_day: int | None = None
    size: int = 0
    text: Vector = field(default_factory=_empty)        # Σ member text vectors
    text_norm2: float = 0.0                             # |Σ|²
    actors_vector: dict[str, float] = field(default_factory=dict)  # Σ member actor vectors
    actor_norm2: float = 0.0
    languages: set[str | None] = field(default_factory=set)
    actors: Counter = field(default_factory=Counter)    # mention counts, for the label
    sources: set[str] = field(default_factory=set)
    title: str | None = None    # the most central headline met so far (see `label`)
    opening: str = ""           # the first member's first line: the label when untitled
    members: list[tuple[SelectedArticle, float]] = field(default_factory=list)  # this run

    def label(self) -> str:
        """The story's most central headline (`OnlineClusterer.changed` picks it), or the
        first line of its first article when no member has a title. Actor codes are not
        prefixed: they are listed apart, and a noisy country code misnames a story."""
        return self.title or self.opening


class _Sums:
    """Per-slot sums of sparse vectors, held as an inverted index (feature × slot).

    Vectors added since the last `compact` wait in flat buffers and are scored by a
    gather; `compact` folds them into the index and drops the slots that left.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.index = sparse.csr_matrix((width, 0))
        self._rows = 0
        self._fill = 0
        self._slot = np.zeros(4096, np.int64)
        self._feat = np.zeros(4096, np.int64)
        self._data = np.zeros(4096)
        self._lookup = np.zeros(width)  # scratch: the scored vector, dense

    def add(self, slot: int, vector: Vector) -> None:
        idx, val = vector
        end = self._fill + idx.size
        if end > self._slot.size:
            grow = max(end, 2 * self._slot.size)
            self._slot, self._feat, self._data = (np.resize(b, grow) for b in
                                                  (self._slot, self._feat, self._data))
        self._slot[self._fill:end], self._feat[self._fill:end] = slot, idx
        self._data[self._fill:end] = val
        self._fill, self._rows = end, self._rows + 1

    def pending(self) -> int:
        return self._rows

    def dots(self, vector: Vector, slots: int) -> np.ndarray:
        """The dot product of `vector` with every slot's sum: the index rows of the
        vector's features, gathered at once (the cost is their entries, not the slots)."""
        idx, val = vector
        out = np.zeros(slots)
        if not idx.size:
            return out
        indexed = self.index.shape[1]
        if indexed:
            starts = self.index.indptr[idx]
            lengths = self.index.indptr[idx + 1] - starts
            total = int(lengths.sum())
            if total:
                offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
                at = np.arange(total) + offsets
                out[:indexed] += np.bincount(self.index.indices[at], minlength=indexed,
                                             weights=self.index.data[at]
                                             * np.repeat(val, lengths))
        if self._fill:
            feat = self._feat[: self._fill]
            self._lookup[idx] = val
            out += np.bincount(self._slot[: self._fill], minlength=slots,
                               weights=self._data[: self._fill] * self._lookup[feat])
            self._lookup[idx] = 0.0
        return out

    def compact(self, new_slot: np.ndarray, kept: int) -> dict[int, Vector]:
        """Fold pending vectors in; renumber slots (`new_slot[old]`, -1 = leaves).

        Returns the summed vector of every slot that leaves, by its old number."""
        coo = self.index.tocoo()
        old = np.concatenate([coo.col, self._slot[: self._fill]])
        feat = np.concatenate([coo.row, self._feat[: self._fill]])
        data = np.concatenate([coo.data, self._data[: self._fill]])
        slot = new_slot[old]
        stays = slot >= 0
        self.index = sparse.csr_matrix((data[stays], (feat[stays], slot[stays])),
                                       shape=(self.width, kept))  # duplicates summed
        self._fill = self._rows = 0
        if stays.all():
            return {}
        by_slot = sparse.csr_matrix((data[~stays], (old[~stays], feat[~stays])),
                                    shape=(len(new_slot), self.width))
        bounds = by_slot.indptr
        return {int(s): (by_slot.indices[bounds[s]:bounds[s + 1]].astype(np.int64),
                         by_slot.data[bounds[s]:bounds[s + 1]].copy())
                for s in np.flatnonzero(new_slot < 0)}

    def entries(self) -> int:
        return int(self.index.nnz)


class _Slots:
    """The scalar state of active stories, one numpy column each, indexed by slot."""

    FIELDS = {"story": (np.int64, -1), "first": (np.float64, math.nan),
              "last": (np.float64, math.nan), "text_norm2": (np.float64, 0.0),
              "actor_norm2": (np.float64, 0.0), "languages": (np.int64, 0)}

    def __init__(self) -> None:
        self.n = 0
        self._cols = {k: np.full(64, fill, dtype) for k, (dtype, fill) in self.FIELDS.items()}

    def __getitem__(self, name: str) -> np.ndarray:
        return self._cols[name][: self.n]

    def append(self, **values: float) -> int:
        if self.n == len(self._cols["story"]):
            self._cols = {k: np.concatenate([c, np.full(len(c), self.FIELDS[k][1], c.dtype)])
                          for k, c in self._cols.items()}
        for name, value in values.items():
            self._cols[name][self.n] = value
        self.n += 1
        return self.n - 1

    def keep(self, mask: np.ndarray) -> None:
        kept = {k: c[: self.n][mask] for k, c in self._cols.items()}
        self.n = int(mask.sum())
        self._cols = {k: np.concatenate([c, np.full(max(64, self.n), self.FIELDS[k][1],
                                                     c.dtype)]) for k, c in kept.items()}


class OnlineClusterer:
    """Assigns articles to stories one at a time, given what earlier runs learned.

    `text_df` (hashed word → documents), `actor_df` and `documents` are the counts of
    every article added so far; `stories` the stories that may still be joined. After
    `add_all`, `changed()` gives the stories that gained members, with their new sums.
    """

    def __init__(self, *, text_df: np.ndarray | None = None, actor_df: Counter | None = None,
                 documents: int = 0, stories: Sequence[StoryState] = ()) -> None:
        self.params = story_parameters()
        self.text_df = np.zeros(TEXT_FEATURES, np.int64) if text_df is None else text_df
        self.actor_df: Counter = actor_df if actor_df is not None else Counter()
        self.documents = documents
        self.stories: list[StoryState] = []
        self._actor_ids: dict[str, int] = {}
        self._actor_keys: list[str] = []
        self._language_bits: dict[str | None, int] = {}
        self._counted_terms: list[np.ndarray] = []   # words whose df this run changed
        self.counted_actors: set[str] = set()        # actor keys whose df this run changed
        self._slots = _Slots()
        self._text, self._actor = _Sums(TEXT_FEATURES), _Sums(ACTOR_FEATURES)
        self._hasher = HashingVectorizer(analyzer=content_words, n_features=TEXT_FEATURES,
                                         alternate_sign=False, norm=None)
        for story in stories:
            self._activate(story)
        self._compact(today=None)

    # -- the public steps ------------------------------------------------------------

    def add_all(self, articles: Iterable[SelectedArticle], actors: dict[str, Counter]) -> None:
        """Add `articles` in the order given (callers sort them by date)."""
        batch = list(articles)
        for start in range(0, len(batch), _CHUNK):
            chunk = batch[start:start + _CHUNK]
            counts = self._hasher.transform([text_of(a) for a in chunk]).tocsr()
            for i, article in enumerate(chunk):
                row = counts.indices[counts.indptr[i]:counts.indptr[i + 1]].astype(np.int64)
                tf = counts.data[counts.indptr[i]:counts.indptr[i + 1]]
                order = np.argsort(row)
                self.add(article, (row[order], tf[order]), actors.get(article.id, Counter()))

    def add(self, article: SelectedArticle, term_counts: Vector, actors: Counter) -> StoryState:
        """Count the article's words and actors, then join or open a story; returns it."""
        self.documents += 1
        text = self._text_vector(term_counts)
        who = self._actor_vector(actors)
        day = article.published.toordinal() if article.published else None
        slot, score, t_dot, a_dot = self._best(day, article.language, text, who)
        if slot < 0 or score < self.params["threshold"]:
            slot, score, t_dot, a_dot = self._open(article), 1.0, 0.0, 0.0
        story = self._join(slot, article, actors, score, text, who, t_dot, a_dot)
        if self._text.pending() >= _compact_after(self._text.entries()):
            self._compact(today=day)  # renumbers slots
        return story

    def changed(self) -> list[StoryState]:
        """Stories that gained members, in the order they were opened or loaded; their
        `text`/`actors_vector` sums are brought up to date (ends the run's scoring)."""
        self._compact(today=None, leave_all=True)
        changed = [s for s in self.stories if s.members]
        for story in changed:
            story.title = self._central_title(story)
        return changed

    def _central_title(self, story: StoryState) -> str | None:
        """The headline closest to the story's centroid: its words weighted as articles'
        are (sublinear tf x IDF), cosine with the sum of member vectors. Candidates are
        this run's members and the headline kept from earlier runs (whose other members
        are not held any more), so a rebuild picks from every member."""
        titles = list(dict.fromkeys(t for t in [story.title, *(a.title for a, _ in
                                                               story.members)] if t))
        if len(titles) < 2 or not story.text[0].size:
            return titles[0] if titles else None
        counts = self._hasher.transform(titles).tocsr()
        idx, val = story.text
        best, best_cos = titles[0], -1.0
        for i, title in enumerate(titles):
            row = counts.indices[counts.indptr[i]:counts.indptr[i + 1]].astype(np.int64)
            tf = counts.data[counts.indptr[i]:counts.indptr[i + 1]]
            idf = np.log((1 + self.documents) / (1 + self.text_df[row])) + 1
            weights = _normalised((1 + np.log(tf)) * idf)
            _, at_story, at_title = np.intersect1d(idx, row, return_indices=True)
            cos = float(val[at_story] @ weights[at_title])
            if cos > best_cos:
                best, best_cos = title, cos
        return best

    def counted_terms(self) -> np.ndarray:
        """The hashed words whose document frequency this run changed."""
        return np.unique(np.concatenate(self._counted_terms)) if self._counted_terms \
            else np.zeros(0, np.int64)

    def actor_keys(self, vector: Vector) -> dict[str, float]:
        return {self._actor_keys[int(i)]: float(v) for i, v in zip(*vector)}

    # -- vectors ---------------------------------------------------------------------

    def _text_vector(self, counts: Vector) -> Vector:
        """Sublinear tf × smooth IDF (as sklearn's TfidfTransformer), L2-normalised, with
        this article counted in the document frequencies."""
        idx, tf = counts
        self.text_df[idx] += 1
        self._counted_terms.append(idx)
        idf = np.log((1 + self.documents) / (1 + self.text_df[idx])) + 1
        return idx, _normalised((1 + np.log(tf)) * idf)

    def _actor_vector(self, counts: Counter) -> Vector:
        """The same weighting over actor keys. An actor named in more than `actor_max_df`
        of the articles seen so far (France, in French news) is background and left out
        once `actor_max_df_min_articles` have been seen: after normalisation an article
        naming only France would otherwise match every other one."""
        p = self.params
        self.actor_df.update(counts.keys())
        self.counted_actors.update(counts)
        keep = [k for k in counts if self.documents < p["actor_max_df_min_articles"]
                or self.actor_df[k] / self.documents <= p["actor_max_df"]]
        if not keep:
            return _empty()
        idx = np.array([self._actor_id(k) for k in keep], np.int64)
        weights = np.array([(1 + math.log(counts[k])) *
                            (math.log((1 + self.documents) / (1 + self.actor_df[k])) + 1)
                            for k in keep])
        order = np.argsort(idx)
        return idx[order], _normalised(weights[order])

    def _actor_id(self, key: str) -> int:
        if key not in self._actor_ids:
            self._actor_ids[key] = len(self._actor_keys)
            self._actor_keys.append(key)
        return self._actor_ids[key]

    def _language_bit(self, language: str | None) -> int:
        """Languages as bits of one integer per story, so 'same language' is one AND."""
        bit = self._language_bits.setdefault(language, len(self._language_bits) % 63)
        return 1 << bit

    # -- scoring and joining ----------------------------------------------------------

    def _best(self, day: int | None, language: str | None, text: Vector, who: Vector
              ) -> tuple[int, float, float, float]:
        """(best active slot or -1, its score, its text dot, its actor dot).

        Only slots sharing a word or an actor with the article can score above zero, so
        only those are weighed (the threshold is positive)."""
        s, p = self._slots, self.params
        if s.n == 0:
            return -1, -1.0, 0.0, 0.0
        t_all, a_all = self._text.dots(text, s.n), self._actor.dots(who, s.n)
        near = np.flatnonzero((t_all > 0) | (a_all > 0))
        if not near.size:
            return -1, -1.0, 0.0, 0.0
        t_dot, a_dot = t_all[near], a_all[near]
        with np.errstate(divide="ignore", invalid="ignore"):  # empty stories/rows score 0
            t_cos = np.nan_to_num(t_dot / np.sqrt(s["text_norm2"][near]))
            a_cos = np.nan_to_num(a_dot / np.sqrt(s["actor_norm2"][near]))
        first, last = s["first"][near], s["last"][near]
        same = (s["languages"][near] & self._language_bit(language)) != 0
        scores = np.where(same, t_cos + p["actor_bonus_same_language"] * a_cos,
                          p["text_weight"] * t_cos + p["actor_weight"] * a_cos)
        # Within one language, actors only add to shared words: two articles naming only
        # the USA are not one story, and noisy actor keys would otherwise drag the words.
        scores = np.where(same & (t_cos < p["min_text_same_language"]), 0.0, scores)
        if day is None:
            # Undated: no distance to weigh, so only undated stories are comparable. In a
            # full run, undated articles come first and see nothing else either, so an
            # undated article assigned late lands where a rebuild would put it.
            pull, active = np.ones(near.size), np.isnan(last)
        else:
            gap = day - last
            pull = np.nan_to_num(decay(gap), nan=1.0)  # undated story: no decay
            active = np.isnan(last) | ((gap <= p["active_days"])
                                       & (first - day <= p["active_days"]))
            # A new episode: after a long silence, only a story told in the same words
            # continues (talks resumed two years later are another story).
            renewed = (gap > p["episode_gap_days"]) & (t_cos < p["episode_min_text"])
            active &= ~renewed
        scores = np.where(active, pull * scores, -1.0)
        best = int(np.argmax(scores))
        return int(near[best]), float(scores[best]), float(t_dot[best]), float(a_dot[best])

    def _open(self, article: SelectedArticle) -> int:
        opening = article.text[:80].split("\n")[0]
        self.stories.append(StoryState("s" + sha1_hex(article.id)[:10], opening=opening))
        return self._slots.append(story=len(self.stories) - 1)

    def _join(self, slot: int, article: SelectedArticle, actors: Counter, score: float,
              text: Vector, who: Vector, t_dot: float, a_dot: float) -> StoryState:
        """|Σv|² grows by 2·v·Σv + |v|² (the dots come from scoring)."""
        s = self._slots
        s["text_norm2"][slot] += 2 * t_dot + float(text[1] @ text[1])
        s["actor_norm2"][slot] += 2 * a_dot + float(who[1] @ who[1])
        s["languages"][slot] |= self._language_bit(article.language)
        if article.published:
            day = article.published.toordinal()
            s["first"][slot], s["last"][slot] = np.fmin(s["first"][slot], day), \
                np.fmax(s["last"][slot], day)
        self._text.add(slot, text)
        self._actor.add(slot, who)
        story = self.stories[int(s["story"][slot])]
        story.members.append((article, score))
        story.size += 1
        story.actors.update(actors)
        story.languages.add(article.language)
        story.sources.add(article.source or "?")
        story.title = story.title or article.title or None  # until `changed` picks
        return story

    def _activate(self, story: StoryState) -> None:
        """Put a stored story back in the index, as one member holding its sums."""
        self.stories.append(story)
        bits = 0
        for language in story.languages:
            bits |= self._language_bit(language)
        slot = self._slots.append(
            story=len(self.stories) - 1, text_norm2=story.text_norm2,
            actor_norm2=story.actor_norm2, languages=bits,
            first=math.nan if story.first_day is None else story.first_day,
            last=math.nan if story.last_day is None else story.last_day)
        self._text.add(slot, story.text)
        keys = list(story.actors_vector)
        ids = np.array([self._actor_id(k) for k in keys], np.int64)
        weights = np.array([story.actors_vector[k] for k in keys])
        order = np.argsort(ids)
        self._actor.add(slot, (ids[order], weights[order]))

    def _compact(self, *, today: int | None, leave_all: bool = False) -> None:
        """Rebuild the index; stories whose last article is more than `active_days`
        before `today` leave it (articles come in date order: none can join them now),
        their scalars and sums written back to their `StoryState`."""
        s = self._slots
        stay = np.ones(s.n, bool) if today is None else \
            ~(s["last"] < today - self.params["active_days"])
        if leave_all:
            stay[:] = False
        new_slot = np.where(stay, np.cumsum(stay) - 1, -1)
        kept = int(stay.sum())
        texts = self._text.compact(new_slot, kept)
        actors = self._actor.compact(new_slot, kept)
        for old in np.flatnonzero(~stay):
            story = self.stories[int(s["story"][old])]
            if story.members:  # loaded stories nobody joined keep their stored state
                self._write_back(story, int(old), texts.get(int(old), _empty()),
                                 actors.get(int(old), _empty()))
        s.keep(stay)

    def _write_back(self, story: StoryState, slot: int, text: Vector, who: Vector) -> None:
        s = self._slots
        story.text, story.actors_vector = text, self.actor_keys(who)
        story.text_norm2 = float(s["text_norm2"][slot])
        story.actor_norm2 = float(s["actor_norm2"][slot])
        story.first_day = None if np.isnan(s["first"][slot]) else int(s["first"][slot])
        story.last_day = None if np.isnan(s["last"][slot]) else int(s["last"][slot])


def _compact_after(entries: int) -> int:
    """How many new member vectors wait before an index of `entries` is rebuilt."""
    return max(_COMPACT_EVERY, math.isqrt(entries))


def _normalised(weights: np.ndarray) -> np.ndarray:
    norm = float(np.sqrt(weights @ weights))
    return weights / norm if norm else weights


def from_ordinal(ordinal: int | None) -> date | None:
    return date.fromordinal(ordinal) if ordinal is not None else None
