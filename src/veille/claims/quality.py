"""The article's transparency profile: what its sentences rest on, and signs of filler.

An analyst wants to see at a glance whether an article's facts rest on named officials,
anonymous sources, relayed outlets or nothing at all, whether the author speaks in their
own name ("Je me pose des questions", "à mon sens"), and whether the text shows the
marks of generated filler: lead-ins that announce links with nothing after them
("voici deux repères contextualisés :"), a fragment repeated after a colon, generic
headings. `quality_profile` returns that as a flat dict merged into `Analysis.quality`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from veille.claims.lexicon import load_lexicon, words_regex
from veille.claims.sentences import sentence_spans
from veille.claims.sourcing import SOURCING_CLASSES
from veille.model import Claim
from veille.nlp import doc_text

#: Sentences shorter than this many words are headings or debris, not statements.
MIN_SENTENCE_WORDS = 6
#: Weight of each class in the transparency score: what a sentence resting on it is worth.
CLASS_WEIGHT: dict[str, float] = {"named_official": 1.0, "named_other": 1.0, "media_relay": 0.75,
                                  "anonymous": 0.5, "unattributed": 0.0}
#: What each opinion marker or filler sign takes off the score.
SIGNAL_PENALTY = 0.05


@lru_cache(maxsize=8)
def _signal_patterns(language: str) -> dict[str, re.Pattern[str]]:
    lex = load_lexicon(language)
    low = lex.raw.get("low_quality", {})
    return {"opinion": words_regex(lex.list("opinion_markers")),
            "lead_in": words_regex(low.get("empty_lead_ins", [])),
            "heading": words_regex(low.get("generic_headings", []))}


def _sentence_sources(doc: Doc, text: str, claims: Sequence[Claim]) -> tuple[int, Counter[str]]:
    """How many content sentences there are, and the best class each rests on."""
    rank = {c: i for i, c in enumerate(SOURCING_CLASSES)}
    best: Counter[str] = Counter()
    total = 0
    for start, end in sentence_spans(doc):
        if len(text[start:end].split()) < MIN_SENTENCE_WORDS:
            continue
        total += 1
        here = [c.sourcing for c in claims if c.start < end and start < c.end]
        best[min(here, key=lambda s: rank.get(s, 99)) if here else "unattributed"] += 1
    return total, best


def _empty_lead_ins(text: str, pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    """Lead-ins that promise links or key points and deliver a bare fragment or nothing."""
    found = []
    for m in pattern.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        rest = text[m.end():line_end]
        colon = rest.find(":")
        after = rest[colon + 1:] if colon >= 0 else ""
        empty = colon >= 0 and (len(after.split()) <= 12 or not after.strip())
        found.append({"kind": "empty_lead_in" if empty else "reader_lead_in", "text": m.group(),
                      "start": m.start(), "end": m.end()})
    return found


def _duplicated_fragments(text: str) -> list[dict[str, Any]]:
    """Paragraphs starting with ':' that repeat the end of the paragraph before them."""
    found = []
    paragraphs = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text)]
    for (_, prev), (start, para) in zip(paragraphs, paragraphs[1:]):
        if not para.lstrip().startswith(":"):
            continue
        fragment = para.lstrip()[1:].strip()
        head = " ".join(fragment.split()[:8])
        if head and head in prev:
            found.append({"kind": "duplicated_fragment", "text": head, "start": start, "end": start + len(para)})
    return found


def _generic_headings(text: str, pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    """Short lines without final punctuation that read as template headings."""
    found = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        if 0 < len(line.split()) <= 10 and pattern.search(line) and not line.endswith("."):
            found.append({"kind": "generic_heading", "text": line, "start": m.start(), "end": m.end()})
    return found


def quality_profile(doc: Doc, claims: Sequence[Claim], *, language: str) -> dict[str, Any]:
    """Counts per sourcing class, shares of sentences per source, opinion and filler signals."""
    pats = _signal_patterns(load_lexicon(language).language)
    text = doc_text(doc)
    by_class = Counter(c.sourcing for c in claims)
    total, resting = _sentence_sources(doc, text, claims)
    opinion = [{"text": m.group(), "start": m.start(), "end": m.end()} for m in pats["opinion"].finditer(text)]
    signals = (_empty_lead_ins(text, pats["lead_in"]) + _duplicated_fragments(text)
               + _generic_headings(text, pats["heading"]))
    share = {cls: round(resting[cls] / total, 3) if total else 0.0 for cls in SOURCING_CLASSES}
    score = sum(CLASS_WEIGHT[cls] * share[cls] for cls in SOURCING_CLASSES)
    score -= SIGNAL_PENALTY * (len(opinion) + len(signals))
    return {
        "claims": len(claims),
        "named_sources": by_class["named_official"] + by_class["named_other"],
        "anonymous_sources": by_class["anonymous"],
        "media_relays": by_class["media_relay"],
        "unattributed_claims": by_class["unattributed"],
        "sourcing_counts": {cls: by_class[cls] for cls in SOURCING_CLASSES},
        "content_sentences": total,
        "sentence_share": share,
        "share_anonymous_or_unsourced": round(share["anonymous"] + share["unattributed"], 3),
        "opinion_markers": len(opinion),
        "opinion_examples": [o["text"] for o in opinion[:5]],
        "low_quality_signals": len(signals),
        "low_quality": signals,
        "transparency_score": round(min(1.0, max(0.0, score)), 3),
    }
