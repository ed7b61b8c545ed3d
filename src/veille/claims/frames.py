"""Reporting frames: where a sentence says "X said Y", before anyone decides who X is.

A frame is the raw shape of one reported statement: the reporting verb, the text span
where the speaker is written, the span of what was said. Three shapes are read, the
ones news prose uses (French and English alike):

- source preposition: "Selon X, Y." / "Y, selon X." / "according to X";
- speaker before the verb: "X a déclaré (lundi) que Y" / "X said Y";
- inverted incise: "Y, ont déclaré quatre sources." / "Y, a-t-il dit." / "Y, officials said."

Direct quotes spanning several sentences are read in `quotes.py`. Resolving the speaker
(pronouns, appositions, relays, anonymity) is `speakers.py`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from veille.claims.lexicon import Lexicon, phrase_alternation

#: Determiners that turn a verb form into a noun ("la menace de", "une annonce que").
_NOUN_DETERMINERS = frozenset("la le les l' l’ une un des cette ce ces sa son ses leur leurs the a an".split())
#: Words before a bare participle that make it passive ("ce qui n'est pas dit").
_PASSIVE_BEFORE = frozenset("est sont été être était étaient pas is are was were been be".split())
_QUE = re.compile(r"\bque\b|\bqu['’]|\bthat\b", re.IGNORECASE)
_CLOSING_QUOTES = ("»", '"', "”")
_PRONOUN_AFTER = r"(?P<pron>il|elle|ils|elles|on)"


@dataclass(slots=True)
class Frame:
    """One reported statement inside a sentence; offsets are into the document text."""

    verb: str
    verb_start: int
    verb_end: int
    shape: str  # "source", "subject", "incise", "quote"
    content_start: int
    content_end: int
    speaker_start: int | None = None
    speaker_end: int | None = None
    pronoun: str | None = None
    direct: bool = False
    post: str = ""  # words between verb and content ("lundi dernier", "au journal")
    clause_start: int = 0
    relays: list[tuple[int, int]] = field(default_factory=list)  # outlet spans relaying this claim


@dataclass(slots=True)
class FramePatterns:
    """The compiled regexes of one lexicon."""

    source_start: re.Pattern[str]
    source_end: re.Pattern[str]
    subject: re.Pattern[str]
    incise: re.Pattern[str]
    incise_before: re.Pattern[str]
    verb_only: re.Pattern[str]
    subject_bare: re.Pattern[str] | None  # English drops "that": "the government said Taliban…"


@lru_cache(maxsize=8)
def frame_patterns(language: str) -> FramePatterns:
    """Regexes for the three frame shapes, built from the lexicon of `language`."""
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    verbs = phrase_alternation(lex.verb_forms)
    aux = phrase_alternation(lex.auxiliaries)
    preps = phrase_alternation(lex.list("source_prepositions"))
    comps = "|".join(re.escape(c).replace("'", "['’]") + (r"\b" if c[-1].isalpha() else "")
                     for c in lex.list("complementizers"))
    adv = adverb_pattern(lex)
    flags = re.IGNORECASE
    return FramePatterns(
        source_start=re.compile(rf"^(?P<lead>[^,]{{0,40}}?,\s*)?(?P<prep>{preps})\s+(?P<spk>[^,;]{{2,160}}?)\s*,\s*(?=\S)", flags),
        source_end=re.compile(rf",\s*(?P<prep>{preps})\s+(?P<spk>[^,;.]{{2,160}}?)\s*(?=[,.;]|$)", flags),
        subject=re.compile(
            rf"(?<![\w'’-])(?:(?P<aux>{aux})\s+(?:(?:ne\s+|n['’])?{adv}\s+){{0,2}})?(?P<verb>{verbs})(?![\w-])"
            rf"(?P<post>[^.;:!?«»\"“”]{{0,60}}?)\s*(?P<comp>{comps})", flags),
        subject_bare=None if lex.complementizer_required else re.compile(
            rf"(?<![\w'’-])(?:(?P<aux>{aux})\s+(?:{adv}\s+){{0,2}})?(?P<verb>{verbs})(?![\w-])"
            rf"(?P<post>)(?P<comp>)(?=\s+\w)", flags),
        incise=re.compile(
            rf",\s*(?:(?P<aux1>{aux})-t-{_PRONOUN_AFTER}\s+(?P<verb1>{verbs})"
            rf"|(?P<verb2>{verbs})-(?:t-)?(?P<pron2>il|elle|ils|elles|on)"
            rf"|(?:(?P<aux3>{aux})\s+(?:{adv}\s+)?)?(?:s['’]|se\s+)?(?P<verb3>{verbs})\s+(?P<spk>(?!que\b|qu['’]|that\b)(?:M\.|Mme\.|Dr\.|[^,.;!?«»\"“”]){{2,120}}))"
            rf"(?=[,.;!?]|\s|$)", flags),
        incise_before=re.compile(
            rf",\s*(?P<spk>[^,;:«»\"“”]{{2,80}}?)\s+(?:(?P<aux>{aux})\s+)?(?P<verb>{verbs})(?P<tail>(?:\s+[\w'’]+){{0,3}})[.!]?\s*$", flags),
        verb_only=re.compile(rf"(?<![\w'’-])(?:{verbs})(?![\w-])", flags),
    )


def adverb_pattern(lex: Lexicon) -> str:
    """Adverbs allowed between an auxiliary and its participle ("a pour sa part déclaré")."""
    return rf"(?:\w+ment|{phrase_alternation(lex.list('aux_adverbs'))})"


def _previous_word(text: str, pos: int) -> str:
    words = text[:pos].split()
    return words[-1].lower() if words else ""


def subject_frames(sent: str, base: int, lex: Lexicon, pats: FramePatterns) -> list[Frame]:
    """'X a déclaré que Y' frames; the speaker span is the clause text before the verb."""
    frames = []
    pos = 0
    while (m := pats.subject.search(sent, pos)) is not None:
        pos = m.end("verb")
        inner = pats.verb_only.search(m.group("post"))
        if inner is not None:  # "insiste sur le décret, affirme que": the later verb introduces Y
            pos = m.start("post") + inner.start()
            continue
        frame = _subject_frame(m, sent, base, lex)
        if frame is not None:
            frames.append(frame)
            pos = max(pos, m.end())
    if not frames and pats.subject_bare is not None:
        for m in pats.subject_bare.finditer(sent):
            frame = _subject_frame(m, sent, base, lex)
            if frame is not None:
                frames.append(frame)
    return frames


def _subject_frame(m: re.Match[str], sent: str, base: int, lex: Lexicon) -> Frame | None:
    verb = " ".join(m.group("verb").lower().split())
    comp = (m.group("comp") or "").lower()
    has_aux = m.group("aux") is not None
    if verb in lex.needs_aux and not has_aux:
        return None
    if verb in lex.incise_only and not has_aux:
        return None
    if not has_aux and _previous_word(sent, m.start("verb")) in _NOUN_DETERMINERS | _PASSIVE_BEFORE:
        return None
    if lex.complementizer_required and not has_aux \
            and not lex.comp_is("clause_complementizers", comp):
        return None
    if comp and lex.comp_is("object_complementizers", comp) \
            and lex.stance(verb) in ("assert", "confirm", "report"):
        return None
    if verb in lex.quote_only and not lex.comp_is("quote_only_complementizers", comp):
        return None
    if comp == "to" and "infinitive_stances" in lex.raw \
            and lex.stance(verb) not in lex.list("infinitive_stances"):
        return None
    if not comp:
        content_start = m.end("verb")
    elif lex.comp_is("infinitive_complementizers", comp):
        content_start = m.start("comp")
    elif lex.comp_is("object_complementizers", comp):  # "a menacé l'Iran de représailles": the object is part of what was said
        content_start = m.end("verb")
    else:
        content_start = m.end("comp")
    return Frame(
        verb=m.group("verb"), verb_start=base + m.start("verb"), verb_end=base + m.end("verb"),
        shape="subject", content_start=base + content_start, content_end=base + len(sent),
        speaker_start=base, speaker_end=base + (m.start("aux") if has_aux else m.start("verb")),
        post=m.group("post").strip())


def source_frames(sent: str, base: int, lex: Lexicon, pats: FramePatterns) -> list[Frame]:
    """'Selon X, Y.' and 'Y, selon X.' frames."""
    frames = []
    m = pats.source_start.search(sent)
    if m:
        frames.append(Frame(
            verb=m.group("prep"), verb_start=base + m.start("prep"), verb_end=base + m.end("prep"),
            shape="source", content_start=base + m.end(), content_end=base + len(sent),
            speaker_start=base + m.start("spk"), speaker_end=base + m.end("spk")))
    for m in pats.source_end.finditer(sent):
        if frames and base + m.start("prep") == frames[0].verb_start:
            continue
        frames.append(Frame(
            verb=m.group("prep"), verb_start=base + m.start("prep"), verb_end=base + m.end("prep"),
            shape="source", content_start=base, content_end=base + m.start(),
            speaker_start=base + m.start("spk"), speaker_end=base + m.end("spk")))
    return frames


def incise_frames(sent: str, base: int, lex: Lexicon, pats: FramePatterns) -> list[Frame]:
    """'Y, a déclaré X.' / 'Y, a-t-il dit.' / 'Y, officials said.' frames."""
    frames = []
    for m in pats.incise.finditer(sent):
        verb_group = next(g for g in ("verb1", "verb2", "verb3") if m.group(g))
        verb = " ".join(m.group(verb_group).lower().split())
        pron = m.group("pron") or m.group("pron2")
        if verb_group == "verb3":
            if verb in lex.needs_aux and not m.group("aux3"):
                continue
            if not looks_like_speaker(m.group("spk"), lex) or _QUE.search(m.group("spk")):
                continue
            if verb in lex.quote_only and not sent[:m.start()].rstrip().endswith(_CLOSING_QUOTES):
                continue  # ", a appelé à un transfert": an appeal, not an inverted speaker
        frame = Frame(
            verb=m.group(verb_group), verb_start=base + m.start(verb_group), verb_end=base + m.end(verb_group),
            shape="incise", content_start=base, content_end=base + m.start(), pronoun=pron)
        if not pron:
            frame.speaker_start, frame.speaker_end = base + m.start("spk"), base + m.end("spk")
        frames.append(frame)
    if not frames and lex.flag("speaker_before_incise_verb"):
        m = pats.incise_before.search(sent)
        fillers = {w.lower() for w in lex.list("incise_fillers")}
        # after "told", a named addressee may close the sentence: "…, two underwriters told Reuters."
        named_ok = m is not None and m.group("verb").lower() in {v.lower() for v in lex.list("addressee_verbs")}
        if m and len(m.group("spk").split()) <= 8 and all(
                w.lower() in fillers or (named_ok and w[:1].isupper()) for w in m.group("tail").split()):
            frames.append(Frame(
                verb=m.group("verb"), verb_start=base + m.start("verb"), verb_end=base + m.end("verb"),
                shape="incise", content_start=base, content_end=base + m.start(),
                speaker_start=base + m.start("spk"), speaker_end=base + m.end("spk")))
    return frames


def looks_like_speaker(span: str, lex: Lexicon) -> bool:
    """Whether the words after an inverted verb start a noun phrase (a speaker), not an object."""
    fillers = {w.lower() for w in lex.list("incise_fillers")}
    words = span.split()
    while words and words[0].lower().strip(",") in fillers:
        words = words[1:]
    if not words:
        return False
    first = words[0]
    starters = {"le", "la", "les", "l'", "l’", "un", "une", "des", "deux", "trois", "quatre",
                "cinq", "plusieurs", "m.", "mme", "ce", "cette", "ces", "son", "sa", "ses",
                "leur", "the", "a", "an", "two", "three", "four", "several", "officials",
                "sources", "de", "d'", "d’", "notre", "nos"}
    low = first.lower()
    return first[:1].isupper() or low in starters or low.startswith(("l'", "l’", "d'", "d’")) or low.isdigit()


def sentence_frames(sent: str, base: int, lex: Lexicon) -> list[Frame]:
    """Every frame of one sentence, one per reporting verb, in text order."""
    pats = frame_patterns(lex.language)
    frames = source_frames(sent, base, lex, pats) + incise_frames(sent, base, lex, pats)
    taken = {f.verb_start for f in frames}
    for frame in subject_frames(sent, base, lex, pats):
        if frame.verb_start not in taken and not any(f.shape == "incise" and f.verb_start <= frame.verb_start < f.verb_end + 2 for f in frames):
            frames.append(frame)
    frames.sort(key=lambda f: f.verb_start)
    return frames
