"""Events from an analysed article: who did what to whom, when, where, and how sure.

Extraction is anchored on triggers: a word of the trigger lexicons (`data/triggers.tsv`,
the classifier's, and `data/extra_triggers.tsv`, verbs it lacks) says an event is there,
unless `data/not_triggers.tsv` says the word only begins like one ("bank", "bomber"). Its
source and target come from the dependency parse around it (`roles.trigger_roles`): subject
or passive agent, object, "contre/avec/à" complement, the complements of an event noun, one
event per coordinated actor. Source and target must be different sides (not Iran and
Téhéran). The trained classifier (`classify.classify_events`) names the PLOVER type; where
it is unsure and disagrees with the trigger, the trigger's type wins. Status comes from the
grammar (`status.event_status`); the date is the time expression that governs the trigger
in its clause (a dependency path), else the nearest date in its sentence, else "on or
before publication" (`event_date`), flagged `date_from_article`. Without a parser
(English here) each trigger pairs the nearest actor before it with the nearest after it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from veille.events.classify import EventClassifier, EventPrediction, classify_events
from veille.events.features import EventInput, Pattern, lexicon_hits, load_patterns
from veille.events.ontology import load_ontology
from veille.events.roles import (NOT_TRIGGERS, Roles, Segment, role_rules, trigger_roles,
                                 unique)
from veille.events.status import event_status
from veille.model import DatePrecision, Event, Mention, Place, TimeValue
from veille.text import words

log = logging.getLogger(__name__)

TRIGGER_LEXICONS = ("triggers.tsv", "extra_triggers.tsv")
#: Below this confidence a classifier type that contradicts the trigger's lexicon type
#: gives way to the trigger's (the lexicon is what anchored the event). Chosen on the
#: classifier's French dev set (fr_dev.tsv, 106 candidates, type accuracy with the first
#: trigger of the old window): 0.708 classifier alone, 0.698 trigger alone, 0.745 at 0.4,
#: 0.736 at 0.5, 0.726 at 0.6, 0.755 at 0.7, 0.726 at 0.8.
TRUST_CLASSIFIER = 0.7
_FUNCTION_POS = {"DET", "ADP", "AUX", "PRON", "PUNCT", "CCONJ", "SCONJ", "SPACE", "NUM"}


@dataclass(slots=True)
class Candidate:
    """One (trigger, source, target) found in a segment, before the classifier names it."""

    seg: Segment
    trigger: Token
    pattern: Pattern
    predicate: Token
    source: Mention | None
    target: Mention | None


#: What ends a sentence; a parser "sentence" ending otherwise is joined to the next one.
_SENTENCE_END = {".", "!", "?", "…", ":", ";", "»", '"', "”", ")"}


def _sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, those it cut where no punctuation ends one joined back to the
    next ("L'Iran et l'Arabie | saoudite ont conclu un accord"): the cut is its error."""
    out: list[Span] = []
    for sent in doc.sents:
        if out and out[-1].end == sent.start and not _ends(out[-1]):
            out[-1] = doc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


def _ends(span: Span) -> bool:
    toks = [t for t in span if not t.is_space]
    return not toks or toks[-1].text in _SENTENCE_END or "\n" in span[-1].text \
        or "\n" in span[-1].whitespace_


def segments(doc: Doc, mentions: list[Mention], places: list[Place],
             language: str, times: Sequence[TimeValue] = ()) -> list[Segment]:
    """The sentences cut at line breaks (the parser joins a title to its first paragraph)."""
    out = []
    for sent in _sentences(doc):
        start = sent.start
        for tok in [*sent, None]:
            if tok is None or "\n" in tok.text:
                end = tok.i if tok is not None else sent.end
                piece = doc[start:end]
                if any(t.is_alpha for t in piece):
                    out.append(Segment(piece, mentions, places, language, times))
                start = end + 1
    return out


def _trigger_token(seg: Segment, owners: list[Token]) -> Token | None:
    """The content word of a lexicon hit ("s'entendre" → "entendre") among the tokens its
    words come from, unless inside an actor's name ("Financial Times", "troupes américaines")."""
    toks = list(dict.fromkeys(owners))
    tok = next((t for t in toks if t.pos_ not in _FUNCTION_POS), toks[0] if toks else None)
    if tok is None or seg.mention_at(tok) is not None:
        return None
    return tok


@lru_cache(maxsize=200_000)
def token_words(text: str) -> tuple[str, ...]:
    """The lexicon words of a token's text ("couvre-feu" → couvre, feu), cached per text."""
    return tuple(words(text))


#: The longest pattern of not_triggers.tsv, in words.
_NOT_SPAN = 3


def _not_a_trigger(found_words: list[str], i: int, language: str) -> bool:
    """Whether the word at `i` begins a pattern of `not_triggers.tsv` (checked at trigger
    hits only, not over the whole segment)."""
    if not _may_not_trigger(found_words[i], language):
        return False
    return any(j == 0 for j, _ in lexicon_hits(found_words[i:i + _NOT_SPAN], NOT_TRIGGERS,
                                                language))


@lru_cache(maxsize=100_000)
def _may_not_trigger(word: str, language: str) -> bool:
    """Whether some pattern of `not_triggers.tsv` begins with `word` (cached per word)."""
    return bool(lexicon_hits([word], NOT_TRIGGERS, language)) or any(
        len(p.tokens) > 1 for p in load_patterns(NOT_TRIGGERS) if p.tokens[0] == word)


def find_triggers(seg: Segment) -> list[tuple[Token, Pattern]]:
    """Trigger words of a segment, in reading order, one per token. Patterns match words,
    not tokens: a hyphenated token ("couvre-feu", "cessez-le-feu") holds several."""
    found_words: list[str] = []
    owners: list[Token] = []
    for t in seg.span:
        for w in token_words(t.text):
            found_words.append(w)
            owners.append(t)
    found: dict[int, tuple[Token, Pattern]] = {}
    for name in TRIGGER_LEXICONS:
        for i, pattern in lexicon_hits(found_words, name, seg.language):
            if _not_a_trigger(found_words, i, seg.language):
                continue  # "bank" is no "ban*", "bomber" no "bomb*"
            tok = _trigger_token(seg, owners[i:i + len(pattern.tokens)])
            if tok is not None and tok.i not in found:
                found[tok.i] = (tok, pattern)
    return [found[i] for i in sorted(found)]


def _side(m: Mention | None) -> str | None:
    """The actor's identity for "same actor" tests: its country for a state's organs."""
    if m is None or m.actor is None:
        return None
    if m.actor.kind in ("state", "government", "military") and m.actor.country:
        return m.actor.country
    return m.actor.id


def distinct(a: Mention | None, b: Mention | None) -> bool:
    """Whether two role fillers are different actors (Iran and Téhéran are one)."""
    if a is None or b is None:
        return a is not b
    if (a.start, a.end) == (b.start, b.end):
        return False
    if a.actor is None or b.actor is None:
        return a.text.lower() != b.text.lower()
    return a.actor.id != b.actor.id and _side(a) != _side(b)


def _country(m: Mention) -> str | None:
    return m.actor.country if m.actor is not None else None


def _two_sided(roles: Roles, pattern: Pattern) -> list[tuple]:
    """Pairs with both actors: symmetric "entre A et B", doer × done-to, or coordinated
    doers of a joint act (the ontology's `joint` types) from different countries ("les
    États-Unis et l'Iran ont tenu…")."""
    symmetric = unique(roles.symmetric)
    if len(symmetric) >= 2:
        return [(symmetric[0], other) for other in symmetric[1:]]
    pairs = [(s, t) for s in roles.sources for t in roles.targets]
    joint = len(roles.sources) >= 2 and load_ontology().is_joint(pattern.type)
    if joint and not any(t.actor is not None for t in roles.targets):
        pairs = []  # "la Turquie et la Russie se sont mises d'accord sur une zone…": each other
    if not pairs and joint:
        first, *rest = roles.sources
        pairs = [(first, o) for o in rest if _country(first) != _country(o)
                 or _country(o) is None]
    return [(s, t) for s, t in pairs if distinct(s, t)]


def role_pairs(roles: Roles, trigger: Token, pattern: Pattern) -> list[tuple]:
    """(source, target) pairs of one trigger; one actor only where the verb says so: a
    doer with no done-to written ("l'Iran a retiré ses commandants"), or the done-to of a
    passive verb with no agent ("les troupes ont été attaquées")."""
    pairs = _two_sided(roles, pattern)
    if pairs:
        return pairs
    verbal = roles.predicate is not None and roles.predicate.pos_ in ("VERB", "AUX")
    if not verbal or pattern.concept in role_rules()["needs_two_actors"]:
        return []
    if roles.sources:
        return [(roles.sources[0], None)]
    passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in roles.predicate.children)
    if roles.targets and passive and trigger.pos_ in ("VERB", "AUX"):
        return [(None, t) for t in roles.targets]
    return []


def _retaliation_target(c: Candidate, earlier: list[Candidate]) -> Mention | None:
    """"…ont été attaquées par des militants, et les États-Unis ont mené des frappes de
    représailles": the doer of the earlier event that hit this event's side."""
    words = set(role_rules()["retaliation"].get(c.seg.language, []))
    if not any(t.lower_ in words for t in c.predicate.subtree if c.seg.contains(t)):
        return None
    side = _side(c.source)
    for e in reversed(earlier):
        if e.seg is c.seg and e.source is not None and side and _side(e.target) == side:
            return e.source
    return None


def parsed_candidates(seg: Segment) -> list[Candidate]:
    """Candidates of one segment read from the dependency parse."""
    out: list[Candidate] = []
    for trigger, pattern in find_triggers(seg):
        roles = trigger_roles(seg, trigger, pattern.type)
        for src, tgt in role_pairs(roles, trigger, pattern):
            if not distinct(src, tgt):
                continue
            c = Candidate(seg, trigger, pattern, roles.predicate or trigger, src, tgt)
            if tgt is None and src is not None:
                c.target = _retaliation_target(c, out)
                if c.target is not None and not distinct(src, c.target):
                    c.target = None
            if not any(_same_event(c, o) for o in out):
                out.append(c)
    return out


def _same_event(a: Candidate, b: Candidate) -> bool:
    """Two triggers of one act: same actors, one predicate governing the other ("a riposté
    en visant", "une série de frappes de représailles")."""
    if (_span(a.source), _span(a.target)) != (_span(b.source), _span(b.target)):
        return False
    pa, pb = a.predicate, b.predicate
    return pa == pb or pa.head == pb or pb.head == pa


def _span(m: Mention | None) -> tuple[int, int] | None:
    return (m.start, m.end) if m is not None else None


def ordered_candidates(seg: Segment) -> list[Candidate]:
    """Without a parser: each trigger with the nearest actor before and after it, once."""
    out, seen = [], set()
    for trigger, pattern in find_triggers(seg):
        before = [m for m in seg.mentions if m.end <= trigger.idx]
        after = [m for m in seg.mentions if m.start > trigger.idx]
        src = before[-1] if before else None
        tgt = next((m for m in after if distinct(src, m)), None)
        if src is None or tgt is None or (_span(src), _span(tgt)) in seen:
            continue
        seen.add((_span(src), _span(tgt)))
        out.append(Candidate(seg, trigger, pattern, trigger, src, tgt))
    return out


def _input(c: Candidate, language: str) -> EventInput:
    off = c.seg.span.start_char
    rel = (lambda m: (m.start - off, m.end - off) if m is not None else None)
    return EventInput(c.seg.span.text, rel(c.source), rel(c.target), language)


def event_type(pred: EventPrediction, pattern: Pattern) -> EventPrediction:
    """The classifier's type, unless it is unsure and contradicts the trigger word."""
    if pred.type == pattern.type or pred.confidence >= TRUST_CLASSIFIER:
        return pred
    etype = load_ontology().get(pattern.type)
    return EventPrediction(etype.name, pred.confidence, etype.quad_class, etype.intensity,
                           etype.cameo_root)


def _nearest(items: list, c: Candidate):
    """The item (time, place) nearest the trigger: inside its clause first, else its segment."""
    seg = c.seg.span
    inside = [i for i in items if seg.start_char <= i.start and i.end <= seg.end_char]
    clause = [t for t in c.predicate.subtree if c.seg.contains(t)] or [c.trigger]
    lo, hi = min(t.idx for t in clause), max(t.idx + len(t) for t in clause)
    close = [i for i in inside if lo <= i.start and i.end <= hi] or inside
    return min(close, key=lambda i: abs(i.start - c.trigger.idx)) if close else None


#: Dependencies that open a clause of its own: a time expression reached from the trigger
#: only through one of them dates another verb ("l'accord qui avait été signé en 2015").
_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "acl", "acl:relcl", "parataxis", "conj", "csubj",
                          "xcomp"})
_MAX_PATH = 8
#: How an event got its date (`event_date`): the time expression its clause governs, the
#: nearest date of its sentence, or only "on or before publication".
DATED_BY = ("clause", "sentence", "publication")


def _root(doc: Doc, t: TimeValue) -> Token | None:
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _path_to(tok: Token, c: Candidate) -> int | None:
    """Steps up the parse from a time expression's head to the event's trigger or its
    predicate, without leaving their clause; None when the expression dates another verb."""
    goals = {c.trigger.i, c.predicate.i}
    for steps in range(_MAX_PATH):
        if tok.i in goals:
            return steps
        if tok.head is tok or not c.seg.contains(tok.head):
            return None
        if steps and tok.pos_ in ("VERB", "AUX") and tok.dep_ in _CLAUSE_DEPS:
            return None  # a clause of its own between them
        tok = tok.head
    return None


def _names_day(t: TimeValue) -> bool:
    value = t.value or ""
    return len(value) >= 10 and value[4:5] == "-" and (len(value) == 10 or value[10] == "T")


def _governing(times: list[TimeValue], c: Candidate) -> TimeValue | None:
    """The time expression the event's own clause governs: a dependency path from its head
    to the trigger or the predicate ("L'armée a abattu mardi un drone", "l'attaque du 3
    mai"); a day before a vaguer value, then the shortest path, then the nearest."""
    doc = c.seg.span.doc
    found = []
    for t in times:
        root = _root(doc, t)
        steps = _path_to(root, c) if root is not None and c.seg.contains(root) else None
        if steps is not None:
            found.append((not _names_day(t), steps, abs(t.start - c.trigger.idx), t))
    return min(found, key=lambda f: f[:3])[3] if found else None


def _clause_head(tok: Token, seg: Segment) -> Token:
    """The verb (or the root) heading the clause a token sits in."""
    for _ in range(_MAX_PATH):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok or not seg.contains(tok.head):
            return tok
        tok = tok.head
    return tok


def _sentence_anchor(times: list[TimeValue], c: Candidate, parsed: bool) -> TimeValue | None:
    """The nearest date that anchors the event's sentence: one whose clause governs the
    event's ("Le 3 février, la police disperse la foule qui s'est rassemblée"), not one
    that dates a clause of its own ("l'Iran, qui avait signé l'accord en 2015, …"). Vague
    PAST_REF / PRESENT_REF fix no point. Without a parse, the nearest date of the sentence."""
    seg = c.seg.span
    inside = [t for t in times if seg.start_char <= t.start and t.end <= seg.end_char
              and not (t.value or "").endswith("_REF")]
    if parsed:
        above = {t.i for t in (c.trigger, c.predicate)}
        above |= {a.i for a in c.predicate.ancestors if c.seg.contains(a)}
        above |= {a.i for a in c.trigger.ancestors if c.seg.contains(a)}
        roots = [(t, _root(seg.doc, t)) for t in inside]
        inside = [t for t, r in roots if r is not None and c.seg.contains(r)
                  and _clause_head(r, c.seg).i in above]
    return min(inside, key=lambda t: abs(t.start - c.trigger.idx)) if inside else None


def _publication(published: date | None, precision: DatePrecision,
                 status: str) -> TimeValue | None:
    """"On or before publication", as precise as the article's date: what an event with no
    time of its own is known to be (a planned one: on or after)."""
    if published is None or precision not in ("day", "month", "year"):
        return None
    iso = published.isoformat()
    value = {"day": iso, "month": iso[:7], "year": iso[:4]}[precision]
    return TimeValue(start=0, end=0, text="", value=value, granularity=precision,
                     mod="ON_OR_AFTER" if status == "planned" else "ON_OR_BEFORE")


def event_date(times: list[TimeValue], c: Candidate, published: date | None,
               precision: DatePrecision = "day", status: str = "occurred",
               parsed: bool = True) -> tuple[TimeValue | None, str | None]:
    """The date of an event and how it was found (one of `DATED_BY`, None when undated).

    The time expression that governs its trigger in its clause, else the nearest date
    that anchors its sentence (`_sentence_anchor`), else "on or before publication" (mod
    ON_OR_BEFORE, the article's date at its precision), which the store flags
    `date_from_article`: never the publication day as if the text had named it. A
    duration ("pendant un mois") or a set ("chaque jour") says how long or how often, not
    when: only dates and times date an event.
    """
    dated = [t for t in times if t.value and t.type in ("DATE", "TIME")]
    if parsed:
        found = _governing(dated, c)
        if found is not None:
            return found, "clause"
    found = _sentence_anchor(dated, c, parsed)
    if found is not None:
        return found, "sentence"
    fallback = _publication(published, precision, status)
    return fallback, "publication" if fallback is not None else None


def _date(times: list[TimeValue], c: Candidate, published: date | None,
          precision: DatePrecision = "day", status: str = "occurred",
          parsed: bool = True) -> tuple[TimeValue | None, str | None]:
    return event_date(times, c, published, precision, status, parsed)


def _trigger_text(c: Candidate) -> str:
    toks = c.seg.span.doc[c.trigger.i:c.trigger.i + len(c.pattern.tokens)]
    return toks.text if len(c.pattern.tokens) > 1 else c.trigger.text


@dataclass(slots=True)
class EventDraft:
    """The candidates of one article, read from its parse, waiting for their types.

    Classifying is cheap per candidate and dear per call (the feature union and the
    calibrated folds cost ~25 ms a call, ~0.6 ms a candidate), so a batch of articles
    drafts its events first and classifies all their candidates in one call.
    """

    candidates: list[Candidate]
    inputs: list[EventInput]
    parsed: bool
    times: list[TimeValue]
    places: list[Place]
    published: date | None
    precision: DatePrecision = "day"


def draft_events(doc: Doc, mentions: list[Mention], times: list[TimeValue],
                 places: list[Place], *, published: date | None, language: str,
                 precision: DatePrecision = "day") -> EventDraft:
    """The event candidates of an article whose actors, times and places are found;
    `precision` is how much of `published` is known (an undated event is "on or before"
    it at that precision)."""
    parsed = doc.has_annotation("DEP")
    cands: list[Candidate] = []
    for seg in segments(doc, mentions, places, language, times):
        cands += parsed_candidates(seg) if parsed else ordered_candidates(seg)
    return EventDraft(cands, [_input(c, language) for c in cands], parsed, times, places,
                      published, precision)


def finish_events(draft: EventDraft, preds: list[EventPrediction]) -> list[Event]:
    """The events of a draft, given the classifier's predictions for its inputs, in order."""
    events = []
    for c, pred in zip(draft.candidates, preds):
        pred = event_type(pred, c.pattern)
        if draft.parsed:
            status, negated = event_status(c.seg, c.trigger, c.predicate, pred.type)
        else:
            status, negated = load_ontology().implied_status(pred.type) or "occurred", False
        when, how = _date(draft.times, c, draft.published, draft.precision, status,
                          draft.parsed)
        span: Span = c.seg.span
        events.append(Event(
            type=pred.type, sentence=span.text, start=span.start_char, end=span.end_char,
            source=c.source, target=c.target, status=status, negated=negated, date=when,
            date_from_article=how == "publication", place=_nearest(draft.places, c),
            trigger=_trigger_text(c), cameo_root=pred.cameo_root, quad_class=pred.quad_class,
            intensity=pred.intensity, confidence=round(pred.confidence, 3)))
    log.debug("%d events from %d candidates", len(events), len(draft.candidates))
    return events


def finish_drafts(drafts: list[EventDraft],
                  model: EventClassifier | None = None) -> list[list[Event]]:
    """The events of each draft, their candidates classified together in one call."""
    preds = classify_events([x for draft in drafts for x in draft.inputs], model)
    out, at = [], 0
    for draft in drafts:
        out.append(finish_events(draft, preds[at:at + len(draft.inputs)]))
        at += len(draft.inputs)
    return out


def extract_events(doc: Doc, mentions: list[Mention], times: list[TimeValue],
                   places: list[Place], *, published: date | None, language: str,
                   model: EventClassifier | None = None,
                   precision: DatePrecision = "day") -> list[Event]:
    """The PLOVER events of an article whose actors, times and places are already found."""
    draft = draft_events(doc, mentions, times, places, published=published, language=language,
                         precision=precision)
    return finish_drafts([draft], model)[0]
