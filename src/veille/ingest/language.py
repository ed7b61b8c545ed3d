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

The article's language is that of most of its body text, not of its first lines: a French
article that opens on an English agency caption ("EDITOR'S NOTE … AFP PHOTO") is French.
So the opening sample is checked against a sample of the longest paragraph after the first
(the body);
when they disagree, the longest paragraphs vote, each by its length (`paragraph_languages`
says what each of them was found to be).
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


# When the opening and the longest paragraph disagree, this many of the longest paragraphs vote.
VOTING_PARAGRAPHS = 6
# Paragraphs shorter than this do not vote (a date line, a name, a one-word heading).
MIN_VOTING_CHARS = 40


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language most of `text` is written in, or None when it cannot tell."""
    first = _detect_sample(text)
    paragraphs = _paragraphs(text)
    if len(paragraphs) < 2:
        return first
    if _detect_sample(max(paragraphs[1:], key=len)) == first:  # the body agrees with the opening
        return first
    votes: dict[str | None, int] = {}
    for paragraph, language in paragraph_languages(text):
        votes[language] = votes.get(language, 0) + len(paragraph)
    votes.pop(None, None)
    return max(votes, key=votes.__getitem__) if votes else first


def paragraph_languages(text: str) -> list[tuple[str, str | None]]:
    """The longest paragraphs of `text` (up to VOTING_PARAGRAPHS, in text order), each with
    the language it is written in (None when it cannot tell)."""
    paragraphs = _paragraphs(text)
    chosen = set(sorted(range(len(paragraphs)), key=lambda i: -len(paragraphs[i]))[:VOTING_PARAGRAPHS])
    return [(p, _detect_sample(p)) for i, p in enumerate(paragraphs) if i in chosen]


def _paragraphs(text: str) -> list[str]:
    """Lines of `text` long enough to vote on its language."""
    return [line for line in (raw.strip() for raw in text.splitlines()) if len(line) >= MIN_VOTING_CHARS]


def _detect_sample(text: str) -> str | None:
    """The language of a sample of `text`'s start (names left out), None when too short."""
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
