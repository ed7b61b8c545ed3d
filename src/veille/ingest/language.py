"""Language of an article: lingua over a short prefix, one detector per process.

lingua is accurate on short text and runs in Rust; building the detector and loading
its models is the expensive part, so it happens once, lazily, for the few languages
a geopolitical news stream carries. Detection looks at a bounded prefix: a few
sentences decide the language, and the cost stays flat on long articles.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

log = logging.getLogger(__name__)

LANGUAGES: tuple[Language, ...] = (
    Language.FRENCH, Language.ENGLISH, Language.GERMAN, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.DUTCH, Language.ARABIC, Language.RUSSIAN, Language.TURKISH,
    Language.PERSIAN,
)
# Characters of text the detector sees (cut at a word boundary): enough for 2-3 sentences.
PREFIX_CHARS = 240
# Below this many letters there is too little to judge; the language stays unknown.
MIN_LETTERS = 12


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The process-wide detector (built on first use, never at import)."""
    log.debug("building the lingua detector for %d languages", len(LANGUAGES))
    return LanguageDetectorBuilder.from_languages(*LANGUAGES).build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None when it cannot tell."""
    sample = _prefix(text)
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None


def _prefix(text: str) -> str:
    if len(text) <= PREFIX_CHARS:
        return text
    cut = text.rfind(" ", PREFIX_CHARS // 2, PREFIX_CHARS)
    return text[: cut if cut > 0 else PREFIX_CHARS]
