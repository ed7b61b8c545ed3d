"""From a frame's raw speaker text to the speaker itself: its span, title, relay and count.

"De son côté, la télévision iranienne" → "la télévision iranienne"; "Vedant Patel,
porte-parole adjoint du département d'État américain," → "Vedant Patel" with that
apposition as a title; "des responsables américains et iraniens cités par le Financial
Times" → the officials, relayed by the Financial Times; "quatre sources" → 4 sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from veille.claims.lexicon import Lexicon, lexicon_regex, phrase_alternation

_BOUNDARY = re.compile(r"\bque\b|\bqu['’]|[:;»\"“”]|\bmais\b|\bet\b(?=\s+(?:il|elle|ils|elles)\b)"
                       r"|\bthat\b|\bbut\b|\bwhile\b|\bwhen\b|\blorsqu['’]", re.IGNORECASE)
#: A comma segment that is an adverbial, not a subject ("Sans conclure à un complot, Sami Aoun, …").
_ADVERBIAL = re.compile(r"^\s*(?:(?i:sans|en|après|avant|pour|dans|lors|malgré|face|depuis|à|au|aux|par|selon|"
                        r"with|after|before|in|on|at|despite)\b|[a-zé]\w+ant\b)")
_RELATIVE = re.compile(r"\s(?:qui|dont|lequel|laquelle|lesquels|who|which)\b.*$", re.IGNORECASE | re.DOTALL)
_DETERMINERS = r"(?:un|une|des|le|la|les|l['’]|ce|cette|ces|du|the|a|an|de\s+nombreux|plusieurs|several|many)"
_FIRST_PERSON = re.compile(r"^(?:je|j['’]|nous|i|we)\b", re.IGNORECASE)
#: Lowercased words that start a span without being a name even when capitalised.
_NOT_NAMES = frozenset("le la les l' un une des de du d' ce cette ces il elle ils elles selon "
                       "d'après mais et bien the a an he she they according de nombreux "
                       "plusieurs m. mme son sa ses leur leurs".split())


@dataclass(slots=True)
class SpeakerSpan:
    """The speaker as written: where it is, its apposition (title), relays and count."""

    start: int
    end: int
    text: str
    apposition: str = ""
    relayed_by: list[str] = field(default_factory=list)
    count: int | None = None
    pronoun: bool = False


@lru_cache(maxsize=8)
def _openers(language: str) -> re.Pattern[str]:
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    alts = phrase_alternation(lex.list("subject_openers") + days)
    return re.compile(rf"^\s*(?:(?:{alts})(?![\w-])[\s,]*)+", re.IGNORECASE)


def strip_openers(text: str, lex: Lexicon) -> int:
    """How many leading characters of `text` are clause openers ("De son côté, ", "Bien qu'")."""
    m = _openers(lex.language).match(text)
    return m.end() if m else 0


def trim_subject(raw: str, lex: Lexicon) -> tuple[int, int, str]:
    """(start, end, apposition) of the speaker inside the clause text before a verb."""
    ends_with_comma = raw.rstrip().endswith(",")
    commas = [i for i, c in enumerate(raw.rstrip()) if c == ","]
    limit = commas[-2] if ends_with_comma and len(commas) >= 2 else len(raw)
    cut = max((m.end() for m in _BOUNDARY.finditer(raw, 0, limit)), default=0)
    segs = [(m.start() + cut, m.end() + cut) for m in re.finditer(r"[^,]+", raw[cut:])]
    segs = [(s, e) for s, e in segs if raw[s:e].strip()]
    if not segs:
        return 0, 0, ""
    apposition = ""
    start, end = segs[-1]
    if ends_with_comma and len(segs) > 1:  # "Vedant Patel, porte-parole …, a déclaré"
        first = next((i for i, (s, e) in enumerate(segs)
                      if strip_openers(raw[s:e] + " ", lex) < e - s and not _ADVERBIAL.match(raw[s:e])),
                     len(segs) - 1)
        start, end = segs[first]
        apposition = ", ".join(raw[s:e].strip() for s, e in segs[first + 1:])
    elif raw[start:end].strip().lower().startswith(("qui ", "dont ", "who ", "which ")) and len(segs) > 1:
        start, end = segs[-2]
    start += strip_openers(raw[start:end], lex)
    rel = _RELATIVE.search(raw[start:end])
    if rel and rel.start() > 0:
        end = start + rel.start()
    span = raw[start:end]
    if _FIRST_PERSON.match(span.strip()):  # "J'ai entendu des militants dire…" → the militants
        np = _last_np(span)
        if np is not None:
            start += np
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1] in " ,\n\t":
        end -= 1
    return start, end, apposition


def _last_np(span: str) -> int | None:
    """Start of the last determiner-led noun phrase in `span` ("…avec un analyste" → "un analyste")."""
    best = None
    for m in re.finditer(rf"(?:^|\s)({_DETERMINERS})\s+\S", span, re.IGNORECASE):
        best = m.start(1)
    return best


def strip_fillers(text: str, lex: Lexicon) -> int:
    """How many leading characters of an inverted speaker are fillers ("mardi aux journalistes ")."""
    fillers = {w.lower() for w in lex.list("incise_fillers")}
    pos = 0
    for m in re.finditer(r"\S+\s*", text):
        word = m.group().strip().lower().strip(",")
        if word not in fillers:
            break
        pos = m.end()
    return pos


@lru_cache(maxsize=8)
def _relay_pattern(language: str) -> re.Pattern[str]:
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    markers = phrase_alternation([m for m in lex.list("source_prepositions") if "cit" in m or "quot" in m]
                                 + ["cité par", "cités par", "citée par", "citées par", "quoted by", "cited by"])
    return re.compile(rf"\s*,?\s*(?:{markers})\s+(?P<relay>.+)$", re.IGNORECASE)


def split_relay(text: str, lex: Lexicon) -> tuple[int, list[str]]:
    """Where the speaker proper ends, and the outlets relaying it ("… cités par le Financial Times")."""
    m = _relay_pattern(lex.language).search(text)
    relays: list[str] = []
    end = len(text)
    if m:
        relays.append(m.group("relay").strip())
        end = m.start()
    media = lexicon_regex(lex.language, "media_words")
    own = re.search(r"\s(?:du|de\s+la|de\s+l['’]|d['’]|of|from)\s*(?P<outlet>.+)$", text[:end])
    if own and media.search(own.group("outlet")) and _has_capital(own.group("outlet")):
        relays.insert(0, own.group("outlet").strip())
    return end, relays


def _has_capital(text: str) -> bool:
    return any(w[:1].isupper() for w in text.split())


def has_proper_name(text: str) -> bool:
    """Whether a speaker span holds a capitalised word that is not a sentence-initial determiner."""
    words = [w.strip(",.;:()") for w in text.split()]
    for i, word in enumerate(words):
        if not word[:1].isupper():
            continue
        low = word.lower().replace("’", "'")
        if low in _NOT_NAMES or (low[:2] in ("l'", "d'") and i == 0 and not word[2:3].isupper()):
            continue
        return True
    return False


def source_count(text: str, lex: Lexicon) -> int | None:
    """How many sources a description counts: "quatre sources" → 4, "deux des sources" → 2."""
    numbers = {str(k).lower(): int(v) for k, v in lex.raw.get("number_words", {}).items()}
    m = re.match(r"^\s*(?:les\s+|the\s+)?(?P<n>\d+|[^\W\d]+)\s+(?:des\s+|of\s+)?\w", text, re.IGNORECASE)
    if not m:
        return None
    word = m.group("n").lower()
    if word.isdigit():
        return int(word)
    value = numbers.get(word)
    return value if value is not None and value < 100 else None
