"""Batch runs on Dask: partitions analysed on workers, Parquet out, then into the store.

The client reads and deduplicates (both need one view of the whole input and run at
thousands of articles per second), cuts the records into partitions and submits each
to a Dask worker. A worker loads the pipeline once, analyses its partition and writes
one Parquet file per store table under `OUT/<table>/date=YYYY-MM-DD/`. As partitions
finish, the client loads their files into the store, one transaction per partition,
so a crash keeps every loaded partition and a re-run skips what is stored.

The same code runs on a `LocalCluster` (no `scheduler`) and on a real cluster (a
scheduler address; the output folder must then be shared storage the client can read).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from veille.run.workers import chunked, default_workers
from veille.run.memory import release_free_memory
from veille.ingest import ReadOptions, iter_articles
from veille.ingest.dedup import Deduplicator
from veille.run.pipeline import Pipeline
from veille.run.options import PipelineOptions
from veille.run.runner import IngestSummary, dedup_records
from veille.store import Record, Store
from veille.store.rows import batch_rows

log = logging.getLogger(__name__)

_worker_pipelines: dict[PipelineOptions, Pipeline] = {}


@dataclass(frozen=True, slots=True)
class DaskOptions:
    """Where and how to run: no scheduler means a LocalCluster of `workers` processes
    (default: one per core, the default of every command that analyses)."""

    out: Path
    scheduler: str | None = None
    workers: int = field(default_factory=default_workers)
    partition_size: int = 256
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)
    keep_outputs: bool = True
    #: Load the pipeline on every worker before the first partition is submitted.
    warm: bool = True


def _worker_pipeline(options: PipelineOptions) -> Pipeline:
    """This worker's pipeline for `options`, built once per worker process."""
    pipeline = _worker_pipelines.get(options)
    if pipeline is None:
        pipeline = _worker_pipelines[options] = Pipeline(options)
    return pipeline


def warm_worker(options: PipelineOptions) -> None:
    """Runs on every worker (`Client.run`): load the model and the data now, all workers
    at once, rather than inside each worker's first partition."""
    _worker_pipeline(options).warm()


def analyze_partition(records: list[Record], out: str, part: str,
                      options: PipelineOptions) -> list[str]:
    """Runs on a worker: analyse the originals, write Parquet per table and date."""
    pipeline = _worker_pipeline(options)  # once per worker process, not per partition
    originals = [r for r in records if r.duplicate_of is None]
    for record, analysis in zip(originals, pipeline.analyze([r.analysis.article
                                                             for r in originals])):
        record.analysis, record.analyzed = analysis, True
    try:
        return _write_parquet(records, Path(out), part)
    finally:
        release_free_memory()


def _write_parquet(records: list[Record], out: Path, part: str) -> list[str]:
    paths = []
    by_date: dict[str, list[Record]] = {}
    for record in records:
        published = record.analysis.article.published
        by_date.setdefault(published.isoformat() if published else "unknown", []).append(record)
    for day, group in by_date.items():
        for table, rows in batch_rows(group).items():
            if not rows:
                continue
            folder = out / table / f"date={day}"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{part}.parquet"
            pq.write_table(pa.Table.from_pylist(rows), path)
            paths.append(str(path))
    return paths


def load_outputs(paths: Sequence[str], store: Store) -> int:
    """Load one partition's Parquet files into the store in one transaction."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in paths:
        table = Path(path).parent.parent.name
        tables.setdefault(table, []).extend(pq.read_table(path).to_pylist())
    return store.write_rows(tables)


def run_dask(paths: Sequence[str], store: Store, options: DaskOptions, *,
             read: ReadOptions | None = None,
             progress: Callable[[int], None] | None = None,
             on_ready: Callable[[], None] | None = None) -> IngestSummary:
    """Ingest `paths` with analysis on Dask; returns the same summary as a local ingest.

    `on_ready` is called once the workers are up (and warm, with `options.warm`), before
    the first partition is read: what a benchmark times from to leave start-up out."""
    from dask.distributed import Client, LocalCluster, as_completed

    summary = IngestSummary()
    dedup = Deduplicator()
    dedup.remember_all(store.dedup_rows())
    records = dedup_records(iter_articles(paths, read or ReadOptions()), dedup, summary, None)
    options.out.mkdir(parents=True, exist_ok=True)
    cluster = None if options.scheduler else LocalCluster(
        n_workers=options.workers, threads_per_worker=1, processes=True,
        dashboard_address=None, silence_logs=logging.ERROR)
    try:
        with Client(options.scheduler or cluster) as client:
            if options.warm:
                client.run(warm_worker, options.pipeline)
            if on_ready is not None:
                on_ready()
            futures = as_completed()
            for i, partition in enumerate(chunked(records, options.partition_size)):
                futures.add(client.submit(analyze_partition, partition, str(options.out),
                                          f"part-{os.getpid()}-{i:06d}", options.pipeline,
                                          pure=False))
                _drain(futures, store, summary, progress, block=futures.count() >=
                       4 * max(1, options.workers))
            _drain(futures, store, summary, progress, block=True, until_empty=True)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if cluster is not None:
            cluster.close()
    if not options.keep_outputs:
        shutil.rmtree(options.out, ignore_errors=True)
    return summary


def _drain(futures: Any, store: Store, summary: IngestSummary,
           progress: Callable[[int], None] | None, *, block: bool,
           until_empty: bool = False) -> None:
    """Load finished partitions; wait for one when the window is full."""
    while futures.count():
        if not block and not futures.has_ready():
            return
        future = next(futures)
        paths = future.result()
        stored = load_outputs(paths, store)
        summary.stored += stored
        analyzed = _count_analyzed(paths)
        summary.analyzed += analyzed
        if progress is not None:
            progress(analyzed)
        if not until_empty:
            return


def _count_analyzed(paths: Sequence[str]) -> int:
    return sum(pq.read_metadata(p).num_rows for p in paths
               if Path(p).parent.parent.name == "analyses")

