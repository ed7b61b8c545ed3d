"""Case- and accent-tolerant longest-match lookup of phrases in raw text.

Shared by the actors (knowledge-base aliases, roles, group nouns) and the places
(gazetteer names), so it belongs to neither: a neutral module both import.

Why not spaCy's PhraseMatcher: it matches on one token attribute (LOWER, NORM…), and
no built-in attribute folds accents, so "Etats-Unis" would miss "États-Unis"; and its
matches depend on how each pipeline tokenizes hyphens and elisions ("USA-Iran",
"l'Iran"). Here text and phrases go through the *same* length-preserving fold
(`veille.text.fold`: lower case, accents stripped, one apostrophe) and the same
word/punctuation split, so offsets stay exact character offsets into the original
text, whatever the pipeline. The lookup is a token trie (FlashText's idea): one
dictionary step per token, compiled once per phrase set and reused for every article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from veille.nlp import doc_text
from veille.text import fold

__all__ = ["Match", "PhraseTrie", "Token", "doc_tokens", "phrase_keys", "tokenize"]

_WORD = re.compile(r"\w+|[^\w\s]")
_END = None  # trie key holding the payloads of a phrase ending here (no token key: not even "\0")
_DOC_KEY = "veille.matcher.tokens"


class Token:
    """A word or punctuation sign of the folded text, with its offsets in the original text.

    A plain slotted class, not a dataclass: one is made per word of every article, and a
    frozen dataclass costs twice as much to build.
    """

    __slots__ = ("start", "end", "key")

    def __init__(self, start: int, end: int, key: str) -> None:
        self.start, self.end, self.key = start, end, key

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.key!r})"


def tokenize(text: str) -> list[Token]:
    """Words and punctuation signs of `text`, keyed by their folded form."""
    folded = fold(text)
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]


def doc_tokens(doc) -> list[Token]:
    """`tokenize(doc.text)`, computed once per spaCy Doc and shared by actors and places."""
    cached = doc.user_data.get(_DOC_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), tokenize(doc_text(doc)))
        doc.user_data[_DOC_KEY] = cached
    return cached[1]


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The token keys a phrase is matched on."""
    return tuple(m.group() for m in _WORD.finditer(fold(phrase)))


@dataclass(slots=True)
class Match:
    """Tokens [first, last) of a text matched by a phrase of the trie, with that phrase's payloads."""

    first: int
    last: int
    payloads: list[Any]
    skipped: list[int] = field(default_factory=list)


class PhraseTrie:
    """Phrases (folded token sequences) → payloads, matched longest-first over tokenized text."""

    def __init__(self) -> None:
        self._root: dict[str, Any] = {}
        self.size = 0

    def add(self, phrase: str, payload: Any) -> None:
        keys = phrase_keys(phrase)
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault(_END, []).append(payload)
        self.size += 1

    def add_all(self, items: Iterable[tuple[str, Any]]) -> PhraseTrie:
        for phrase, payload in items:
            self.add(phrase, payload)
        return self

    def starts_with(self, key: str) -> bool:
        """Whether some phrase starts with this token key (the cheap test before `longest_at`)."""
        return key in self._root

    def longest_at(self, tokens: list[Token], i: int, skippable: frozenset[str] = frozenset()) -> Match | None:
        """The longest phrase starting at token i; at most one inner token in `skippable` may be skipped.

        The skip lets "ministre [iranien] des Affaires étrangères" match the role phrase
        "ministre des Affaires étrangères" while remembering the adjective.
        """
        node = self._root
        best: Match | None = None
        skipped: list[int] = []
        j = i
        while j < len(tokens):
            child = node.get(tokens[j].key)
            if child is None:
                if skippable and not skipped and j > i and tokens[j].key in skippable:
                    skipped = [j]
                    j += 1
                    continue
                break
            node = child
            j += 1
            if _END in node:
                best = Match(i, j, node[_END], list(skipped))
        return best

    def find_all(self, tokens: list[Token], skippable: frozenset[str] = frozenset()) -> Iterator[Match]:
        """Non-overlapping longest matches, left to right."""
        i, root = 0, self._root
        while i < len(tokens):
            match = self.longest_at(tokens, i, skippable) if tokens[i].key in root else None
            if match is None:
                i += 1
            else:
                yield match
                i = match.last
