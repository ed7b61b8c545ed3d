"""Score a generated timeline against a human reference: date F1 and alignment ROUGE.

The metrics follow tilse (Martschat & Markert, EACL 2017; the package news-tls scores
with), re-implemented here because tilse 0.2.1 (2018) pulls pyrouge, textacy, numba
and a Perl ROUGE install: date precision/recall/F1 over the sets of dates, and ROUGE-1/2
counts in tilse's `RougeReimplementation` (stop words ignored, counts clipped), combined
as its `concat`, `agreement` and `align_date_content_costs_many_to_one` ("align+ m:1",
the "AR" of news-tls) variants. Tokens: lowercase words, French elisions cut, no
stemming (no French Porter stemmer matches the Perl script's English one). Stop words
are kept by default (the project's stated tokenizer: plain lowercase words);
`stopwords=True` drops spaCy's French and English lists, tilse's default behaviour
(with ROUGE's English SMART list) — the stricter reading, reported beside it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from veille.eval.cltls import ingest_dated_folders, load_reference
from veille.stories.sentences import content_words
from veille.stories.timeline import TimelineQuery, build_timeline
from veille.store import Store
from veille.store.read import ArticleFilter, article_where
from veille.text import words

log = logging.getLogger(__name__)

Timeline = Mapping[date, Sequence[str]]


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4)}


def _f(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _prf(hit_p: float, denom_p: float, hit_r: float, denom_r: float) -> PRF:
    p = hit_p / denom_p if denom_p else 0.0
    r = hit_r / denom_r if denom_r else 0.0
    return PRF(p, r, _f(p, r))


def date_f1(predicted: Timeline, reference: Timeline) -> PRF:
    """Precision, recall and F1 of the predicted dates against the reference dates."""
    pred, ref = set(predicted), set(reference)
    both = len(pred & ref)
    return _prf(both, len(pred), both, len(ref))


def _tokens(sentences: Sequence[str], stopwords: bool) -> list[str]:
    if stopwords:
        return [t for s in sentences for t in content_words(s)]
    return [t for s in sentences for t in words(s, elide=True)]


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(zip(*(tokens[i:] for i in range(n))))


def rouge_counts(predicted: Sequence[str], reference: Sequence[str], n: int, *,
                 stopwords: bool = False) -> tuple[int, int, int]:
    """(clipped n-gram matches, predicted n-grams, reference n-grams) — tilse's h, p, m.

    `stopwords=True` drops stop words first, as tilse does by default.
    """
    p = _ngrams(_tokens(predicted, stopwords), n)
    r = _ngrams(_tokens(reference, stopwords), n)
    return sum(min(c, r[g]) for g, c in p.items()), sum(p.values()), sum(r.values())


def concat_rouge(predicted: Timeline, reference: Timeline, n: int, *,
                 stopwords: bool = False) -> PRF:
    """ROUGE-n of all predicted summaries concatenated against all reference ones."""
    pred = [s for d in sorted(predicted) for s in predicted[d]]
    ref = [s for d in sorted(reference) for s in reference[d]]
    hit, dp, dr = rouge_counts(pred, ref, n, stopwords=stopwords)
    return _prf(hit, dp, hit, dr)


def agreement_rouge(predicted: Timeline, reference: Timeline, n: int, *,
                    stopwords: bool = False) -> PRF:
    """ROUGE-n comparing summaries of the same date only (tilse 'agreement')."""
    hit_p = hit_r = dp = dr = 0
    for day in set(predicted) | set(reference):
        hit, p, r = rouge_counts(predicted.get(day, ()), reference.get(day, ()), n, stopwords=stopwords)
        if day in predicted:
            hit_p, dp = hit_p + hit, dp + p
        if day in reference:
            hit_r, dr = hit_r + hit, dr + r
    return _prf(hit_p, dp, hit_r, dr)


def _rouge1_f_approx(predicted: Sequence[str], reference: Sequence[str]) -> float:
    """tilse's `compute_rouge_approximation`: unigram F1 on whitespace tokens sans punctuation."""
    p = Counter(w for s in predicted for w in words(s, elide=True))
    r = Counter(w for s in reference for w in words(s, elide=True))
    hit = sum(min(c, r[w]) for w, c in p.items())
    return _f(hit / sum(p.values()) if p else 0.0, hit / sum(r.values()) if r else 0.0)


def _distance_weight(a: date, b: date) -> float:
    return 1.0 / (abs(a.toordinal() - b.toordinal()) + 1)


def _costs(sources: list[date], targets: list[date], source_tl: Timeline, target_tl: Timeline,
           source_is_pred: bool) -> np.ndarray:
    costs = np.zeros((len(sources), len(targets)))
    for i, s in enumerate(sources):
        for j, t in enumerate(targets):
            pred, ref = (source_tl[s], target_tl[t]) if source_is_pred else (target_tl[t], source_tl[s])
            costs[i, j] = (1 - _distance_weight(s, t)) * (1 - _rouge1_f_approx(pred, ref))
    return costs


def align_rouge(predicted: Timeline, reference: Timeline, n: int, *,
                stopwords: bool = False) -> PRF:
    """tilse's align+ m:1: each date is matched to the other side's date of least cost
    (date distance × content dissimilarity) and its ROUGE-n hits are weighted by
    1 / (days apart + 1)."""
    pred_days, ref_days = sorted(predicted), sorted(reference)
    if not pred_days or not ref_days:
        return PRF(0.0, 0.0, 0.0)
    hit_p = dp = 0.0
    prec = _costs(pred_days, ref_days, predicted, reference, True)
    for i, day in enumerate(pred_days):
        ref_day = ref_days[int(prec[i].argmin())]
        hit, p, _ = rouge_counts(predicted[day], reference[ref_day], n, stopwords=stopwords)
        hit_p, dp = hit_p + _distance_weight(day, ref_day) * hit, dp + p
    hit_r = dr = 0.0
    rec = _costs(ref_days, pred_days, reference, predicted, False)
    for i, day in enumerate(ref_days):
        pred_day = pred_days[int(rec[i].argmin())]
        hit, _, r = rouge_counts(predicted[pred_day], reference[day], n, stopwords=stopwords)
        hit_r, dr = hit_r + _distance_weight(day, pred_day) * hit, dr + r
    return _prf(hit_p, dp, hit_r, dr)


def score_timeline(predicted: Timeline, reference: Timeline, *,
                   stopwords: bool = False) -> dict[str, dict[str, float]]:
    """Every metric, as {name: {precision, recall, f1}}: date, concat, agreement, align m:1."""
    out = {"date": date_f1(predicted, reference).to_dict()}
    for n in (1, 2):
        for name, metric in (("concat", concat_rouge), ("agreement", agreement_rouge),
                             ("align_m1", align_rouge)):
            out[f"{name}_rouge_{n}"] = metric(predicted, reference, n,
                                              stopwords=stopwords).to_dict()
    return out


def reference_shape(reference: Timeline) -> tuple[int, int]:
    """(number of dates, mean sentences per date rounded, at least 1): the usual protocol
    gives a system as many dates and sentences as the reference has."""
    n = len(reference)
    per = round(sum(len(v) for v in reference.values()) / n) if n else 1
    return n, max(1, per)


def evaluate_timeline(store: Store, reference_path: str | Path, *, docs: str | Path | None = None,
                      query: str | None = None, max_dates: int | None = None,
                      per_date: int | None = None, stopwords: bool = False,
                      full_analysis: bool = True,
                      furniture: str | None = None) -> dict[str, Any]:
    """Build a timeline from `store` (after ingesting `docs` when given) and score it.

    `docs` get the full analysis, as `veille ingest` gives them, so the score is the one a
    user's store gets (events add to a day's importance); `full_analysis=False` tags only
    time expressions. `furniture` is the cleaning mode of that ingest (None: ingest's
    default), which then also learns template lines as `veille ingest` does.

    As in the usual protocol (tilse, news-tls), the timeline gets as many dates as the
    reference and its mean number of sentences per date unless told otherwise, and its
    dates are limited to the reference's span (its first to last date).
    """
    reference = load_reference(reference_path)
    if docs is not None:
        summary = ingest_dated_folders(docs, store, times_only=not full_analysis,
                                       furniture=furniture)
        log.info("ingested %d documents from %s", summary.stored, docs)
    n, k = reference_shape(reference)
    count = store.rows("SELECT count(*) AS n FROM articles a WHERE "
                       + article_where(ArticleFilter())[0])[0]["n"]
    if not count:
        raise ValueError("the store holds no article: pass --docs or ingest first")
    query_ = TimelineQuery(query=query, max_dates=max_dates or n, per_date=per_date or k,
                           date_from=min(reference), date_to=max(reference))
    entries = build_timeline(store, query_)
    predicted = {e.date: e.summary for e in entries}
    return {"reference": str(reference_path), "dates": query_.max_dates,
            "per_date": query_.per_date, "articles": count, "stopwords_dropped": stopwords,
            "scores": score_timeline(predicted, reference, stopwords=stopwords),
            "timeline": [e.to_dict() for e in entries]}
