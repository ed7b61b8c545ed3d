"""Language of an article: lingua over a short, name-free sample, one detector per process.

lingua is accurate on short text and runs in Rust; building the detector and loading
its models is the expensive part, so it happens once, lazily, for the few languages a
geopolitical news stream carries (those of the language registry with a `detect` name,
`veille.languages`: French, English and nine more that are never mistaken for them). The ingest of a JSONL corpus spends most of its time
here, so the detector reads a bounded sample in lingua's low-accuracy (trigram) mode,
and the sample leaves out capitalised words: names ("Ed Sheeran", "Rolling Stones")
carry no language and are what fools a detector on a French article about a British
band. Measured on 11,966 OrangeSum articles (fr) and 999 PLOVER sentences (en): 2 and 0
errors, as many as high-accuracy mode on 200 raw characters, at 60% of its CPU time
(see the ingest report for the commands).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from veille.languages import detected_languages

log = logging.getLogger(__name__)

# The sample: about this many characters, cut at a word boundary no earlier than the floor.
SAMPLE_CHARS = 130
SAMPLE_FLOOR = 100
# A name-free sample needs this many letters; otherwise (text in Title Case or capitals)
# the raw prefix is used.
MIN_SAMPLE_LETTERS = 40
# Below this many letters there is too little to judge; the language stays unknown.
MIN_LETTERS = 12
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞŒ][\w'’-]*\s*")


def detector() -> LanguageDetector:
    """The process-wide detector (built on first use, never at import; again only when a
    language registered since changes the list)."""
    return _detector(detected_languages())


@lru_cache(maxsize=2)
def _detector(names: tuple[str, ...]) -> LanguageDetector:
    known = [getattr(Language, name) for name in names if hasattr(Language, name)]
    if len(known) < len(names):
        log.warning("not lingua language names, not detected: %s",
                    ", ".join(n for n in names if not hasattr(Language, n)))
    log.debug("building the lingua detector for %d languages", len(known))
    return LanguageDetectorBuilder.from_languages(*known).with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language `text` is written in, or None when it cannot tell."""
    sample = language_sample(text)
    if len(sample) < SAMPLE_FLOOR and sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    language = detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language is not None else None


def language_sample(text: str) -> str:
    """The start of `text` without capitalised words, about SAMPLE_CHARS long."""
    without_names = _CAPITALISED.sub("", text[: SAMPLE_CHARS * 3])
    if len(without_names) >= SAMPLE_CHARS or sum(map(str.isalpha, without_names)) >= MIN_SAMPLE_LETTERS:
        return _prefix(without_names, SAMPLE_CHARS, SAMPLE_FLOOR)
    return _prefix(text, SAMPLE_CHARS, SAMPLE_FLOOR)


def _prefix(text: str, size: int, floor: int) -> str:
    """The first `size` characters of `text`, cut at a space no earlier than `floor`."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", floor, size)
    return text[: cut if cut > 0 else size]
