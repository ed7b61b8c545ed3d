"""`veille annotate`: analyse articles read from paths and hand back the contract records,
without a store.

The CLI only writes what this yields (JSONL or a JSON list); the loop that reads,
routes skipped inputs aside and analyses in batches lives here so that it can be called
and tested without a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.model import Article
from veille.run.options import PipelineOptions
from veille.run.workers import PIECE, Analyzer, chunked

#: Called with each input that could not be read, as soon as it is met.
OnSkip = Callable[[Skipped], None]


def annotate(paths: Sequence[str], read: ReadOptions | None = None, *,
             pipeline: PipelineOptions | None = None, workers: int = 1,
             on_skip: OnSkip | None = None) -> Iterator[dict[str, Any]]:
    """The `annotate` record (the DESIGN.md contract) of each article read from `paths`,
    in input order; lazy, so the first records come out before the last are read.

    Skipped inputs never stop the run: they go to `on_skip`, because the caller decides
    whether they matter (the CLI fails only when nothing at all was read)."""

    def articles() -> Iterator[Article]:
        for item in iter_articles(paths, read or ReadOptions()):
            if isinstance(item, Skipped):
                if on_skip is not None:
                    on_skip(item)
            else:
                yield item

    with Analyzer(pipeline, workers=workers) as analyzer:
        for batch in analyzer.map(chunked(articles(), PIECE)):
            for analysis in batch:
                yield analysis.to_dict()
