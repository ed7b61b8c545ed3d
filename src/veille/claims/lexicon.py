"""The per-language lexicons of claim extraction, loaded once from `claims/data/<lang>.yaml`.

Everything language-specific (reporting verbs and their stance, anonymous-source nouns,
outlet names, opinion markers, number words) lives in those YAML files; this module only
turns the lists into compiled regular expressions. Plain regexes rather than spaCy's
Matcher: the English pipeline has no lemmas or parse, and a regex over the raw text
works the same for both languages and costs a fraction of the parse.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.abc import Traversable
from pathlib import Path
from typing import Any


from veille.errors import VeilleError
from veille.languages import data_file
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
#: Languages without a lexicon fall back to this one (English is the lingua franca of wires).
FALLBACK_LANGUAGE = "en"


class LexiconError(VeilleError, ValueError):
    """A lexicon file is missing a key or holds the wrong type: the message names both."""


def phrase_alternation(phrases: list[str] | set[str]) -> str:
    """A regex alternation matching any phrase, longest first, spaces and apostrophes loose."""
    parts = []
    for phrase in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        escaped = re.escape(phrase).replace(r"\ ", r"\s+").replace("'", "['’]").replace("’", "['’]")
        parts.append(escaped)
    return "|".join(parts) if parts else r"(?!x)x"


def words_regex(phrases: list[str] | set[str]) -> re.Pattern[str]:
    """A case-insensitive regex finding any phrase as whole words."""
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=64)
def lexicon_regex(language: str, key: str) -> re.Pattern[str]:
    """`words_regex` over one list of a language's lexicon, compiled once per process."""
    return words_regex(load_lexicon(language).list(key))


@dataclass(slots=True)
class Lexicon:
    """One language's word lists, and the regexes built from them."""

    language: str
    stance_of: dict[str, str]
    quote_only: set[str]
    incise_only: set[str]
    auxiliaries: list[str]
    complementizer_required: bool
    raw: dict[str, Any]
    verb_forms: list[str] = field(default_factory=list)
    needs_aux: set[str] = field(default_factory=set)

    def list(self, key: str) -> list[str]:
        value = self.raw.get(key, [])
        if not isinstance(value, list):
            raise LexiconError(f"claims lexicon {self.language!r}: {key!r} must be a list")
        return [str(v) for v in value]

    def flag(self, key: str) -> bool:
        """A yes/no fact of the language's grammar in the lexicon (absent: no)."""
        return bool(self.raw.get(key, False))

    def comp_is(self, key: str, comp: str) -> bool:
        """Whether complementizer `comp` (as matched) is one of the lexicon's list `key`."""
        return _norm(comp) in {_norm(c) for c in self.list(key)}

    def stance(self, verb: str) -> str:
        return self.stance_of.get(" ".join(verb.lower().replace("’", "'").split()), "assert")


def _verb_stances(raw: dict[str, Any], language: str) -> dict[str, str]:
    verbs = raw.get("reporting_verbs")
    if not isinstance(verbs, dict):
        raise LexiconError(f"claims lexicon {language!r}: 'reporting_verbs' must map stance → forms")
    stance_of: dict[str, str] = {}
    for stance, forms in verbs.items():
        for form in forms:
            stance_of.setdefault(" ".join(str(form).lower().split()), str(stance))
    return stance_of


def load_lexicon(language: str) -> Lexicon:
    """The lexicon for `language` (the file the language registry names, `veille.languages`);
    a language without one gets the English one."""
    path = data_file(language, "claims")
    if path is None:
        log.info("no claims lexicon for %r: using %r", language, FALLBACK_LANGUAGE)
        path = data_file(FALLBACK_LANGUAGE, "claims") or DATA_DIR / f"{FALLBACK_LANGUAGE}.yaml"
    return _lexicon(language, path)


@lru_cache(maxsize=8)
def _lexicon(language: str, path: Traversable) -> Lexicon:
    raw = load_yaml(path.read_text(encoding="utf-8"))
    stance_of = _verb_stances(raw, language)
    quote_only = {" ".join(v.lower().split()) for v in raw.get("quote_only_verbs", [])}
    lex = Lexicon(
        language=language, stance_of=stance_of, quote_only=quote_only,
        incise_only={" ".join(v.lower().split()) for v in raw.get("incise_only_verbs", [])},
        auxiliaries=[str(a) for a in raw.get("auxiliaries", [])],
        complementizer_required=bool(raw.get("complementizer_required", False)), raw=raw,
    )
    lex.verb_forms = sorted(set(stance_of) | quote_only)
    participles = raw.get("participles_need_aux")
    if participles:
        endings = tuple(str(e) for e in participles.get("endings", ()))
        alone = {str(v) for v in participles.get("except", ())}
        lex.needs_aux = {v for v in lex.verb_forms
                         if v.split()[0].endswith(endings) and v not in alone}
    return lex


def _norm(word: str) -> str:
    return " ".join(word.lower().replace("’", "'").split())
