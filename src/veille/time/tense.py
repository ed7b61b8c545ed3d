"""Which way a bare weekday or month points: the tense of the clause it sits in.

"L'armée a abattu mardi un drone" points back, "des pourparlers doivent se tenir
vendredi" points forward. With a parsed spaCy Doc (French) we climb from the
expression to its governing verb and read its morphology; without one (English
today, or no Doc given) we fall back to the nearest tense cue word in the sentence
(`tense_cues` in the language table).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from veille.nlp import lemma
from veille.time.rules import TimeTable

PAST, UNKNOWN, FUTURE = -1, 0, 1
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[.!?;,:()\n–—]")


def _morph(token: Token, key: str) -> list[str]:
    return token.morph.get(key)


def _verb_direction(verb: Token, governors: frozenset[str],
                    future_auxiliaries: frozenset[str] = frozenset()) -> int | None:
    """Direction read from one verb and its auxiliaries; None means: look further up.
    English marks the future with a modal ("will", "would" of reported speech), not with
    morphology: the language table lists them (`future_auxiliaries`)."""
    auxes = [c for c in verb.children if c.dep_.startswith("aux")]
    if any("Fut" in _morph(a, "Tense") or a.lower_ in future_auxiliaries for a in auxes):
        return FUTURE
    if any(a.dep_ == "aux:tense" for a in auxes):
        return PAST  # passé composé, plus-que-parfait, past conditional
    passive = [a for a in auxes if a.dep_ == "aux:pass"]
    if passive:  # "sont autorisées": the auxiliary carries the tense
        found = _finite_direction(passive[0])
        if found == UNKNOWN and lemma(verb) in governors:
            return FUTURE  # "est prévu samedi", "is scheduled for Monday": what is planned
        return found
    if "Fut" in _morph(verb, "Tense"):
        return FUTURE
    if lemma(verb) in governors and any(c.dep_ == "xcomp" for c in verb.children):
        return FUTURE
    if _is_conditional(verb):
        return UNKNOWN  # news conditional is mostly reportative ("daterait"), not future
    form = _morph(verb, "VerbForm")
    if "Inf" in form:
        head = verb.head
        return FUTURE if head is not verb and lemma(head) in governors else None
    if "Part" in form:
        return None  # an adjectival participle ("prévu en février"): its clause decides
    return _finite_direction(verb)


def _finite_direction(verb: Token) -> int | None:
    tense = _morph(verb, "Tense")
    if "Fut" in tense:
        return FUTURE
    if "Sub" in _morph(verb, "Mood") and "Pres" in tense:
        return FUTURE  # "avant que le bilan soit rendu public lundi": not yet done
    if "Past" in tense or "Imp" in tense:
        return PAST
    if "Pres" in tense:
        return UNKNOWN
    return None


def _is_conditional(verb: Token) -> bool:
    """Conditional mood; fr_core_news_md often tags "choisirait" as an imperfect, so the
    -rait/-raient ending (no imperfect of a French verb ends so) decides as well."""
    if "Cnd" in _morph(verb, "Mood"):
        return True
    return "Imp" in _morph(verb, "Tense") and verb.lower_.endswith(("rait", "raient"))


def direction_from_doc(doc: Doc, start: int, end: int, governors: frozenset[str],
                       future_auxiliaries: frozenset[str] = frozenset(),
                       present: int = UNKNOWN) -> int | None:
    """Tense direction of the clause governing text[start:end], or None if the doc can't say."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    speech = _verb_before(doc, span, governors, future_auxiliaries)
    if speech is not None:
        return speech
    through_verb = False
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            found = _verb_direction(token, governors, future_auxiliaries)
            if found == UNKNOWN and _simple_present(token):
                return present
            if found is not None:
                return found
            through_verb = True
        copula = next((c for c in token.children if c.dep_ == "cop"), None)
        if copula is not None and not through_verb:
            # "sont incertains pour la venue d'Auxerre samedi": the predicate's tense is its
            # copula's, not that of the clause it is joined to (but "élu le 14 juin, est le
            # négociateur": the participle's day is not the copula's present)
            found = _finite_direction(copula)
            if found is not None:
                return found
        if token.head is token:
            break
        token = token.head
    return None


def _simple_present(verb: Token) -> bool:
    """A finite present verb with no auxiliary: "The IAEA board meets on Monday"."""
    return (verb.pos_ == "VERB" and "Pres" in _morph(verb, "Tense")
            and "Fin" in _morph(verb, "VerbForm") and not _is_conditional(verb)
            and not any(c.dep_.startswith("aux") for c in verb.children))


def _verb_before(doc: Doc, span: Span, governors: frozenset[str],
                 future_auxiliaries: frozenset[str]) -> int | None:
    """The direction of the verb right before the expression when the parse hangs the
    expression on that verb's complement clause further on: in "The ministry said on
    Monday it would release the figures" the parser attaches "on Monday" to "release",
    but a time right after a verb of saying, before its clause's subject, is the saying's
    day (the news convention "said on Monday")."""
    if span.start == 0:
        return None
    before = doc[span.start - 1]
    if before.pos_ != "VERB":
        return None
    head = span.root
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
    if head.i < span.end or head.head.i != before.i or head.dep_ not in ("ccomp", "xcomp"):
        return None
    return _verb_direction(before, governors, future_auxiliaries)


def direction_from_cues(text: str, start: int, end: int, table: TimeTable) -> int:
    """Tense direction from the cue word nearest to the expression: in its clause first
    (commas bound it), else in its sentence."""
    for boundary in (_CLAUSE_END, _SENTENCE_END):
        left = max((m.end() for m in boundary.finditer(text, 0, start)), default=0)
        right_match = boundary.search(text, end)
        right = right_match.start() if right_match else len(text)
        found = _nearest_cue(text, start, end, left, right, table)
        if found is not None:
            return found
    return UNKNOWN


def _nearest_cue(text: str, start: int, end: int, left: int, right: int,
                 table: TimeTable) -> int | None:
    best: tuple[int, int] | None = None
    for direction, regex in ((FUTURE, table.future_cue), (PAST, table.past_cue)):
        for m in regex.finditer(text, left, right):
            if start <= m.start() < end:
                continue
            distance = start - m.end() if m.end() <= start else m.start() - end
            if best is None or distance < best[0]:
                best = (distance, direction)
    return best[1] if best else None


def clause_direction(text: str, start: int, end: int, table: TimeTable,
                     doc: Doc | None) -> int:
    """-1 past, +1 future, 0 unknown: how a bare weekday or month at [start, end) points.

    `doc` must be the Doc of `text` itself (the tagger checks) or None.
    """
    if doc is not None and doc.has_annotation("DEP"):
        found = direction_from_doc(doc, start, end, table.future_governors,
                                   table.future_auxiliaries, table.present_direction)
        if found is not None:
            return found
    return direction_from_cues(text, start, end, table)
