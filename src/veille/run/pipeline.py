"""The analysis pipeline: spaCy once per batch, then every analysis stage over each Doc.

Stages run in the data-flow order of DESIGN.md (actors → places → times → claims →
events → quality); each reads what the earlier ones produced and adds its own.
Articles of several languages in one batch are grouped per language for `nlp.pipe`
and handed back in input order.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc

from veille.actors.kb import KnowledgeBase, load_kb
from veille.actors.resolve import resolve_mentions
from veille.claims.extract import extract_claims
from veille.claims.link import attribution_for
from veille.claims.sentences import sentence_spans
from veille.claims.quality import quality_profile
from veille.events.extract import EventDraft, draft_events, finish_drafts
from veille.run.limits import analyze_within, capped
from veille.model import Analysis, Article, Event
from veille.nlp import load_pipeline, remember_text
from veille.run.options import PipelineOptions
from veille.places.find import find_places
from veille.time.tagger import tag_times

log = logging.getLogger(__name__)

#: The language assumed when detection gave nothing (the project's first language).
FALLBACK_LANGUAGE = "fr"


class Pipeline:
    """Loads models and data once, then analyses articles in batches."""

    def __init__(self, options: PipelineOptions | None = None) -> None:
        self.options = options or PipelineOptions()
        self._kb: KnowledgeBase | None = None

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
            waiting: list[tuple[Analysis, EventDraft]] = []
            for i, doc in zip(indexes, nlp.pipe(texts, batch_size=self.options.batch_size)):
                remember_text(doc, cut[i].text)  # spare the stages rebuilding doc.text
                drafts: list[tuple[Analysis, EventDraft]] = []
                results[i] = analyze_within(
                    lambda: self.analyze_doc(doc, cut[i], language, defer_events=drafts),
                    articles[i], self.options.limits)
                if "analysis_timeout" not in results[i].quality:
                    waiting += drafts
            self._finish_events(waiting)
        return [r for r in results if r is not None]

    def analyze_doc(self, doc: Doc, article: Article, language: str, *,
                    defer_events: list[tuple[Analysis, EventDraft]] | None = None) -> Analysis:
        """Every analysis stage over one parsed article, in data-flow order.

        With `defer_events`, the article's event draft is appended there instead of being
        classified now, so that `analyze` classifies a whole batch in one call."""
        analysis = Analysis(article=article)
        analysis.mentions = resolve_mentions(doc, self.kb, published=article.published,
                                             language=language)
        analysis.places = find_places(doc, language=language, mentions=analysis.mentions)
        analysis.times = tag_times(article.text, published=article.published,
                                   precision=article.date_precision, language=language,
                                   doc=doc)
        analysis.claims = extract_claims(doc, mentions=analysis.mentions, language=language)
        draft = draft_events(doc, analysis.mentions, analysis.times, analysis.places,
                             published=article.published, language=language)
        analysis.quality.update(quality_profile(doc, analysis.claims, language=language))
        analysis.quality["sentences"] = len(sentence_spans(doc))
        analysis.quality["tokens"] = len(doc)
        if defer_events is None:
            self._finish_events([(analysis, draft)])
        else:
            defer_events.append((analysis, draft))
        return analysis

    @staticmethod
    def _finish_events(waiting: list[tuple[Analysis, EventDraft]]) -> None:
        """Classify every waiting draft's candidates in one call, then fill in the events
        and which claim each rests on."""
        events = finish_drafts([draft for _, draft in waiting])
        for (analysis, _), found in zip(waiting, events):
            analysis.events = found
            for event in found:
                event.attributed_to = attribution_for(*_actors_span(event), analysis.claims)


def _actors_span(event: Event) -> tuple[int, int]:
    """The text from the first to the last actor of an event: what a claim must contain
    for the event to rest on that claim ("X a affirmé que [Y a frappé Z]")."""
    spans = [(m.start, m.end) for m in (event.source, event.target) if m is not None]
    if not spans:
        return event.start, event.end
    return min(s for s, _ in spans), max(e for _, e in spans)
