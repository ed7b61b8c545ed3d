"""The six built-in analysis stages, registered under their versioned names.

Each adapts one module's public function, which keeps its own typed signature and stays
usable alone, to the one stage contract of `veille.run.stages`: this file only says what a
stage reads from and writes to the Analysis. Registration lives here, apart from the code,
as spaCy keeps its factories apart from its components. The order they run in is data
(`data/pipeline.yaml`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from veille.actors.resolve import resolve_mentions
from veille.claims.extract import extract_claims
from veille.claims.link import attribution_for
from veille.claims.quality import quality_profile
from veille.claims.sentences import sentence_spans
from veille.events.extract import EventDraft, draft_events, finish_drafts
from veille.model import Analysis, Event
from veille.places.find import find_places
from veille.run.stages import StageContext, register_stage
from veille.time.tagger import publication_range, tag_times


@register_stage("veille.actors.v1", assigns=("mentions",))
def actors(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """Actor mentions, resolved against the knowledge base as of the publication date; an
    id merged into another (`veille actors merge`) is written as the one it was merged into."""
    kb = context.kb
    analysis.mentions = resolve_mentions(doc, kb, published=analysis.article.published,
                                         language=context.language)
    if kb.redirects:
        for mention in analysis.mentions:
            if mention.actor is not None:
                mention.actor = kb.redirected(mention.actor)


@register_stage("veille.places.v1", assigns=("places",))
def places(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """Places, told apart from the actors already found (Iran the state, Iran the place)."""
    analysis.places = find_places(doc, language=context.language, mentions=analysis.mentions)


@register_stage("veille.times.v1", assigns=("times",))
def times(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """Time expressions normalised against the publication date, as precise as it is; a date
    known to the month or year is narrowed by the bounds the page gave (`date_not_before`,
    `date_not_after`), so "le 13 avril dernier" resolves when the range allows it."""
    article = analysis.article
    flags = article.flags or {}
    within = publication_range(article.published, article.date_precision,
                               flags.get("date_not_before"), flags.get("date_not_after"))
    analysis.times = tag_times(article.text, published=article.published,
                               precision=article.date_precision, language=context.language,
                               doc=doc, within=within)


@register_stage("veille.claims.v1", assigns=("claims",))
def claims(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """Who says what, on whose word."""
    analysis.claims = extract_claims(doc, mentions=analysis.mentions, language=context.language)


@register_stage("veille.events.v1", assigns=("events",), requires=("mentions",))
def events(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """Event candidates now; their types at the end of the batch (`finish_events`), when
    the classifier names every candidate of the batch in one call."""
    draft = draft_events(doc, analysis.mentions, analysis.times, analysis.places,
                         published=analysis.article.published, language=context.language,
                         precision=analysis.article.date_precision)
    context.defer(finish_events, analysis, draft)


def finish_events(pending: list[tuple[Analysis, EventDraft]], context: StageContext) -> None:
    """Classify every waiting draft's candidates in one call, then fill in the events and
    which claim each rests on."""
    found_per_article = finish_drafts([draft for _, draft in pending])
    for (analysis, _), found in zip(pending, found_per_article):
        analysis.events = found
        for event in found:
            event.attributed_to = attribution_for(*_actors_span(event), analysis.claims)


@register_stage("veille.quality.v1", assigns=("quality",))
def quality(doc: Doc, analysis: Analysis, context: StageContext) -> None:
    """The sourcing profile (from the claims) and the size of the analysed text."""
    analysis.quality.update(quality_profile(doc, analysis.claims, language=context.language))
    analysis.quality["sentences"] = len(sentence_spans(doc))
    analysis.quality["tokens"] = len(doc)


def _actors_span(event: Event) -> tuple[int, int]:
    """The text from the first to the last actor of an event: what a claim must contain
    for the event to rest on that claim ("X a affirmé que [Y a frappé Z]")."""
    spans = [(m.start, m.end) for m in (event.source, event.target) if m is not None]
    if not spans:
        return event.start, event.end
    return min(s for s, _ in spans), max(e for _, e in spans)
