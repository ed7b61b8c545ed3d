"""Timelines: the most important dates of a selection of articles, each with K sentences.

A DATEWISE-style method (Gholipour Ghalandari & Ifrim, ACL 2020) without the learned
date ranker: dates are ranked by how many articles name them (above all articles
published *later*, the signal DATEWISE found strongest; a naming counts less deep in an
article or within the day's own news cycle, and not at all in a byline), how many were
published on them, and the intensity and independent sources of the events whose
sentence names them. Each chosen date is then summarised by the sentences closest to
the centroid of its candidate sentences (those that name the date, those that follow
such a sentence in its paragraph, and the undated sentences, above all the leads, of
articles published on it), those reporting an event that took place first, avoiding
near-repeats, headings, questions and text repeated across articles.
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
from sklearn.feature_extraction.text import TfidfVectorizer

from veille.stories.selection import LeftOut, Selection, SelectedArticle, load_selection
from veille.stories.sentences import Sentence, content_words, iter_query_terms, split_sentences
from veille.store import Store
from veille.store.read import day_of
from veille.text import fold, words
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)


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
    kind: str = "named"  # named (the sentence names the day), context, lead or published
    position: int = 0     # index of the sentence in its article
    reports_event: bool = False  # an event extracted from it took place (status occurred)


@dataclass(slots=True)
class _DateStats:
    referring: dict[str, float] = field(default_factory=dict)  # article id -> weight
    later: dict[str, float] = field(default_factory=dict)      # the same, published later
    published: set[str] = field(default_factory=set)
    intensity: float = 0.0
    event_sources: set[str] = field(default_factory=set)


@lru_cache(maxsize=1)
def timeline_parameters() -> dict[str, Any]:
    """The tuned parameters shipped in `stories/data/timeline.yaml`."""
    text = resources.files("veille.stories").joinpath("data/timeline.yaml").read_text("utf-8")
    return load_yaml(text)


def build_timeline(store: Store, query: TimelineQuery) -> list[TimelineEntry]:
    """The timeline for `query`, oldest date first."""
    return timeline_and_left_out(store, query)[0]


def timeline_and_left_out(store: Store, query: TimelineQuery
                          ) -> tuple[list[TimelineEntry], LeftOut]:
    """The timeline for `query` and what it left out for lack of a date (`left_out`)."""
    if query.story:
        store.ensure_schema("veille.stories")
    selection = load_selection(store, actors=query.actors, story=query.story)
    return timeline_from_selection(selection, query), left_out(selection, query.query)


def left_out(selection: Selection, query: str | None = None) -> LeftOut:
    """The articles matching `query` that a timeline cannot place (no publication date and
    no time expression with a day), and the selection's events with no day."""
    terms = tuple(iter_query_terms(query)) if query else ()
    articles = 0
    for article in selection.articles:
        if article.published is not None or (
                terms and not _matches(f"{article.title or ''} {article.text}", terms)):
            continue
        named = (day_of(v) for _, _, v in selection.times.get(article.id, []))
        articles += not any(d is not None for d in named)
    return LeftOut(articles, sum(1 for e in selection.events if e.day is None))


def timeline_from_selection(selection: Selection, query: TimelineQuery) -> list[TimelineEntry]:
    """The timeline for `query` over already loaded articles, oldest date first."""
    candidates = candidate_sentences(selection, query.query)
    stats = date_statistics(candidates, selection)
    days = [d for d in rank_dates(stats) if _in_range(d, query)][: query.max_dates]
    by_day: dict[date, list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        by_day[cand.day].append(cand)
    vectorizer = _collection_vectorizer(candidates)
    furniture = repeated_sentences(candidates)
    entries = [_entry(day, by_day[day], query.per_date, stats, vectorizer, furniture)
               for day in sorted(days)]
    log.info("timeline: %d articles, %d candidate sentences, %d dates",
             len(selection.articles), len(candidates), len(entries))
    return entries


def _in_range(day: date, query: TimelineQuery) -> bool:
    return ((query.date_from is None or day >= query.date_from)
            and (query.date_to is None or day <= query.date_to))


def candidate_sentences(selection: Selection, query: str | None) -> list[_Candidate]:
    """Sentences of the articles matching `query`, each tied to the days it names, else
    to its article's day.

    A sentence that names a day is a candidate for it ("named"). A sentence naming no
    date is a candidate for the day the previous sentence of its paragraph named
    ("context": the reference time carries on until a new date is named), and for its
    article's publication day ("lead" among the article's first sentences, as DATEWISE
    collects leads, else "published"). Only named sentences count as references when
    ranking dates.

    The query selects articles, not sentences (as news-tls filters its collections by
    keywords): the sentences that best tell a day rarely repeat the topic's name.
    """
    p = timeline_parameters()["sentence"]
    terms = tuple(iter_query_terms(query)) if query else ()
    occurred: dict[str, list[int]] = defaultdict(list)
    for event in selection.events:
        if event.status == "occurred" and event.start is not None:
            occurred[event.article.id].append(event.start)
    out: list[_Candidate] = []
    for article in selection.articles:
        if terms and not _matches(f"{article.title or ''} {article.text}", terms):
            continue
        times = selection.times.get(article.id, [])
        event_starts = occurred.get(article.id, [])
        carried: set[date] = set()
        carried_left = 0
        previous_end = 0
        for position, sentence in enumerate(split_sentences(article.text)):
            if "\n" in article.text[previous_end:sentence.start]:
                carried, carried_left = set(), 0  # a new paragraph: no date carries over
            previous_end = sentence.end
            inside = [t for t in times if sentence.start <= t[0] < sentence.end]
            event = any(sentence.start <= e < sentence.end for e in event_starts)
            days = {d for d in (day_of(v) for _, _, v in inside) if d is not None}
            if days and is_stamp(article.text, sentence, inside):
                days = set()  # a byline's or a caption's date refers to no event
            for day in days:
                out.append(_Candidate(day, sentence.text, article, "named", position,
                                      event))
            if inside:
                carried = days if len(days) == 1 else set()
                carried_left = p["context_sentences"]
                continue
            if carried and carried_left > 0:
                for day in carried:
                    out.append(_Candidate(day, sentence.text, article, "context",
                                          position, event))
                carried_left -= 1
            if article.published is not None:
                kind = "lead" if position < p["lead_sentences"] else "published"
                out.append(_Candidate(article.published, sentence.text, article, kind,
                                      position, event))
    return out


def is_stamp(text: str, sentence: Sentence, inside: Sequence[tuple[int, int, str | None]]) -> bool:
    """A sentence whose dates stamp the page rather than tell of a day: a byline or an
    update time ("Par X Publié le 2 février 2013 à 11h05 - Mis à jour le 3 février…",
    "30-06-13 à 20h31"), or a date standing alone as a caption or heading ("le 19
    décembre 2011"). Counted as references, such stamps put every publication day
    among the most "referred to" days."""
    p = timeline_parameters()["stamp"]
    if _stamp_pattern().search(sentence.text):
        return True
    rest, cursor = [], sentence.start
    for start, end, _ in sorted(inside):
        rest.append(text[cursor:start])
        cursor = max(cursor, end)
    rest.append(text[cursor:sentence.end])
    lettered = [w for w in words(" ".join(rest), elide=True) if len(w) > 1 and w.isalpha()]
    return len(lettered) < p["min_words"]  # "30-06-13 à 20h31" has none


@lru_cache(maxsize=1)
def _stamp_pattern() -> re.Pattern[str]:
    patterns = timeline_parameters()["stamp"]["patterns"]
    return re.compile("|".join(f"(?:{x})" for x in patterns), re.IGNORECASE)


def _matches(text: str, terms: Sequence[str]) -> bool:
    folded = [fold(w, compat=True) for w in content_words(text)]
    return any(w.startswith(t) for t in terms for w in folded)


def date_statistics(candidates: Sequence[_Candidate],
                    selection: Selection) -> dict[date, _DateStats]:
    """Per day: the articles naming it (and those published later), published on it, events.

    An article that names a day counts by where it first names it: fully in its lead,
    half `reference_halving` sentences down (news put what matters first; a date named
    deep in a long page is background, a footnote or a reader's comment). A reference
    from the same news cycle (published within `news_cycle_days` of the day) counts
    `news_cycle_weight`: the daily report of "hier" or "mardi" is how news is written,
    not a sign the day mattered, which articles coming back to it later are. Only events
    whose own sentence names their day count: an event dated by its article's
    publication says nothing of the day that `published` does not already say, and a
    long opinion piece would outweigh every report by its volume alone.
    """
    stats: dict[date, _DateStats] = defaultdict(_DateStats)
    params = timeline_parameters()
    lag, halving = params["retrospective_days"], params["reference_halving"]
    cycle, cycle_weight = params["news_cycle_days"], params["news_cycle_weight"]
    matched_articles = {c.article.id for c in candidates}
    for cand in candidates:
        s = stats[cand.day]
        if cand.kind == "named":
            weight = 1.0 / (1.0 + cand.position / halving)
            days_after = (None if cand.article.published is None
                          else (cand.article.published - cand.day).days)
            if days_after is not None and abs(days_after) <= cycle:
                weight *= cycle_weight
            _keep_max(s.referring, cand.article.id, weight)
            if days_after is not None and days_after >= lag:
                _keep_max(s.later, cand.article.id, weight)
        elif cand.kind in ("lead", "published"):
            s.published.add(cand.article.id)
    for event in selection.events:
        if (not event.day_named or event.article.id not in matched_articles
                or event.day not in stats):
            continue
        s = stats[event.day]
        s.intensity += abs(event.intensity or 0.0)
        s.event_sources.add(event.article.source or event.article.id)
    return stats


def _keep_max(weights: dict[str, float], key: str, weight: float) -> None:
    if weight > weights.get(key, 0.0):
        weights[key] = weight


def date_score(s: _DateStats) -> float:
    """Importance of a date: weighted logs of its counts (weights in timeline.yaml)."""
    w = timeline_parameters()["date_weights"]
    return (w["later_references"] * math.log1p(sum(s.later.values()))
            + w["references"] * math.log1p(sum(s.referring.values()))
            + w["published"] * math.log1p(len(s.published))
            + w["event_intensity"] * math.log1p(s.intensity)
            + w["event_sources"] * math.log1p(len(s.event_sources)))


def rank_dates(stats: dict[date, _DateStats]) -> list[date]:
    """Days by decreasing importance (ties: the earlier day first)."""
    return sorted(stats, key=lambda d: (-date_score(stats[d]), d))


def _entry(day: date, cands: list[_Candidate], k: int, stats: dict[date, _DateStats],
           vectorizer: TfidfVectorizer | None = None,
           furniture: frozenset[str] = frozenset()) -> TimelineEntry:
    picked = summarize_date(cands, k, vectorizer=vectorizer, furniture=furniture)
    sources, seen = [], set()
    for cand in picked:
        if cand.article.id not in seen:
            seen.add(cand.article.id)
            sources.append(cand.article.reference())
    return TimelineEntry(day, [c.text for c in picked], sources, date_score(stats[day]))


def _collection_vectorizer(candidates: Sequence[_Candidate]) -> TfidfVectorizer | None:
    """TF-IDF fitted on every sentence of the selection (as news-tls fits its vectorizer on
    the whole collection): a date's few candidates alone give meaningless IDF weights."""
    if not timeline_parameters()["sentence"]["collection_idf"]:
        return None
    texts = list({c.text for c in candidates})
    try:
        return TfidfVectorizer(analyzer=content_words, norm="l2", sublinear_tf=True).fit(texts)
    except ValueError:  # nothing but stop words
        return None


def repeated_sentences(candidates: Sequence[_Candidate]) -> frozenset[str]:
    """Sentences found word for word in several articles: site furniture (menus, bylines,
    subscription offers), not news."""
    seen: dict[str, set[str]] = defaultdict(set)
    for cand in candidates:
        seen[cand.text].add(cand.article.id)
    return frozenset(t for t, ids in seen.items() if len(ids) > 1)


def summary_worthy(text: str, p: dict[str, Any]) -> bool:
    """A sentence that can stand in a timeline: long enough, prose (ends like a sentence),
    not a question."""
    n = len(text.split())
    if not p["min_words"] <= n <= p["max_words"]:
        return False
    end = text.rstrip("»”\"')] ")[-1:]
    if p["prose_only"] and end not in (".", "!", "…"):
        return False
    return True


def summarize_date(cands: list[_Candidate], k: int, *, vectorizer: TfidfVectorizer | None = None,
                   furniture: frozenset[str] = frozenset()) -> list[_Candidate]:
    """Up to `k` sentences closest to the candidates' centroid, no two near-repeats."""
    p = timeline_parameters()["sentence"]
    unique: dict[str, _Candidate] = {}
    for cand in cands:
        if summary_worthy(cand.text, p) and cand.text not in furniture:
            kept = unique.get(cand.text)
            if kept is None or p["kind_weight"][cand.kind] > p["kind_weight"][kept.kind]:
                unique[cand.text] = cand
    pool = list(unique.values())
    if not pool:  # nothing passes the filters: fall back on the plain length bounds
        pool = [c for c in cands if p["min_words"] <= len(c.text.split()) <= p["max_words"]] \
            or cands[:k]
        pool = list({c.text: c for c in pool}.values())
    if len(pool) <= 1:
        return pool[:k]
    try:
        if vectorizer is not None:
            matrix = vectorizer.transform([c.text for c in pool])
        else:
            matrix = TfidfVectorizer(analyzer=content_words, norm="l2").fit_transform(
                [c.text for c in pool])
    except ValueError:  # nothing but stop words
        return pool[:k]
    centroid = np.asarray(matrix.mean(axis=0)).ravel()
    weight = np.array([p["kind_weight"][c.kind] * (p["event_weight"] if c.reports_event else 1.0)
                       for c in pool])
    scores = (matrix @ centroid) * weight
    chosen: list[int] = []
    for i in np.argsort(-scores, kind="stable"):
        if len(chosen) >= k:
            break
        if chosen and max((matrix[i] @ matrix[j].T).toarray()[0, 0] for j in chosen) \
                > p["redundancy"]:
            continue
        chosen.append(int(i))
    return [pool[i] for i in chosen]
