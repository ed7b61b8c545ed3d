"""Turning a frame's speaker span into a resolved speaker: pronouns, relays, titles, class.

"Il a souligné que…" rests on the previous speaker that agrees in gender and number;
"a déclaré au journal" is relayed by the last outlet the article named; a name given an
official title anywhere in the article ("Vedant Patel, porte-parole…") stays official
when it comes back alone ("Patel a ajouté…").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from veille.claims.frames import Frame
from veille.claims.lexicon import Lexicon, lexicon_regex, phrase_alternation
from veille.claims.sourcing import SourceClass, classify_actor, classify_words
from veille.claims.speakers import has_proper_name, source_count, split_relay, strip_fillers, trim_subject
from veille.model import Mention
from veille.nlp import doc_text

_PRONOUN_FEATURES: dict[str, tuple[str | None, str]] = {
    "il": ("Masc", "Sing"), "elle": ("Fem", "Sing"), "ils": (None, "Plur"), "elles": ("Fem", "Plur"),
    "on": (None, "Sing"), "lui": ("Masc", "Sing"), "he": (None, "Sing"), "she": (None, "Sing"),
    "they": (None, "Plur"), "him": (None, "Sing"), "her": (None, "Sing"), "them": (None, "Plur"),
}
_APPOSED_NAME = re.compile(r",\s*(?P<name>[A-ZÉÈ][\w'’-]+(?:\s+[A-ZÉÈ][\w'’-]+){1,3})\s*(?=[,.;]|$)")
_FIRST_PERSON = frozenset({"je", "j'", "j’", "nous", "i", "we"})
_TIME_WORDS = re.compile(
    r"\b(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)(?:\s+(?:dernier|prochain|soir|matin|last))?|hier|aujourd['’]hui|yesterday|today|"
    r"cette semaine|this week|last week|la semaine dernière)\b", re.IGNORECASE)


@dataclass(slots=True)
class Speaker:
    """A resolved speaker: text and offsets of the name the claim rests on, and its class."""

    text: str | None
    start: int | None
    end: int | None
    source: SourceClass
    relayed_by: list[str] = field(default_factory=list)
    count: int | None = None
    mention: Mention | None = None
    gender: str | None = None
    number: str | None = None


@dataclass(slots=True)
class DocContext:
    """What speaker resolution remembers while reading one article.

    `Doc.text`, `Doc.sents`, `Doc.ents` and `Doc.has_annotation` each walk the whole doc
    on every access, so they are read once here.
    """

    doc: Doc
    lex: Lexicon
    mentions: Sequence[Mention]
    official_names: set[str]
    sentences: list[tuple[int, int]] = field(default_factory=list)
    recent: list[Speaker] = field(default_factory=list)
    text: str = ""
    has_morph: bool = False
    has_dep: bool = False
    people: list[tuple[int, int]] = field(default_factory=list)
    _parsed_sents: list[Span] | None = None

    @classmethod
    def of(cls, doc: Doc, lex: Lexicon, mentions: Sequence[Mention], sentences: list[tuple[int, int]]) -> DocContext:
        text = doc_text(doc)
        return cls(doc=doc, lex=lex, mentions=mentions, official_names=official_names(text, lex),
                   sentences=sentences, text=text, has_morph=doc.has_annotation("MORPH"),
                   has_dep=doc.has_annotation("DEP"),
                   people=[(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("PER", "PERSON")])

    def parsed_sents(self) -> list[Span]:
        if self._parsed_sents is None:
            self._parsed_sents = list(self.doc.sents)
        return self._parsed_sents


@lru_cache(maxsize=8)
def _title_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    from veille.claims.lexicon import load_lexicon

    titles = phrase_alternation(load_lexicon(language).list("official_words"))
    name = r"(?P<name>[A-ZÉÈ][\w'’-]+(?:\s+(?:al-|el-|de\s+|ben\s+)?[A-ZÉÈ][\w'’-]+){0,3})"
    before = re.compile(rf"(?<![\w-])(?i:{titles})(?![\w-])(?:\s+[\w'’-]+){{0,4}}?\s+{name}")
    after = re.compile(rf"{name},\s+(?:[\w'’-]+\s+){{0,2}}(?i:{titles})(?![\w-])")
    return before, after


def official_names(text: str, lex: Lexicon) -> set[str]:
    """Surnames the article gives an official title to ("le président Mohamed Morsi" → morsi)."""
    names: set[str] = set()
    for pattern in _title_patterns(lex.language):
        for m in pattern.finditer(text):
            if m.group("name")[:1].isupper():
                names.update(w.lower() for w in m.group("name").split() if w[:1].isupper())
    return names


def _features(ctx: DocContext, start: int, end: int) -> tuple[str | None, str | None]:
    """Gender and number of a span's head, from spaCy's morphology when there is some."""
    if not ctx.has_morph:
        return None, None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, None
    for token in span:
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            gender, number = token.morph.get("Gender"), token.morph.get("Number")
            return (gender[0] if gender else None), (number[0] if number else None)
    return None, None


def _agrees(pronoun: str, speaker: Speaker) -> bool:
    want_gender, want_number = _PRONOUN_FEATURES.get(pronoun.lower(), (None, "Sing"))
    if speaker.number and want_number and speaker.number != want_number:
        return False
    return not (want_gender and speaker.gender and speaker.gender != want_gender)


def _previous_subject(ctx: DocContext, before: int, pronoun: str) -> Speaker | None:
    """The subject of the sentence before `before`, when the parse has one that agrees."""
    if not ctx.has_dep:
        return None
    sents = [s for s in ctx.parsed_sents() if s.end_char <= before]
    for sent in reversed(sents[-2:]):
        for token in sent:
            if token.dep_.startswith("nsubj") and token.pos_ in ("NOUN", "PROPN"):
                whole = ctx.doc[token.left_edge.i:token.right_edge.i + 1]
                if len(whole) > 8 or "," in whole.text:
                    whole = ctx.doc[token.left_edge.i:token.i + 1]
                cand = describe(ctx, whole.start_char, whole.end_char, "")
                if _agrees(pronoun, cand):
                    return cand
    return None


def resolve_pronoun(ctx: DocContext, pronoun: str, at: int) -> Speaker:
    """The antecedent of a subject pronoun.

    A speaker in the same or the previous sentence wins ("Bien qu'un responsable ait
    déclaré…, il a suggéré"); then the subject of the sentence before ("M. Morsi a
    remercié… Il a promis"); then the last speaker that agrees.
    """
    starts = [s for s, _ in ctx.sentences if s <= at]
    sent_start = starts[-1] if starts else 0
    near = starts[-2] if len(starts) > 1 else sent_start
    for cand in reversed(ctx.recent[-4:]):
        if cand.text and cand.start is not None and cand.start >= near and _agrees(pronoun, cand):
            return cand
    subject = _previous_subject(ctx, sent_start + 1, pronoun)
    if subject is not None:
        return subject
    for cand in reversed(ctx.recent[-4:]):
        if cand.text and _agrees(pronoun, cand):
            return cand
    return Speaker(text=pronoun, start=None, end=None, source=SourceClass("unattributed"))


def describe(ctx: DocContext, start: int, end: int, title: str) -> Speaker:
    """A speaker for the span text[start:end]: its relays, count, mention and sourcing class."""
    text = ctx.text
    relay_cut, relays = split_relay(text[start:end], ctx.lex)
    end = start + relay_cut
    while end > start and text[end - 1] in " ,":
        end -= 1
    start, end, title = _person_inside(ctx, start, end, title)
    words = text[start:end]
    if _head_is_not_speaker(words, ctx.lex):
        return Speaker(text=None, start=None, end=None, source=SourceClass("unattributed"))
    mention = _mention_for(ctx.mentions, start, end)
    source = _combined_class(ctx, words, title, mention)
    if source.sourcing == "anonymous" and mention is not None and mention.actor is not None \
            and mention.actor.kind != "anonymous_source":
        mention = None  # "une source du Financial Times": the outlet relays, it does not speak
    count = source_count(words, ctx.lex) if source.sourcing == "anonymous" else None
    gender, number = _features(ctx, start, end)
    if number is None:
        number = "Plur" if (count or 0) > 1 or re.match(r"(?i)(les|des|de nombreux|plusieurs)\s", words) else None
    if mention is None:
        mention = Mention(start=start, end=end, text=words, actor=None, label=source.kind, method="claims")
    return Speaker(text=words, start=start, end=end, source=source, relayed_by=relays, count=count,
                   mention=mention, gender=gender, number=number)


def _person_inside(ctx: DocContext, start: int, end: int, title: str) -> tuple[int, int, str]:
    """Narrow "le porte-parole de l'armée, Ahmed Ali" to the person's name, the rest becoming the title."""
    text = ctx.text
    people = [(s, e) for s, e in ctx.people if start <= s and e <= end
              and not re.search(r"(?:\bde|\bdu|\bd['’]|\bof)\s*$", text[start:s])]
    if not people or (len(people) == 1 and people[0] == (start, end)):
        return start, end, title
    p_start, p_end = max(people, key=lambda p: p[1] - p[0])
    if len(text[p_start:p_end].split()) < 2 and p_start != start:
        return start, end, title
    rest = (text[start:p_start] + " " + text[p_end:end]).strip(" ,")
    return p_start, p_end, (title + " " + rest).strip()


def _combined_class(ctx: DocContext, words: str, title: str, mention: Mention | None) -> SourceClass:
    """The resolver's actor decides the kind, the words decide anonymity and office.

    "des militants" resolved to a generic armed group is still an anonymous source, and
    "une source du Financial Times" is anonymous even though the outlet was resolved;
    a person the article titled ("Patel" after "Vedant Patel, porte-parole…") is official.
    """
    by_words = classify_words(words, title, ctx.lex, official_names=ctx.official_names)
    if mention is None or mention.actor is None:
        return by_words
    by_actor = classify_actor(mention.actor, title + " " + words, ctx.lex)
    if by_words.sourcing == "anonymous" and by_actor.sourcing != "anonymous":
        return SourceClass("anonymous", "anonymous_source", by_words.country or by_actor.country)
    if by_actor.sourcing == "named_other" and by_words.sourcing == "named_official":
        return SourceClass("named_official", by_actor.kind, by_actor.country or by_words.country)
    return SourceClass(by_actor.sourcing, by_actor.kind, by_actor.country or by_words.country)


def _head_is_not_speaker(words: str, lex: Lexicon) -> bool:
    """Whether a subject is a thing, not a speaker ("Le silence de la Maison-Blanche laisse entendre")."""
    heads = {w.lower() for w in lex.list("non_speaker_heads")}
    tokens = re.findall(r"[\w-]+", words.lower())
    tokens = [t for t in tokens if t not in ("le", "la", "les", "l", "un", "une", "des", "the", "a", "an")]
    return bool(tokens) and tokens[0] in heads


#: Share of the speaker span a resolver mention must cover to name the speaker: in
#: "un responsable américain" the mention "américain" (USA) is not who speaks.
MENTION_COVER = 0.6


def _mention_for(mentions: Sequence[Mention], start: int, end: int) -> Mention | None:
    """The resolver's mention that names the speaker span, if any."""
    best, best_overlap = None, 0
    for mention in mentions:
        overlap = min(end, mention.end) - max(start, mention.start)
        if overlap > best_overlap:
            best, best_overlap = mention, overlap
    if best is None:
        return None
    kind = best.actor.kind if best.actor is not None else None
    if best_overlap / max(1, end - start) >= MENTION_COVER or kind in ("anonymous_source", "media"):
        return best
    return None


def frame_speaker(ctx: DocContext, frame: Frame) -> Speaker:
    """Resolve who speaks in a frame."""
    text = ctx.text
    if frame.pronoun == "on":
        return Speaker(text=None, start=None, end=None, source=SourceClass("unattributed"))
    if frame.pronoun:
        return resolve_pronoun(ctx, frame.pronoun, frame.verb_start)
    if frame.speaker_start is None or frame.speaker_end is None:
        return Speaker(text=None, start=None, end=None, source=SourceClass("unattributed"))
    start, end, title = _speaker_bounds(ctx, frame)
    words = text[start:end].strip()
    if not words:
        return Speaker(text=None, start=None, end=None, source=SourceClass("unattributed"))
    if words.lower() in _FIRST_PERSON or words.lower() == "on":  # the author, or "on dit": no source
        return Speaker(text=None, start=None, end=None, source=SourceClass("unattributed"))
    if words.lower() in _PRONOUN_FEATURES or words.lower() in ("selon lui", "selon elle"):
        return resolve_pronoun(ctx, words.split()[-1], frame.verb_start)
    if words.lower() in ("lui", "elle", "eux"):
        return resolve_pronoun(ctx, words, frame.verb_start)
    return describe(ctx, start, end, title)


def _speaker_bounds(ctx: DocContext, frame: Frame) -> tuple[int, int, str]:
    """Character bounds of the speaker proper inside the frame's raw speaker span."""
    text, lex = ctx.text, ctx.lex
    raw_start, raw_end = frame.speaker_start or 0, frame.speaker_end or 0
    raw = text[raw_start:raw_end]
    if frame.shape == "subject":
        s, e, title = trim_subject(raw, lex)
        return raw_start + s, raw_start + e, title
    skip = strip_fillers(raw, lex) if frame.shape in ("incise", "quote") else 0
    span = raw[skip:]
    rel = re.search(r"\s(?:qui|dont|who|which)\b|,", span)
    end = skip + (rel.start() if rel else len(span.rstrip(" .")))
    title = span[rel.end():].strip() if rel and span[rel.start()] == "," else ""
    named = _APPOSED_NAME.match(text, raw_start + end)
    head = re.split(r"\s(?:de|du|des|d['’]|of)\s", raw[skip:end])[0]
    if frame.shape in ("incise", "quote") and named and not has_proper_name(head):
        # "…, a déclaré un responsable de la campagne, Mahmoud Barakeh." → the name speaks
        return named.start("name"), named.end("name"), raw[skip:end]
    return raw_start + skip, raw_start + end, title


def post_relays_and_date(ctx: DocContext, post: str, before: int) -> tuple[list[str], str | None]:
    """Relays and date written between the verb and its content ("au journal", "lundi dernier")."""
    date = _TIME_WORDS.search(post)
    media = lexicon_regex(ctx.lex.language, "media_words")
    relays: list[str] = []
    m = media.search(post)
    if m and re.search(r"(?i)\b(?:au|à|aux|to|told)\b", post[:m.start()] + " "):
        outlet = post[m.start():].strip()
        if not outlet[:1].isupper():
            outlet = last_outlet(ctx, before) or outlet
        relays.append(outlet)
    return relays, (date.group() if date else None)


def last_outlet(ctx: DocContext, before: int) -> str | None:
    """The last capitalised outlet named before `before` ("au journal" → "Financial Times")."""
    media = lexicon_regex(ctx.lex.language, "media_words")
    best = None
    for m in media.finditer(ctx.text, 0, before):
        word = m.group()
        if word[:1].isupper():
            best = word
    return best
