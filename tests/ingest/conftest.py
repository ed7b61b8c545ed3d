"""Fixtures shared by the ingest tests: the fixture folder and a reader that splits results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from veille.ingest import ReadOptions, Skipped, iter_articles
from veille.model import Article

ReadAll = Callable[..., tuple[list[Article], list[Skipped]]]


def _read_all(paths: list[str | Path], **options) -> tuple[list[Article], list[Skipped]]:
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in iter_articles([str(p) for p in paths], ReadOptions(**options)):
        (articles if isinstance(item, Article) else skipped).append(item)
    return articles, skipped


@pytest.fixture(scope="session")
def read_all() -> ReadAll:
    """`read_all(paths, **ReadOptions fields)` → (articles, skipped), everything iter_articles yields."""
    return _read_all


@pytest.fixture(scope="session")
def ingest_fixtures() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
