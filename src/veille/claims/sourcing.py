"""Which kind of source a claim rests on: named official, named other, anonymous, media relay,
or nothing at all (unattributed).

The resolved actor decides when the actors resolver found one (a state or a ministry is
official, an outlet is a relay); otherwise the speaker's words do: an outlet noun or name,
an institution, a country, a proper name with or without an official title, an
anonymous description ("quatre sources", "un responsable américain").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from veille.claims.lexicon import Lexicon, words_regex
from veille.claims.speakers import has_proper_name
from veille.model import Actor

SOURCING_CLASSES: tuple[str, ...] = ("named_official", "named_other", "anonymous", "media_relay", "unattributed")
#: The coarse class of the `annotate` contract's sample, for readers that want three values.
COARSE_CLASS: dict[str, str] = {
    "named_official": "named", "named_other": "named", "anonymous": "anonymous",
    "media_relay": "media", "unattributed": "unattributed",
}
_OFFICIAL_KINDS = frozenset({"state", "government", "military", "igo"})
_OFFICIAL_SECTORS = frozenset({"government", "military", "diplomacy", "judiciary", "legislature", "igo"})
_POSSESSIVE = re.compile(r"^\s*(?:sa|son|ses|leur|leurs|his|her|their|its)\s", re.IGNORECASE)
_JOURNALIST = re.compile(r"\b(?:journaliste|correspondant|correspondante|reporter|journalist|correspondent)s?\b",
                         re.IGNORECASE)


@dataclass(slots=True)
class SourceClass:
    """The sourcing class of a speaker, with the kind and country read from its words."""

    sourcing: str
    kind: str | None = None
    country: str | None = None


@dataclass(slots=True)
class _Patterns:
    media: re.Pattern[str]
    institutions: re.Pattern[str]
    officials: re.Pattern[str]
    anonymous: re.Pattern[str]
    vague: re.Pattern[str]
    documents: re.Pattern[str]
    countries: list[tuple[str, re.Pattern[str]]]
    country_names: re.Pattern[str]


@lru_cache(maxsize=8)
def _patterns(language: str) -> _Patterns:
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    countries = lex.raw.get("countries", {})
    names = [n for code, forms in countries.items() for n in forms if n[:1].isalpha() and not n.endswith(("ien", "ienne", "iens", "iennes", "ais", "aise", "ain", "aine", "ains", "aines", "an", "ans", "i", "ish", "ese"))]
    return _Patterns(
        media=words_regex(lex.list("media_words")),
        institutions=words_regex(lex.list("official_institutions")),
        officials=words_regex(lex.list("official_words")),
        anonymous=words_regex(lex.list("anonymous_heads")),
        vague=words_regex(lex.list("vague_sources")),
        documents=words_regex(lex.list("official_documents")),
        countries=[(str(code), words_regex([str(f) for f in forms])) for code, forms in countries.items()],
        country_names=words_regex(names),
    )


def speaker_country(text: str, lex: Lexicon) -> str | None:
    """The ISO alpha-3 code a speaker's words point to ("un responsable américain" → USA)."""
    best: tuple[int, str] | None = None
    for code, pattern in _patterns(lex.language).countries:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), code)
    return best[1] if best else None


def _head_words(text: str, n: int = 4) -> str:
    """The first words of a span after its determiner and count: where its head noun sits."""
    words = re.sub(r"^\s*(?:les|le|la|l['’]|un|une|des|de\s+nombreux|plusieurs|the|a|an|several|many)\s+", "",
                   text, flags=re.IGNORECASE).split()
    return " ".join(words[:n])


def _without_nationality(head: str, pats: _Patterns) -> str:
    """'US officials' → 'officials': English puts the nationality before the noun."""
    for _, pattern in pats.countries:
        m = pattern.match(head)
        if m:
            return head[m.end():].strip()
    return head


def classify_actor(actor: Actor, title: str, lex: Lexicon) -> SourceClass:
    """Sourcing class from a resolved actor (the actors resolver's answer wins over words)."""
    if actor.kind == "media":
        return SourceClass("media_relay", "media", actor.country)
    if actor.kind == "anonymous_source":
        return SourceClass("anonymous", "anonymous_source", actor.country)
    if actor.kind in _OFFICIAL_KINDS:
        return SourceClass("named_official", actor.kind, actor.country)
    if actor.kind == "person":
        official = actor.sector in _OFFICIAL_SECTORS or bool(_patterns(lex.language).officials.search(title))
        return SourceClass("named_official" if official else "named_other", "person", actor.country)
    return SourceClass("named_other", actor.kind, actor.country)


def classify_words(text: str, title: str, lex: Lexicon, *, has_name: bool | None = None,
                   official_names: Iterable[str] = ()) -> SourceClass:
    """Sourcing class from the speaker's own words, for when no actor was resolved."""
    pats = _patterns(lex.language)
    country = speaker_country(text + " " + title, lex)
    if not text.strip() or pats.vague.search(text):
        return SourceClass("unattributed", None, None)
    head = _head_words(text)
    named = has_proper_name(text) if has_name is None else has_name
    if _JOURNALIST.search(head) or (pats.media.match(head) and not pats.anonymous.match(head)):
        return SourceClass("media_relay", "media", country)
    if pats.institutions.search(head):
        kind = "military" if re.search(r"arm[ée]e|military|army|forces", head, re.IGNORECASE) else "government"
        return SourceClass("named_official", kind, country)
    if pats.anonymous.match(head) or pats.anonymous.match(_without_nationality(head, pats)):
        return SourceClass("anonymous", "anonymous_source", country)
    if pats.documents.match(head):
        return SourceClass("named_official", None, country)
    if _POSSESSIVE.match(text):  # "Sa campagne": someone the article has named
        return SourceClass("named_other", "other", country)
    if pats.country_names.fullmatch(head.strip()) or pats.country_names.fullmatch(text.strip()):
        return SourceClass("named_official", "state", country)
    if named:
        if pats.media.search(text) and not pats.officials.search(text + " " + title):
            return SourceClass("media_relay", "media", country)
        official = bool(pats.officials.search(text + " " + title)) or _is_known_official(text, official_names)
        return SourceClass("named_official" if official else "named_other", "person", country)
    if pats.officials.search(head):
        return SourceClass("named_official", "person", country)
    if pats.anonymous.search(text):
        return SourceClass("anonymous", "anonymous_source", country)
    return SourceClass("unattributed", None, country)


def _is_known_official(text: str, official_names: Iterable[str]) -> bool:
    """Whether a name was given an official title elsewhere in the article ("Patel" after "Vedant Patel, porte-parole")."""
    words = {w.strip(",.").lower() for w in text.split() if w[:1].isupper()}
    return any(name.lower() in words for name in official_names)
