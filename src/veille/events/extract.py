"""Events from an analysed article: who did what to whom, when, where, and how sure.

For each sentence, actor mentions are paired into (source, target) candidates — through
the dependency parse where the pipeline has one (subject or passive agent → object,
oblique "contre/avec/à/against/with", coordinated subjects), else in reading order — and
the trained classifier (`classify.classify_events`) names the PLOVER type. A candidate is
kept only when a trigger from `data/triggers.tsv` sits between or just after its actors,
because the classifier always answers and the lexicon is what says an event is there.
Status (occurred, threatened, planned, hypothetical, denied, reported) comes from the
grammar around the trigger; the date is the time expression of the sentence, else the
article's date, flagged.
"""

from __future__ import annotations

import logging
from datetime import date
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from veille.events.classify import EventClassifier, classify_events
from veille.events.features import EventInput, word_tokens, lexicon_hits
from veille.model import Event, Mention, Place, TimeValue

log = logging.getLogger(__name__)

SUBJECT_DEPS = {"nsubj", "nsubj:pass", "csubj"}
AGENT_DEPS = {"obl:agent", "agent"}
TARGET_DEPS = {"obj", "iobj", "obl", "obl:arg", "obl:mod", "nmod", "dobj", "pobj", "dative"}
REPORTING_LEMMAS = {"dire", "déclarer", "affirmer", "indiquer", "annoncer", "estimer",
                    "assurer", "rapporter", "say", "tell", "report", "claim", "announce"}
MODAL_LEMMAS = {"pouvoir", "could", "might", "may"}
PLANNING_LEMMAS = {"devoir", "prévoir", "compter", "aller", "envisager", "plan", "intend"}


def _mentions_in(sent: Span, mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if sent.start_char <= m.start and m.end <= sent.end_char]


def _head(doc: Doc, m: Mention) -> Token | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None else None


def _governing_verb(tok: Token) -> Token:
    """The nearest verb above a token (itself if a verb): the predicate it belongs to."""
    for t in [tok, *tok.ancestors]:
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
    return tok


def _parsed_pairs(doc: Doc, ms: list[Mention]) -> list[tuple[Mention, Mention]]:
    """(source, target) pairs read from the parse: subject/agent → other arguments."""
    heads = {id(m): _head(doc, m) for m in ms}
    pairs = []
    for a, b in combinations(ms, 2):
        ha, hb = heads[id(a)], heads[id(b)]
        if ha is None or hb is None:
            continue
        for src, tgt, hs, ht in ((a, b, ha, hb), (b, a, hb, ha)):
            if _governing_verb(hs) is not _governing_verb(ht) and not (
                    hs.dep_ == "conj" and hs.head is ht) and not (
                    ht.dep_ == "conj" and ht.head is hs):
                continue
            if hs.dep_ in AGENT_DEPS or (hs.dep_ in SUBJECT_DEPS - {"nsubj:pass"}
                                         and ht.dep_ not in SUBJECT_DEPS):
                pairs.append((src, tgt))
            elif hs.dep_ in SUBJECT_DEPS and ht.dep_ == "conj" and ht.head is hs:
                pairs.append((src, tgt))  # "A et B ont tenu des discussions"
    return pairs


def _order_pairs(ms: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Without a parser: each mention with the next two, in reading order."""
    return [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:i + 3]]


def _candidates(doc: Doc, sent: Span, mentions: list[Mention],
                parsed: bool) -> list[tuple[Mention, Mention]]:
    ms = _mentions_in(sent, mentions)
    ms = [m for i, m in enumerate(ms) if not any(
        m.actor and o.actor and m.actor.id == o.actor.id for o in ms[:i])]
    if len(ms) < 2:
        return []
    pairs = _parsed_pairs(doc, ms) if parsed else []
    return pairs or _order_pairs(ms)


def _trigger(sentence: str, x: EventInput) -> tuple[str, int] | None:
    """The first event trigger between the actors or just after them, and its offset."""
    lo = min(x.source[0], x.target[0])
    hi = max(x.source[1], x.target[1])
    window = sentence[lo:hi] + " " + " ".join(sentence[hi:].split()[:6])
    words = word_tokens(window)
    hits = [(i, p) for i, p in lexicon_hits(words, "triggers.tsv", x.language)]
    if not hits:
        return None
    i, p = min(hits, key=lambda h: h[0])
    text = " ".join(words[i:i + len(p.tokens)])
    found = sentence.lower().find(words[i], lo)
    return text, found if found >= 0 else lo


def _status(doc: Doc, at: int, event_type: str, parsed: bool) -> tuple[str, bool]:
    """(status, negated) of the event whose trigger starts at character `at`."""
    tok = next((t for t in doc if t.idx >= at), None)
    if tok is None or not parsed:
        return ("threatened" if event_type == "THREATEN" else "occurred"), False
    verb = _governing_verb(tok)
    negated = any(c.dep_ == "advmod" and c.lower_ in ("pas", "not", "n't", "jamais", "never")
                  for c in verb.children)
    if negated:
        return "denied", True
    above = [verb, *verb.ancestors]
    mood = [m for t in above + [a for a in verb.children if a.dep_.startswith("aux")]
            for m in t.morph.get("Mood")]
    if "Cnd" in mood or any(t.lemma_ in MODAL_LEMMAS for t in above):
        return "hypothetical", False
    if any(t.lemma_ in ("menacer", "threaten") for t in above) or event_type == "THREATEN":
        return "threatened", False
    if "Fut" in verb.morph.get("Tense") or any(t.lemma_ in PLANNING_LEMMAS for t in above):
        return "planned", False
    if any(t.lemma_ in REPORTING_LEMMAS for t in above[1:]):
        return "reported", False
    return "occurred", False


def _nearest(items: list, sent: Span, at: int):
    inside = [i for i in items if sent.start_char <= i.start and i.end <= sent.end_char]
    return min(inside, key=lambda i: abs(i.start - at)) if inside else None


def _date(times: list[TimeValue], sent: Span, at: int,
          published: date | None) -> tuple[TimeValue | None, bool]:
    found = _nearest([t for t in times if t.value], sent, at)
    if found is not None:
        return found, False
    if published is None:
        return None, False
    return TimeValue(start=0, end=0, text="", value=published.isoformat(),
                     granularity="day"), True


def extract_events(doc: Doc, mentions: list[Mention], times: list[TimeValue],
                   places: list[Place], *, published: date | None, language: str,
                   model: EventClassifier | None = None) -> list[Event]:
    """The PLOVER events of an article whose actors, times and places are already found."""
    parsed = doc.has_annotation("DEP")
    cands: list[tuple[Span, Mention, Mention, EventInput]] = []
    for sent in doc.sents:
        for src, tgt in _candidates(doc, sent, mentions, parsed):
            off = sent.start_char
            x = EventInput(sent.text, (src.start - off, src.end - off),
                           (tgt.start - off, tgt.end - off), language)
            cands.append((sent, src, tgt, x))
    kept = [(c, t) for c in cands if (t := _trigger(c[0].text, c[3])) is not None]
    preds = classify_events([c[3] for c, _ in kept], model)
    events = []
    for ((sent, src, tgt, _), (trigger, rel)), pred in zip(kept, preds):
        at = sent.start_char + rel
        status, negated = _status(doc, at, pred.type, parsed)
        when, from_article = _date(times, sent, at, published)
        events.append(Event(
            type=pred.type, sentence=sent.text, start=sent.start_char, end=sent.end_char,
            source=src, target=tgt, status=status, negated=negated, date=when,
            date_from_article=from_article, place=_nearest(places, sent, at),
            trigger=trigger, cameo_root=pred.cameo_root, quad_class=pred.quad_class,
            intensity=pred.intensity, confidence=round(pred.confidence, 3)))
    log.debug("%d candidate pairs, %d events", len(cands), len(events))
    return events
