"""Score story clustering against articles labelled by story: B-cubed and ARI, per split.

The gold (`tests/data/stories_gold.tsv`) names OrangeSum records by id with their story
and split (`dev` for tuning, `heldout` for reporting; split by story, so no story is
seen in both). Each split is clustered on its own, as the product clusters a store:
its records are read as `veille ingest` reads a JSON Lines file (furniture removed,
template lines and title suffixes learned as the split's records arrive, dated,
deduplicated), analysed, stored, then `build_stories` runs over the store. A
near-duplicate that ingest folds into another article takes that article's story.

B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009): for each article, precision is the
share of its predicted story that shares its gold story, recall the share of its gold
story found in its predicted story; both averaged over articles. ARI is sklearn's
adjusted Rand index over the same assignment.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.ingest import ReadOptions
from veille.ingest.jsonl_reader import articles_from_records
from veille.ingest.templates import LineMemory
from veille.model import Article
from veille.run.runner import RunOptions, ingest_articles
from veille.stories.cluster import build_stories
from veille.store import Store

log = logging.getLogger(__name__)

COLUMNS = ("story", "split", "id")


class GoldError(ValueError):
    """A gold file that does not follow the format."""


@dataclass(frozen=True, slots=True)
class GoldArticle:
    story: str
    split: str
    id: str


@dataclass(frozen=True, slots=True)
class ClusterScore:
    """B-cubed precision/recall/F1 and ARI of one split's clustering."""

    articles: int
    gold_stories: int
    predicted_stories: int
    precision: float
    recall: float
    f1: float
    ari: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: round(v, 4) if isinstance(v, float) else v
                for k, v in (("articles", self.articles), ("gold_stories", self.gold_stories),
                             ("predicted_stories", self.predicted_stories),
                             ("precision", self.precision), ("recall", self.recall),
                             ("f1", self.f1), ("ari", self.ari))}


@dataclass(slots=True)
class SplitReport:
    """One split: its score, and the stories as clustered (labels and gold members)."""

    score: ClusterScore
    stories: list[dict[str, Any]] = field(default_factory=list)
    missing: int = 0   # gold articles not read or not clustered (scored as singletons)


def load_gold(path: str | Path) -> list[GoldArticle]:
    """The labelled articles of a gold TSV (`#` lines are comments)."""
    with open(path, encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        if rows.fieldnames is None or not set(COLUMNS) <= set(rows.fieldnames):
            raise GoldError(f"{path}: header must name the columns {', '.join(COLUMNS)}")
        gold = [GoldArticle(r["story"], r["split"], r["id"]) for r in rows]
    seen = Counter(g.id for g in gold)
    if twice := [i for i, n in seen.items() if n > 1]:
        raise GoldError(f"{path}: ids labelled twice: {', '.join(twice[:5])}")
    return gold


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed (precision, recall, F1) of `predicted` (item -> cluster) against `gold`
    (item -> class), over the items of `gold`; an item missing from `predicted` is a
    cluster of its own."""
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    cluster = {i: predicted.get(i, f"\0{i}") for i in items}
    pair = Counter((cluster[i], gold[i]) for i in items)
    size_c, size_g = Counter(cluster.values()), Counter(gold[i] for i in items)
    p = sum(pair[cluster[i], gold[i]] / size_c[cluster[i]] for i in items) / len(items)
    r = sum(pair[cluster[i], gold[i]] / size_g[gold[i]] for i in items) / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_clusters(predicted: Mapping[str, str], gold: Mapping[str, str]) -> ClusterScore:
    """B-cubed and ARI of one clustering against the gold classes of the same items."""
    from sklearn.metrics import adjusted_rand_score

    p, r, f = bcubed(predicted, gold)
    items = list(gold)
    labels = [predicted.get(i, f"\0{i}") for i in items]
    return ClusterScore(len(items), len(set(gold.values())), len(set(labels)), p, r, f,
                        float(adjusted_rand_score([gold[i] for i in items], labels)))


def read_records(corpus: str | Path, ids: set[str]) -> Iterator[dict[str, Any]]:
    """The JSON records of `corpus` (JSON Lines, gzipped or not) whose `id` is in `ids`."""
    opener = gzip.open if str(corpus).endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        for line in handle:
            if line.strip():
                record = json.loads(line)
                if record.get("id") in ids:
                    yield record


def ingest_gold(store: Store, corpus: str | Path, gold: list[GoldArticle], *,
                analyze: bool = True) -> dict[str, str]:
    """Ingest the gold articles' records into `store` as `veille ingest` would; returns
    gold id -> stored article id (the store names articles by their own hash)."""
    records = list(read_records(corpus, {g.id for g in gold}))
    articles: list[Article] = []
    stored_id: dict[str, str] = {}
    read = ReadOptions(line_memory=LineMemory())  # templates learned, as `veille ingest`
    for record, article in zip(records, articles_from_records(records, str(corpus), read)):
        if isinstance(article, Article):
            articles.append(article)
            stored_id[record["id"]] = article.id
        else:
            log.warning("gold article %s skipped: %s", record["id"], article.reason)
    summary = ingest_articles(articles, store, RunOptions(analyze=analyze))
    log.info("gold: %d records read, %d stored, %d already stored, %d duplicates",
             len(records), summary.stored, summary.already_stored,
             summary.exact_duplicates + summary.near_duplicates)
    return stored_id


def evaluate_split(store: Store, gold: list[GoldArticle], stored_id: Mapping[str, str]
                   ) -> SplitReport:
    """Cluster every article of `store` anew and score the gold ones."""
    stories = build_stories(store)
    story_of = {a.id: s.id for s in stories for a in s.articles}
    for row in store.rows("SELECT id, duplicate_of FROM articles "
                          "WHERE duplicate_of IS NOT NULL"):
        if row["duplicate_of"] in story_of:
            story_of[row["id"]] = story_of[row["duplicate_of"]]
    predicted = {g.id: story_of[stored_id[g.id]] for g in gold
                 if g.id in stored_id and stored_id[g.id] in story_of}
    truth = {g.id: g.story for g in gold}
    members: dict[str, Counter] = defaultdict(Counter)
    for gid, sid in predicted.items():
        members[sid][truth[gid]] += 1
    listing = [{"id": s.id, "label": s.label, "size": len(s.articles),
                "gold": dict(members[s.id].most_common())}
               for s in sorted(stories, key=lambda s: -len(s.articles))]
    return SplitReport(score_clusters(predicted, truth), listing, len(truth) - len(predicted))


def evaluate_stories(gold_path: str | Path, corpus: str | Path, stores: Mapping[str, Store],
                     *, splits: tuple[str, ...] | None = None) -> dict[str, SplitReport]:
    """Per split: its gold articles ingested into `stores[split]` (unless it holds them
    already), clustered as the product does, and scored."""
    gold = load_gold(gold_path)
    names = splits or tuple(dict.fromkeys(g.split for g in gold))
    reports: dict[str, SplitReport] = {}
    for split in names:
        part = [g for g in gold if g.split == split]
        if not part:
            raise GoldError(f"{gold_path}: no article in split {split!r}")
        store = stores[split]
        stored_id = ingest_gold(store, corpus, part)
        reports[split] = evaluate_split(store, part, stored_id)
    return reports
