"""Timelines: the most important dates of a selection of articles, each with K sentences.

A DATEWISE-style method (Gholipour Ghalandari & Ifrim, ACL 2020) without the learned
date ranker: dates are ranked by how many articles name them (above all articles
published *later*, the signal DATEWISE found strongest), how many were published on
them, and the intensity and independent sources of the events dated on them; each
chosen date is then summarised by the sentences closest to the centroid of its
candidate sentences (those that name the date, or that name no date and were published
on it), avoiding near-repeats.
"""

from __future__ import annotations

import logging
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer

from veille.stories.selection import Selection, SelectedArticle, load_selection
from veille.stories.sql import ensure_schema
from veille.stories.sentences import content_words, fold, iter_query_terms, split_sentences
from veille.store import Store

log = logging.getLogger(__name__)

_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """What to put in a timeline and how long it is."""

    query: str | None = None
    actors: tuple[str, ...] = ()
    story: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    max_dates: int = 10
    per_date: int = 2


@dataclass(slots=True)
class TimelineEntry:
    """One date of a timeline: its summary sentences and the articles they come from."""

    date: date
    summary: list[str]
    sources: list[dict[str, Any]]
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "summary": list(self.summary),
                "sources": list(self.sources), "score": round(self.score, 4)}


@dataclass(frozen=True, slots=True)
class _Candidate:
    day: date
    text: str
    article: SelectedArticle
    explicit: bool


@dataclass(slots=True)
class _DateStats:
    referring: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    published: set[str] = field(default_factory=set)
    intensity: float = 0.0
    event_sources: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def timeline_parameters() -> dict[str, Any]:
    """The tuned parameters shipped in `stories/data/timeline.yaml`."""
    text = resources.files("veille.stories").joinpath("data/timeline.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def build_timeline(store: Store, query: TimelineQuery) -> list[TimelineEntry]:
    """The timeline for `query`, oldest date first."""
    if query.story:
        ensure_schema(store)
    selection = load_selection(store, actors=query.actors, story=query.story)
    candidates = candidate_sentences(selection, query.query)
    stats = date_statistics(candidates, selection)
    days = [d for d in rank_dates(stats) if _in_range(d, query)][: query.max_dates]
    by_day: dict[date, list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        by_day[cand.day].append(cand)
    entries = [_entry(day, by_day[day], query.per_date, stats) for day in sorted(days)]
    log.info("timeline: %d articles, %d candidate sentences, %d dates",
             len(selection.articles), len(candidates), len(entries))
    return entries


def _in_range(day: date, query: TimelineQuery) -> bool:
    return ((query.date_from is None or day >= query.date_from)
            and (query.date_to is None or day <= query.date_to))


def candidate_sentences(selection: Selection, query: str | None) -> list[_Candidate]:
    """Sentences of the articles matching `query`, each tied to the days it names, else
    to its article's day.

    The query selects articles, not sentences (as news-tls filters its collections by
    keywords): the sentences that best tell a day rarely repeat the topic's name.
    """
    terms = tuple(iter_query_terms(query)) if query else ()
    out: list[_Candidate] = []
    for article in selection.articles:
        if terms and not _matches(f"{article.title or ''} {article.text}", terms):
            continue
        times = selection.times.get(article.id, [])
        for sentence in split_sentences(article.text):
            inside = [t for t in times if sentence.start <= t[0] < sentence.end]
            days = {date.fromisoformat(v) for _, v in inside if v and _DAY.match(v)}
            for day in days:
                out.append(_Candidate(day, sentence.text, article, True))
            if not inside and article.published is not None:
                out.append(_Candidate(article.published, sentence.text, article, False))
    return out


def _matches(text: str, terms: Sequence[str]) -> bool:
    folded = [fold(w) for w in content_words(text)]
    return any(w.startswith(t) for t in terms for w in folded)


def date_statistics(candidates: Sequence[_Candidate],
                    selection: Selection) -> dict[date, _DateStats]:
    """Per day: the articles naming it (and those published later), published on it, events."""
    stats: dict[date, _DateStats] = defaultdict(_DateStats)
    lag = timeline_parameters()["retrospective_days"]
    matched_articles = {c.article.id for c in candidates}
    for cand in candidates:
        s = stats[cand.day]
        if cand.explicit:
            s.referring.add(cand.article.id)
            if (cand.article.published is not None
                    and (cand.article.published - cand.day).days >= lag):
                s.later.add(cand.article.id)
        else:
            s.published.add(cand.article.id)
    for event in selection.events:
        if event.article.id not in matched_articles or event.day not in stats:
            continue
        s = stats[event.day]
        s.intensity += abs(event.intensity or 0.0)
        s.event_sources.add(event.article.source or event.article.id)
    return stats


def date_score(s: _DateStats) -> float:
    """Importance of a date: weighted logs of its counts (weights in timeline.yaml)."""
    w = timeline_parameters()["date_weights"]
    return (w["later_references"] * math.log1p(len(s.later))
            + w["references"] * math.log1p(len(s.referring))
            + w["published"] * math.log1p(len(s.published))
            + w["event_intensity"] * math.log1p(s.intensity)
            + w["event_sources"] * math.log1p(len(s.event_sources)))


def rank_dates(stats: dict[date, _DateStats]) -> list[date]:
    """Days by decreasing importance (ties: the earlier day first)."""
    return sorted(stats, key=lambda d: (-date_score(stats[d]), d))


def _entry(day: date, cands: list[_Candidate], k: int,
           stats: dict[date, _DateStats]) -> TimelineEntry:
    picked = summarize_date(cands, k)
    sources, seen = [], set()
    for cand in picked:
        if cand.article.id not in seen:
            seen.add(cand.article.id)
            sources.append(cand.article.reference())
    return TimelineEntry(day, [c.text for c in picked], sources, date_score(stats[day]))


def summarize_date(cands: list[_Candidate], k: int) -> list[_Candidate]:
    """Up to `k` sentences closest to the candidates' centroid, no two near-repeats."""
    p = timeline_parameters()["sentence"]
    unique: dict[str, _Candidate] = {}
    for cand in cands:
        n = len(cand.text.split())
        if p["min_words"] <= n <= p["max_words"]:
            if cand.text not in unique or cand.explicit:
                unique[cand.text] = cand
    pool = list(unique.values()) or cands[:k]
    if len(pool) <= 1:
        return pool[:k]
    try:
        matrix = TfidfVectorizer(analyzer=content_words, norm="l2").fit_transform(
            [c.text for c in pool])
    except ValueError:  # nothing but stop words
        return pool[:k]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    weight = np.array([1.0 if c.explicit else p["implicit_weight"] for c in pool])
    scores = (matrix @ centroid) * weight
    chosen: list[int] = []
    for i in np.argsort(-scores):
        if len(chosen) >= k:
            break
        if chosen and max((matrix[i] @ matrix[j].T).toarray()[0, 0] for j in chosen) \
                > p["redundancy"]:
            continue
        chosen.append(int(i))
    return [pool[i] for i in chosen]
