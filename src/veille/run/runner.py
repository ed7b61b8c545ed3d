"""Ingest runs: read → deduplicate → analyse → store, in batches, each batch one transaction.

The runner is the one place that orchestrates a run, for the CLI, the API, `watch` and
the tests alike. `ingest_articles` takes articles from anywhere (a reader, a POST
body, a feed); `ingest` reads them from paths first. It never prints: progress goes to
callbacks and the outcome comes back as an `IngestSummary` the caller shows as it likes.
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.ingest.dedup import Deduplicator, fingerprint, signature_bytes
from veille.model import Analysis, Article
from veille.run.workers import Analyzer, chunked
from veille.run.options import PipelineOptions
from veille.store import Record, Store, StoreError

log = logging.getLogger(__name__)

#: Called with every item as it is read (articles and skipped inputs alike).
Progress = Callable[[Article | Skipped], None]


@dataclass(frozen=True, slots=True)
class BatchWritten:
    """One committed batch, counted: what a caller needs to show the real analysis rate.

    `articles` is the batch's size (new articles and linked duplicates), `analyzed` how
    many of them were analysed, `stored` how many rows the store took.
    """

    articles: int
    analyzed: int
    stored: int


#: Called once per batch, after its transaction (the pace of analysis, not of reading).
BatchDone = Callable[[BatchWritten], None]


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
    workers: int = 1
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)


def ingest(paths: Sequence[str], store: Store, *, read: ReadOptions | None = None,
           run: RunOptions | None = None, analyzer: Analyzer | None = None,
           progress: Progress | None = None,
           on_batch: BatchDone | None = None) -> IngestSummary:
    """Ingest the articles read from `paths` into `store` (see `ingest_articles`)."""
    return ingest_articles(iter_articles(paths, read or ReadOptions()), store, run,
                           analyzer=analyzer, progress=progress, on_batch=on_batch)


def ingest_articles(articles: Iterable[Article | Skipped], store: Store,
                    run: RunOptions | None = None, *, analyzer: Analyzer | None = None,
                    progress: Progress | None = None,
                    on_batch: BatchDone | None = None) -> IngestSummary:
    """Ingest `articles` into `store`; Ctrl-C keeps every batch committed before it.

    Deduplication and writing happen here, in input order; analysis happens in
    `analyzer` (this process or worker processes), overlapping with them. `progress`
    sees every item as it is read; `on_batch` every batch once it is committed, which is
    the pace of analysis (reading runs ahead of it by a window of batches).
    """
    run = run or RunOptions()
    summary = IngestSummary()
    dedup = Deduplicator(threshold=run.dedup_threshold)
    neighbours = Neighbours(dedup, store)  # before reading: nothing written since is missed
    dedup.remember_all(store.dedup_rows())
    dedup.remember_raw(r["raw_hash"] for r in store.rows(
        "SELECT raw_hash FROM articles WHERE url IS NULL"))
    batches = chunked(dedup_records(articles, dedup, summary, progress), run.batch_size)
    own = analyzer is None and run.analyze
    if run.analyze:
        analyzer = analyzer or Analyzer(run.pipeline, workers=run.workers)
        batches = _analyzed(batches, analyzer, summary)
    try:
        for batch in batches:
            done = _write(batch, store, summary, neighbours)
            if on_batch is not None:
                on_batch(done)
    except KeyboardInterrupt:
        summary.interrupted = True
        log.warning("interrupted: batches in progress were rolled back, earlier ones are kept")
    finally:
        if own and analyzer is not None:
            analyzer.close()
    return summary


def dedup_records(items: Iterable[Article | Skipped], dedup: Deduplicator, summary: IngestSummary,
             progress: Progress | None) -> Iterator[Record]:
    """Records for what is new (originals and linked duplicates), counting the rest."""
    for item in items:
        if progress is not None:
            progress(item)
        if isinstance(item, Skipped):
            log.debug("skipped %s: %s", item.origin, item.reason)
            summary.skipped.append(item)
            continue
        summary.read += 1
        record = _record_for(item, dedup, summary)
        if record is not None:
            yield record


def _analyzed(batches: Iterable[list[Record]], analyzer: Analyzer,
              summary: IngestSummary) -> Iterator[list[Record]]:
    """The same batches, with the analyses of their originals filled in, in order."""
    in_flight: deque[list[Record]] = deque()

    def originals() -> Iterator[list[Article]]:
        for batch in batches:
            in_flight.append(batch)
            yield [r.analysis.article for r in batch if r.duplicate_of is None]

    for analyses in analyzer.map(originals()):
        batch = in_flight.popleft()
        for record, analysis in zip((r for r in batch if r.duplicate_of is None), analyses):
            record.analysis, record.analyzed = analysis, True
        summary.analyzed += len(analyses)
        yield batch


def _record_for(article: Article, dedup: Deduplicator, summary: IngestSummary) -> Record | None:
    """A record to store, or None for an article already in the store."""
    print_ = fingerprint(article.text, num_perm=dedup.num_perm)
    mh, hash_ = print_.minhash, print_.hash
    verdict = dedup.verdict(article, mh, hash_)
    if verdict.kind == "seen":
        summary.already_stored += 1
        return None
    if verdict.kind == "repeat":  # same id twice in this input: nothing more to store
        summary.exact_duplicates += 1
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


#: Clock skew allowed between writers when asking what others stored since a moment.
_SKEW = timedelta(minutes=5)


class Neighbours:
    """Keeps an ingest's deduplicator in step with other processes writing to the store.

    Each run's deduplicator starts from the store, so two ingests running at once would
    each take their copy of a story for new, and store a near-duplicate pair as two
    originals (issue #22). Before each batch is written — in the same transaction, under
    the ingest lock (the DuckDB file itself, a PostgreSQL advisory lock) — the articles
    others stored meanwhile are learnt, and the batch's originals judged against them
    again; the copy written second links to the first. One count per batch when nobody
    else writes.
    """

    def __init__(self, dedup: Deduplicator, store: Store) -> None:
        self.dedup = dedup
        self.expected = store.article_count()
        self.since = _now()

    def catch_up(self, batch: list[Record], store: Store, summary: IngestSummary) -> None:
        """Rejudge `batch` against what others stored since the last batch (in place)."""
        if store.article_count() == self.expected:
            return
        fresh = store.written_since(self.since - _SKEW, self.dedup.knows)
        hashes, originals = self.dedup.remember_others(fresh)
        demoted: dict[str, str] = {}
        for record in batch:
            if record.duplicate_of is not None:
                record.duplicate_of = demoted.get(record.duplicate_of, record.duplicate_of)
                continue
            if record.signature is None:
                continue
            verdict = self.dedup.recheck(record.text_hash, record.signature, hashes, originals)
            if verdict.original is None:
                continue
            article = record.analysis.article
            log.info("%s copies %s, stored meanwhile by another process", article.id,
                     verdict.original)
            self.dedup.demote(article.id, verdict.original)
            demoted[article.id] = verdict.original
            record.analysis, record.analyzed, record.signature = Analysis(article), False, None
            record.duplicate_of, record.similarity = verdict.original, verdict.similarity
            if verdict.kind == "exact":
                summary.exact_duplicates += 1
            else:
                summary.near_duplicates += 1


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)  # as `ingested_at` is stored


def _write(batch: list[Record], store: Store, summary: IngestSummary,
           neighbours: Neighbours | None = None) -> BatchWritten:
    """Write a batch in one transaction; if it fails, article by article (lose only those).

    With `neighbours`, the batch is first judged again against what other processes
    stored meanwhile, in the same transaction, under the ingest lock."""
    before = summary.stored
    try:
        with store.transaction():
            if neighbours is not None:
                store.lock("veille.ingest")
                started = _now()
                neighbours.catch_up(batch, store, summary)
            summary.stored += store.write(batch)
            if neighbours is not None:
                neighbours.expected = store.article_count()
                neighbours.since = started
    except StoreError:
        raise
    except Exception as exc:  # one bad row must not cost the whole batch
        log.error("batch write failed (%s); retrying article by article", exc)
        for record in batch:
            try:
                summary.stored += store.write([record])
            except Exception as one:
                article = record.analysis.article
                summary.skipped.append(Skipped(article.origin or article.id,
                                               f"store error: {one}".splitlines()[0]))
    return BatchWritten(len(batch), sum(r.analyzed for r in batch), summary.stored - before)


def analyze_pending(store: Store, *, workers: int = 1, batch_size: int = 64,
                    limit: int | None = None, options: PipelineOptions | None = None,
                    progress: Progress | None = None) -> int:
    """Analyse stored articles that were ingested with `analyze=False`; returns how many."""
    articles = list(store.pending(limit=limit))  # read fully: the store is written below
    batches = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
    done = 0
    with Analyzer(options, workers=workers) as analyzer:
        for analyses in analyzer.map(batches):
            store.write_analyses(analyses)
            done += len(analyses)
            if progress is not None:
                for analysis in analyses:
                    progress(analysis.article)
    return done
