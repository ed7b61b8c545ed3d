"""`veille demo`: a fresh store of the example articles shipped in the package.

The steps (replace the store, ingest the examples, read back what was found) live here,
not in the command, so the CLI only shows the result; the brief the demo writes is a
surface and stays with the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from veille.run.runner import IngestSummary, RunOptions, ingest
from veille.store import ArticleQuery, open_store


def example_articles_dir() -> Path:
    """The example articles shipped in the package for `veille demo`."""
    return Path(str(resources.files("veille.data").joinpath("examples")))


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo stored: the ingest summary, the articles listed, the store's counts."""

    examples: Path
    summary: IngestSummary
    articles: list[dict[str, Any]]
    stats: dict[str, Any]


def run_demo(db: Path) -> DemoResult:
    """Replace the DuckDB store at `db` (and its WAL) with the example articles, analysed.

    One worker: six short articles do not pay for starting worker processes. Raises
    `StoreError` when the store cannot be opened."""
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    examples = example_articles_dir()
    with open_store(str(db)) as store:
        summary = ingest([str(p) for p in sorted(examples.glob("*.txt"))], store,
                         run=RunOptions(workers=1))
        rows = store.articles(ArticleQuery(limit=100, include_duplicates=True))
        stats = store.stats()
    return DemoResult(examples, summary, rows, stats)
