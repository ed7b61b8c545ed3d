"""Sentences with character offsets, and the word tokens every stories module compares.

A regular-expression splitter rather than spaCy: timelines split every stored article
again at query time, and the parser costs seconds per long article for sentence
boundaries a rule finds as well on news prose (end punctuation, then a capital,
a quote or a digit; a line break always ends a sentence; a paragraph break a scraper
dropped, "Bamako.Le", too).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from veille.languages import stop_word_languages
from veille.text import fold, words

_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_BOUNDARY = re.compile(
    rf"(?<=[.!?…])[»”\"')\]]?\s+(?=[«“\"(\[{_UPPER}0-9])|\n+"
    # Paragraphs glued by a scraper that dropped the line break ("à Bamako.Le président",
    # "tués".Il"): end punctuation after two letters or digits or a closing quote, then
    # at once a capitalised word. "M.Keïta" (one letter) and "U.S.Army" stay whole.
    rf"|(?<=[^\W_]{{2}}[.!?])(?=[{_UPPER}][{_LOWER}])"
    rf"|(?<=[^\W_][.!?][»”\"])(?=[{_UPPER}][{_LOWER}])"
    rf"|(?<=[^\W_][»”\"][.!?])(?=[{_UPPER}][{_LOWER}])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of an article: its text and where it lies in the article text."""

    start: int
    end: int
    text: str


def split_sentences(text: str, *, min_chars: int = 2) -> list[Sentence]:
    """The sentences of `text` with their offsets (stripped, empty ones dropped)."""
    out: list[Sentence] = []
    begin = 0
    abbreviations = _abbreviations()
    for match in _BOUNDARY.finditer(text):
        if match.group().strip(" \t") == "" and _ends_with_abbreviation(
                text[begin:match.start()], abbreviations):
            continue
        _append(out, text, begin, match.start(), min_chars)
        begin = match.end()
    _append(out, text, begin, len(text), min_chars)
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """Titles and abbreviations that end with a period inside a sentence (data file)."""
    path = resources.files("veille.stories").joinpath("data/abbreviations.txt")
    return frozenset(line.strip() for line in path.read_text("utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _ends_with_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    if not chunk.endswith("."):
        return False
    last = chunk[:-1].rsplit(None, 1)[-1] if chunk[:-1].strip() else ""
    return last in abbreviations or (len(last) == 1 and last.isupper())


def _append(out: list[Sentence], text: str, start: int, end: int, min_chars: int) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if len(stripped) < min_chars:
        return
    lead = len(chunk) - len(chunk.lstrip())
    out.append(Sentence(start + lead, start + lead + len(stripped), stripped))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The analysed languages' stop words (spaCy's lists, shipped with spaCy itself; each
    profile's `stop_words` names its list)."""
    return frozenset(w.lower() for lang in stop_word_languages() for w in _spacy_stop_words(lang))


def _spacy_stop_words(lang: str) -> set[str]:
    """spaCy's `STOP_WORDS` for `lang`, read from its file (a plain set literal) without
    importing `spacy.lang.<lang>`: that package compiles its tokenizer exceptions on
    import, 3-4 s for French, paid by every `veille stories` or `timeline` call."""
    loaded = sys.modules.get(f"spacy.lang.{lang}.stop_words")
    if loaded is not None:
        return loaded.STOP_WORDS
    spacy = importlib.util.find_spec("spacy")
    if spacy is None or spacy.origin is None:
        raise ImportError("spaCy is not installed: its stop-word lists are needed")
    path = Path(spacy.origin).parent / "lang" / lang / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"_veille_stop_words_{lang}", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.STOP_WORDS


def content_words(text: str) -> list[str]:
    """`words(text, elide=True)` without stop words and one-letter tokens."""
    stop = stopwords()
    return [w for w in words(text, elide=True) if len(w) > 1 and w not in stop]


def iter_query_terms(query: str) -> Iterator[str]:
    """Folded prefixes of a query's words: 'Égypte' → 'egypt', so it matches 'égyptiens'.

    A light prefix match instead of a stemmer: keep all but the last two letters of
    words longer than six, at least five letters otherwise.
    """
    for word in content_words(query):
        term = fold(word, compat=True)
        yield term[: max(5, len(term) - 2)] if len(term) > 5 else term
