"""Sentence spans for claim reading: spaCy's sentences, split again at line breaks.

The French parser does not break sentences at paragraph ends, so a heading glued to the
first sentence of a paragraph would become part of a speaker ("…testable.\\n\\nPatel").
Scraped text marks paragraphs with newlines; a claim never crosses one.
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

from veille.nlp import doc_text

_LINE = re.compile(r"[^\n]+")
_CACHE_KEY = "veille.claims.sentence_spans"


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) character spans of the sentences of `doc`, none crossing a newline.

    Cached in `doc.user_data`: extraction and the quality profile both need them, and
    walking `doc.sents` costs a pass over every token.
    """
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None:
        return cached
    text = doc_text(doc)
    # One array read instead of a Token object per word (this ran for every token).
    starts = [0]
    if len(doc) > 1:
        rows = doc.to_array([SENT_START, IDX])[1:]
        starts += rows[rows[:, 0] == 1, 1].tolist()
    bounds = list(zip(starts, starts[1:] + [len(text)]))
    spans = []
    for start, end in bounds:
        for m in _LINE.finditer(text, start, end):
            line = m.group()
            if line.strip():
                spans.append((m.start() + len(line) - len(line.lstrip()), m.end()))
    doc.user_data[_CACHE_KEY] = spans
    return spans
