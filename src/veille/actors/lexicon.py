"""The resolver's lexicon (resolver_data/generic.yaml): generic group nouns and context words.

Kept apart from the knowledge base: the KB lists *who* the actors are; this file lists
how a text *describes* actors it does not name ("les forces iraniennes", "quatre
sources") and the small words around a name that change its reading ("à Téhéran").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from veille.model import ACTOR_KINDS
from veille.phrases import phrase_keys
from veille.places.locative import locative_words
from veille.yamlfile import load_yaml

LEXICON_FILE = Path(__file__).resolve().parent / "resolver_data" / "generic.yaml"


@dataclass(frozen=True, slots=True)
class GroupNoun:
    """A noun naming a group of people of one kind ("manifestants" → civilians)."""

    text: str
    kind: str
    sector: str | None
    needs_country: bool
    proper: bool = False  # an institution written with a capital: "le Parlement"
    foreign: bool = False  # described as from elsewhere ("les pays occidentaux"): never the article's country


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the resolver reads from the lexicon file for one language (folded keys)."""

    groups: tuple[GroupNoun, ...]
    locative: frozenset[str]
    of: frozenset[str]
    former: frozenset[str]
    demonym_determiners: frozenset[str]
    partisan_prefixes: frozenset[str]


def _keys(words: list[str]) -> frozenset[str]:
    return frozenset(k for w in words for k in phrase_keys(w)[:1])


def _groups(raw: dict, language: str) -> tuple[GroupNoun, ...]:
    out: list[GroupNoun] = []
    for section, spec in (raw.get(language) or {}).items():
        kind = spec.get("kind", section)
        if kind not in ACTOR_KINDS:
            raise ValueError(f"{LEXICON_FILE}: group kind {kind!r} is not one of {ACTOR_KINDS}")
        sector, proper, foreign = spec.get("sector"), bool(spec.get("proper")), bool(spec.get("foreign"))
        out.extend(GroupNoun(t, kind, sector, False, proper, foreign) for t in spec.get("nouns") or ())
        out.extend(GroupNoun(t, kind, sector, True, proper, foreign)
                   for t in spec.get("need_country") or ())
    return tuple(out)


@lru_cache(maxsize=8)
def load_lexicon(language: str) -> Lexicon:
    """The lexicon for `language` (an unknown language gets the English one)."""
    raw = load_yaml(LEXICON_FILE.read_text(encoding="utf-8"))
    lang = language if language in raw["groups"] else "en"

    def words(section: str) -> frozenset[str]:
        return _keys(list((raw.get(section) or {}).get(lang) or ()))

    return Lexicon(groups=_groups(raw["groups"], lang), locative=locative_words(lang),
                   of=words("of"), former=words("former"),
                   demonym_determiners=words("demonym_determiners"),
                   partisan_prefixes=words("partisan_prefixes"))
