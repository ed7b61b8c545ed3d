"""The analysis pipeline: spaCy once per batch, then the configured stages over each Doc.

Which stages run, and in which order, is configuration (`data/pipeline.yaml`, or
`PipelineOptions.stages` / `disable`); each stage is a registered callable with one
signature (`veille.run.stages`). The default order is the data flow of DESIGN.md
(actors → places → times → claims → events → quality); each stage reads what the earlier
ones produced and adds its own. Work a stage defers (event classification) is finished once
per batch. Articles of several languages in one batch are grouped per language for
`nlp.pipe` and handed back in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc

import veille.run.builtin_stages  # noqa: F401  (registers the built-in stages)
from veille.actors.kb import KnowledgeBase, load_kb
from veille.model import Analysis, Article
from veille.nlp import load_pipeline, remember_text
from veille.run.limits import analyze_within, capped
from veille.run.options import PipelineOptions
from veille.run.stages import RegisteredStage, StageContext, finish_deferred, resolve_stages

log = logging.getLogger(__name__)

#: The language assumed when detection gave nothing (the project's first language).
FALLBACK_LANGUAGE = "fr"

#: What `Pipeline.warm` analyses: an actor, a place, a date, a claim and an event, so that
#: every stage loads its data.
WARM_TEXT = ("Le 3 mars 2020, le ministre égyptien des Affaires étrangères a affirmé à Paris "
             "que l'armée avait attaqué les rebelles.")


class Pipeline:
    """Loads models and data once, then analyses articles in batches.

    The stage list is resolved and checked here, so that a wrong name or a missing
    requirement fails before any article is read (`veille.run.stages.StageError`)."""

    def __init__(self, options: PipelineOptions | None = None) -> None:
        self.options = options or PipelineOptions()
        self.stages: tuple[RegisteredStage, ...] = resolve_stages(self.options.stages,
                                                                  self.options.disable)
        self._kb: KnowledgeBase | None = None

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    @property
    def kb(self) -> KnowledgeBase:
        """The actor knowledge base: the package's files plus the user's `actors_files`."""
        if self._kb is None:
            self._kb = load_kb(self.options.actors_files)
        return self._kb

    def analyze(self, articles: Sequence[Article]) -> list[Analysis]:
        """Analyses of `articles`, in their order."""
        by_language: dict[str, list[int]] = {}
        for i, article in enumerate(articles):
            by_language.setdefault(article.language or FALLBACK_LANGUAGE, []).append(i)
        results: list[Analysis | None] = [None] * len(articles)
        for language, indexes in by_language.items():
            nlp = load_pipeline(language)
            cut = {i: capped(articles[i], self.options.limits) for i in indexes}
            texts = (cut[i].text for i in indexes)
            batch = self.context(language)
            for i, doc in zip(indexes, nlp.pipe(texts, batch_size=self.options.batch_size)):
                remember_text(doc, cut[i].text)  # spare the stages rebuilding doc.text
                context = batch.for_article()
                results[i] = analyze_within(
                    lambda: self.analyze_doc(doc, cut[i], language, context=context),
                    articles[i], self.options.limits)
                if "analysis_timeout" not in results[i].quality:
                    batch.deferred += context.deferred
            finish_deferred(batch.deferred, batch)
        return [r for r in results if r is not None]

    def warm(self, languages: Sequence[str] = (FALLBACK_LANGUAGE,)) -> None:
        """Load now what the first article would load (spaCy models, the knowledge base and
        its index, gazetteers, compiled patterns) by analysing one short text per language:
        a worker warmed before the clock starts, or while the reader reads, does not stall
        its first batch for seconds."""
        self.analyze([Article(text=WARM_TEXT, id=f"veille-warm-{language}", language=language)
                      for language in languages])

    def context(self, language: str) -> StageContext:
        """A fresh batch context for `language`: what every stage of the batch shares."""
        return StageContext(language, self.options, lambda: self.kb)

    def analyze_doc(self, doc: Doc, article: Article, language: str, *,
                    context: StageContext | None = None) -> Analysis:
        """Every configured stage over one parsed article, in order.

        With a `context`, work the stages defer is left in `context.deferred` for the
        caller to finish with the rest of the batch; without one it is finished here."""
        own = context is None
        context = context or self.context(language)
        analysis = Analysis(article=article)
        for stage in self.stages:
            stage.func(doc, analysis, context)
        if own:
            finish_deferred(context.deferred, context)
        return analysis
