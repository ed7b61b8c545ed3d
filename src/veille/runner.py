"""Ingest runs: read → deduplicate → analyse → store, in batches, each batch one transaction.

The runner is the one place that orchestrates a run, for the CLI, the API and the
tests alike. It never prints: progress goes to a callback and the outcome comes back
as an `IngestSummary` the caller shows as it likes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.ingest.dedup import Deduplicator, fingerprint, signature_bytes
from veille.model import Analysis, Article
from veille.pipeline import Pipeline
from veille.store import Record, Store, StoreError

log = logging.getLogger(__name__)

Progress = Callable[[Article | Skipped], None]


@dataclass(slots=True)
class IngestSummary:
    """What a run did, counted: what the CLI prints and tests assert on."""

    read: int = 0
    stored: int = 0
    analyzed: int = 0
    already_stored: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    interrupted: bool = False

    @property
    def skip_reasons(self) -> Counter[str]:
        """Skips grouped by the kind of reason (text before the first ':')."""
        return Counter(s.reason.split(":")[0] for s in self.skipped)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run an ingest (reading options live in `ReadOptions`)."""

    analyze: bool = True
    batch_size: int = 64
    dedup_threshold: float = 0.8


def ingest(paths: Sequence[str], store: Store, *, read: ReadOptions | None = None,
           run: RunOptions | None = None, pipeline: Pipeline | None = None,
           progress: Progress | None = None) -> IngestSummary:
    """Ingest `paths` into `store`; Ctrl-C keeps every batch committed before it."""
    run = run or RunOptions()
    summary = IngestSummary()
    dedup = Deduplicator(threshold=run.dedup_threshold)
    dedup.remember_all(store.dedup_rows())
    if run.analyze and pipeline is None:
        pipeline = Pipeline()
    batch: list[Record] = []
    try:
        for item in iter_articles(paths, read or ReadOptions()):
            if progress is not None:
                progress(item)
            if isinstance(item, Skipped):
                log.debug("skipped %s: %s", item.origin, item.reason)
                summary.skipped.append(item)
                continue
            summary.read += 1
            record = _record_for(item, dedup, summary)
            if record is not None:
                batch.append(record)
            if len(batch) >= run.batch_size:
                _flush(batch, store, pipeline if run.analyze else None, summary)
                batch = []
        _flush(batch, store, pipeline if run.analyze else None, summary)
    except KeyboardInterrupt:
        summary.interrupted = True
        log.warning("interrupted: the batch in progress was rolled back, earlier ones are kept")
    return summary


def _record_for(article: Article, dedup: Deduplicator, summary: IngestSummary) -> Record | None:
    """A record to store, or None for an article already in the store."""
    print_ = fingerprint(article.text, num_perm=dedup.num_perm)
    mh, hash_ = print_.minhash, print_.hash
    verdict = dedup.verdict(article, mh, hash_)
    if verdict.kind == "seen":
        summary.already_stored += 1
        return None
    if verdict.kind == "new":
        dedup.remember(article.id, hash_, mh)
        return Record(Analysis(article), hash_, signature_bytes(mh))
    if verdict.kind == "exact":
        summary.exact_duplicates += 1
    else:
        summary.near_duplicates += 1
    dedup.remember(article.id, hash_, None, original=verdict.original)
    return Record(Analysis(article), hash_, None, duplicate_of=verdict.original,
                  similarity=verdict.similarity)


def _flush(batch: list[Record], store: Store, pipeline: Pipeline | None,
           summary: IngestSummary) -> None:
    """Analyse the originals of a batch, then write the batch in one transaction."""
    if not batch:
        return
    if pipeline is not None:
        originals = [r for r in batch if r.duplicate_of is None]
        for record, analysis in zip(originals, pipeline.analyze([r.analysis.article
                                                                 for r in originals])):
            record.analysis, record.analyzed = analysis, True
        summary.analyzed += len(originals)
    try:
        summary.stored += store.write(batch)
    except StoreError:
        raise
    except Exception as exc:  # one bad row must not cost the whole batch
        log.error("batch write failed (%s); retrying article by article", exc)
        _write_one_by_one(batch, store, summary)


def _write_one_by_one(batch: Iterable[Record], store: Store, summary: IngestSummary) -> None:
    for record in batch:
        try:
            summary.stored += store.write([record])
        except Exception as exc:
            article = record.analysis.article
            summary.skipped.append(Skipped(article.origin or article.id,
                                           f"store error: {exc}".splitlines()[0]))


def analyze_pending(store: Store, *, pipeline: Pipeline | None = None, batch_size: int = 64,
                    limit: int | None = None, progress: Progress | None = None) -> int:
    """Analyse stored articles that were ingested with `analyze=False`; returns how many."""
    pipeline = pipeline or Pipeline()
    done, batch = 0, []
    for article in store.pending(limit=limit):
        batch.append(article)
        if len(batch) >= batch_size:
            done += _analyze_and_write(batch, store, pipeline, progress)
            batch = []
    return done + _analyze_and_write(batch, store, pipeline, progress)


def _analyze_and_write(batch: list[Article], store: Store, pipeline: Pipeline,
                       progress: Progress | None) -> int:
    if not batch:
        return 0
    store.write_analyses(pipeline.analyze(batch))
    if progress is not None:
        for article in batch:
            progress(article)
    return len(batch)
