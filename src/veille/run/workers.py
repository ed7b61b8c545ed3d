"""Analysis on several local processes: the model loaded once per worker, batches in order.

The main process reads, deduplicates and writes (one writer per store); workers only
analyse. Batches stream through a bounded window of futures, so memory stays flat on a
corpus of any size while every worker stays busy. Workers ignore SIGINT: Ctrl-C is the
main process's to handle, which cancels what is queued and keeps what is committed.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from veille.run.memory import release_free_memory
from veille.model import Analysis, Article
from veille.run.options import PipelineOptions

if TYPE_CHECKING:
    from veille.run.pipeline import Pipeline

_worker_pipeline: Pipeline | None = None
#: Articles per task sent to a worker, and tasks in flight per worker (memory stays
#: bounded: at most WINDOW_PIECES * workers * PIECE articles are held at once).
PIECE = 16
WINDOW_PIECES = 6
T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter); lazy."""
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def default_workers() -> int:
    """One worker per available core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker(options: PipelineOptions) -> None:
    global _worker_pipeline
    from veille.run.pipeline import Pipeline  # spaCy only in processes that analyse

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_pipeline = Pipeline(options)


def _analyze_in_worker(articles: list[Article]) -> list[Analysis]:
    assert _worker_pipeline is not None, "worker not initialised"
    try:
        return _worker_pipeline.analyze(articles)
    finally:
        release_free_memory()


class Analyzer:
    """Analyses batches of articles in order, in this process or in a pool of workers."""

    def __init__(self, options: PipelineOptions | None = None, *, workers: int = 1) -> None:
        self.options = options or PipelineOptions()
        self.workers = max(1, workers)
        self._pipeline: Pipeline | None = None
        self._pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Analysis]]:
        """The analyses of each batch, yielded in input order."""
        if self.workers == 1:
            from veille.run.pipeline import Pipeline  # spaCy only in processes that analyse

            self._pipeline = self._pipeline or Pipeline(self.options)
            for batch in batches:
                analyses = self._pipeline.analyze(list(batch)) if batch else []
                release_free_memory()
                yield analyses
            return
        pool = self._ensure_pool()
        # A store batch (64 articles) is analysed as pieces of PIECE articles: with whole
        # batches, one worker idles while the other finishes the last batch of a run.
        window: deque[list[Future[list[Analysis]]]] = deque()
        in_flight = 0
        for batch in batches:
            pieces = [pool.submit(_analyze_in_worker, piece)
                      for piece in chunked(batch, PIECE)]
            window.append(pieces)
            in_flight += len(pieces)
            while window and in_flight >= WINDOW_PIECES * self.workers:
                head = window.popleft()
                in_flight -= len(head)
                yield [a for f in head for a in f.result()]
        while window:
            yield [a for f in window.popleft() for a in f.result()]

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the parent holds a database connection and threads.
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context,
                                             initializer=_init_worker,
                                             initargs=(self.options,))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Analyzer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
