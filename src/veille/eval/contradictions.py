"""Contested-claims gold: claim pairs of one story marked contradict / agree / unrelated.

A gold is a folder with two tab-separated files (`tests/data/contradictions/`):

- `split.tsv`: `split  group  article  raw_hash` — the articles, grouped by episode, each
  group in `dev` or `heldout`; `raw_hash` is the sha1 of the article as read (what the
  store keeps as `articles.raw_hash`), so the gold finds its articles in any store that
  ingested them, whatever their cleaning;
- `pairs.tsv`: `split  raw_hash_a  start_a  raw_hash_b  start_b  label  …` — one claim
  pair per line (a claim is named by its article and the offset of its content), then
  for the reader the two speakers and contents.

Pairs are only formed inside one split: the finder runs over each split's articles apart,
so a held-out figure never sees a dev article. Precision counts every predicted pair
that the gold does not mark `contradict` as wrong, labelled or not (an unlabelled one is
reported apart, so a gold that fell behind the code shows).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.claims.contradictions import ClaimRef, candidate_pairs, find_contradictions
from veille.claims.stored import stored_claim
from veille.errors import VeilleError
from veille.model import Claim
from veille.store import Store

LABELS = ("contradict", "agree", "unrelated")
#: A claim as the gold names it: (article raw hash, content start offset).
ClaimKey = tuple[str, int]


class GoldError(VeilleError, ValueError):
    """The gold folder is missing a file or a line is malformed: the message says where."""


@dataclass(slots=True)
class ContradictionGold:
    """Articles per split (raw hashes) and the labelled pairs of each split."""

    articles: dict[str, list[str]] = field(default_factory=dict)
    pairs: dict[str, dict[frozenset[ClaimKey], str]] = field(default_factory=dict)


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        raise GoldError(f"{path} is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t")
                if row and not row[0].startswith("#")]


def load_gold(folder: Path) -> ContradictionGold:
    """Read `split.tsv` and `pairs.tsv` (this module's docstring gives their columns)."""
    gold = ContradictionGold()
    for n, row in enumerate(_rows(folder / "split.tsv"), 1):
        if len(row) < 4:
            raise GoldError(f"{folder / 'split.tsv'} line {n}: want split, group, article, raw_hash")
        gold.articles.setdefault(row[0], []).append(row[3])
    pairs_file = folder / "pairs.tsv"
    for n, row in enumerate(_rows(pairs_file) if pairs_file.exists() else [], 1):
        if len(row) < 6 or row[5] not in LABELS:
            raise GoldError(f"{pairs_file} line {n}: want split, a, start, b, start, one of {LABELS}")
        key = frozenset({(row[1], int(row[2])), (row[3], int(row[4]))})
        gold.pairs.setdefault(row[0], {})[key] = row[5]
    return gold


@dataclass(slots=True)
class SplitClaims:
    """One split's claims as the store holds them, keyed for the finder and for the gold."""

    claims: dict[str, list[Claim]]
    published: dict[str, Any]
    missing: list[str]

    def key(self, ref: ClaimRef) -> ClaimKey:
        return (str(ref.article), self.claims[str(ref.article)][ref.index].start)


def split_claims(store: Store, raw_hashes: list[str]) -> SplitClaims:
    """The stored claims of the split's articles (by raw hash), and the hashes not stored."""
    claims: dict[str, list[Claim]] = {}
    published: dict[str, Any] = {}
    missing = []
    for raw in raw_hashes:
        rows = store.rows("SELECT id, published FROM articles WHERE raw_hash = ? "
                          "ORDER BY id LIMIT 1", [raw])
        record = store.analysis_record(rows[0]["id"]) if rows else None
        if record is None:
            missing.append(raw)
            continue
        claims[raw] = [stored_claim(c) for c in record.get("claims") or []]
        published[raw] = rows[0]["published"]
    return SplitClaims(claims, published, missing)


def _score(predicted: set[frozenset[ClaimKey]], labels: dict[frozenset[ClaimKey], str]) -> dict[str, Any]:
    gold = {k for k, v in labels.items() if v == "contradict"}
    hits = predicted & gold
    return {"gold": len(gold), "predicted": len(predicted), "matched": len(hits),
            "precision": len(hits) / len(predicted) if predicted else None,
            "recall": len(hits) / len(gold) if gold else None,
            "unlabelled_predicted": len(predicted - set(labels)),
            "false": sorted(sorted(k) for k in predicted - gold),
            "missed": sorted(sorted(k) for k in gold - predicted)}


def evaluate_contradictions(store: Store, gold: ContradictionGold, *,
                            language: str = "fr") -> dict[str, Any]:
    """Precision and recall of `find_contradictions` per split, with the pairs it got wrong
    and the explanations it wrote."""
    result: dict[str, Any] = {}
    from veille.store.read import as_date

    for split, hashes in gold.articles.items():
        data = split_claims(store, hashes)
        published = {k: as_date(v) for k, v in data.published.items()}
        found = find_contradictions(data.claims, language=language, published=published)
        predicted = {frozenset({data.key(c.a), data.key(c.b)}): c for c in found}
        score = _score(set(predicted), gold.pairs.get(split, {}))
        score["articles"], score["missing_articles"] = len(data.claims), data.missing
        score["found"] = [{"reason": c.reason, "detail": c.detail,
                           "label": gold.pairs.get(split, {}).get(k, "unlabelled")}
                          for k, c in predicted.items()]
        result[split] = score
    return result


def pairs_to_label(store: Store, gold: ContradictionGold) -> list[dict[str, Any]]:
    """Every pair a gold must label, per split: pairs of claims from different speakers in
    different sentences that the finder compares (`candidate_pairs`) or that both carry
    numbers, with the claims' speakers and contents for the annotator."""
    from itertools import combinations

    from veille.claims.contradictions import speaker_key

    out = []
    for split, hashes in gold.articles.items():
        data = split_claims(store, hashes)
        candidates = set(candidate_pairs(data.claims))
        refs = [ClaimRef(article, i) for article, claims in data.claims.items()
                for i in range(len(claims))]
        for ra, rb in combinations(refs, 2):
            a = data.claims[str(ra.article)][ra.index]
            b = data.claims[str(rb.article)][rb.index]
            ka, kb = speaker_key(a), speaker_key(b)
            if ka is None or kb is None or ka == kb or (ra.article == rb.article and a.sentence == b.sentence):
                continue
            if (ra, rb) in candidates or (a.numbers and b.numbers):
                out.append({"split": split, "a": data.key(ra), "b": data.key(rb),
                            "speaker_a": a.speaker_text, "content_a": a.content,
                            "speaker_b": b.speaker_text, "content_b": b.content})
    return out


def by_split_counts(gold: ContradictionGold) -> dict[str, dict[str, int]]:
    """How many pairs of each label each split holds (the gold's size, for the report)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LABELS, 0))
    for split, pairs in gold.pairs.items():
        for label in pairs.values():
            counts[split][label] += 1
    return dict(counts)
