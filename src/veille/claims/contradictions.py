"""Contested claims: different speakers who disagree about the same quantity or event.

Two kinds of disagreement are read, within one article or across stored articles:

- quantity: both claims count the same thing and their numbers disagree — including
  "99 % intercepted" against "half reached their targets", compared on one scale (the
  share that got through) thanks to the `complement_verbs` of the lexicon;
- denial: a claim whose verb denies ("a démenti", "denied") against another speaker's
  claim that shares enough of its content words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from veille.claims.lexicon import load_lexicon
from veille.claims.numbers import NumericFact, share_through
from veille.model import Claim

#: Two shares of the same attack further apart than this disagree (0.99 vs 0.5 does).
SHARE_GAP = 0.2
#: Two counts of the same thing disagree when the larger exceeds the smaller by this ratio.
COUNT_RATIO = 1.25
#: Content-word overlap (Jaccard) above which two counts are about the same thing.
COUNT_OVERLAP = 0.2
#: Share of the shorter claim's content words found in the other, above which a denial is
#: about that claim (denials restate little: "a démenti que le président ait été briefé").
DENIAL_OVERLAP = 0.25
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """Where a claim lives: the article id (None inside a single article) and its index there."""

    article: Hashable
    index: int


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two claims from different speakers that disagree, and why."""

    a: ClaimRef
    b: ClaimRef
    reason: str  # "quantity" or "denial"
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"a": {"article": self.a.article, "claim": self.a.index},
                "b": {"article": self.b.article, "claim": self.b.index},
                "reason": self.reason, "detail": self.detail}


def _stem(word: str | None) -> str:
    return (word or "").split()[0].lower().rstrip("sx") if word else ""


def _speaker_key(claim: Claim) -> str:
    return " ".join((claim.speaker_text or "").lower().split())


def _facts(claim: Claim) -> list[NumericFact]:
    return [NumericFact(**{k: v for k, v in f.items()}) for f in claim.numbers]


def _quantity_conflict(a: Claim, b: Claim, language: str) -> str | None:
    lex = load_lexicon(language)
    for fa in _facts(a):
        for fb in _facts(b):
            if not fa.counts or _stem(fa.counts) != _stem(fb.counts):
                continue
            sa, sb = share_through(fa, a.content, lex), share_through(fb, b.content, lex)
            if sa is not None and sb is not None and abs(sa - sb) > SHARE_GAP:
                return f"{fa.text} vs {fb.text} {fa.counts} (share through {sa:.2f} vs {sb:.2f})"
            if fa.unit == fb.unit == "count" and min(fa.value, fb.value) > 0 \
                    and max(fa.value, fb.value) / min(fa.value, fb.value) > COUNT_RATIO \
                    and _overlap(a.content, b.content) >= COUNT_OVERLAP:
                return f"{fa.text} vs {fb.text} {fa.counts}"
    return None


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _overlap(x: str, y: str) -> float:
    wx, wy = _content_words(x), _content_words(y)
    return len(wx & wy) / len(wx | wy) if wx and wy else 0.0


def _containment(x: str, y: str) -> float:
    """Share of the smaller bag of content words found in the other."""
    wx, wy = _content_words(x), _content_words(y)
    return len(wx & wy) / min(len(wx), len(wy)) if min(len(wx), len(wy)) >= 4 else 0.0


def _denial_conflict(a: Claim, b: Claim) -> str | None:
    if (a.stance == "deny") == (b.stance == "deny"):
        return None
    overlap = _containment(a.content, b.content)
    return f"denial (content overlap {overlap:.2f})" if overlap >= DENIAL_OVERLAP else None


def _candidate_pairs(refs: list[tuple[ClaimRef, Claim]]) -> set[tuple[int, int]]:
    """Pairs worth comparing: sharing a counted noun, or a denial sharing a content word."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, (_, claim) in enumerate(refs):
        keys = {"n:" + _stem(f.get("counts")) for f in claim.numbers if f.get("counts")}
        for key in keys:
            by_key[key].append(i)
    deniers = {i for i, (_, c) in enumerate(refs) if c.stance == "deny"}
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        pairs.update(combinations(sorted(set(members)), 2))
    for i in deniers:
        words = _content_words(refs[i][1].content)
        for j, (_, other) in enumerate(refs):
            if j != i and words & _content_words(other.content):
                pairs.add((min(i, j), max(i, j)))
    return pairs


def find_contradictions(claims_by_article: Mapping[Hashable, Sequence[Claim]], *,
                        language: str = "fr") -> list[Contradiction]:
    """Contested pairs among all claims given, keyed by article id (None for a lone article)."""
    refs = [(ClaimRef(article, i), claim) for article, claims in claims_by_article.items()
            for i, claim in enumerate(claims)]
    found = []
    for i, j in sorted(_candidate_pairs(refs)):
        (ra, a), (rb, b) = refs[i], refs[j]
        if not a.speaker_text or not b.speaker_text or _speaker_key(a) == _speaker_key(b):
            continue
        reason = "quantity"
        detail = _quantity_conflict(a, b, language)
        if detail is None:
            reason, detail = "denial", _denial_conflict(a, b)
        if detail is not None:
            found.append(Contradiction(ra, rb, reason, detail))
    return found


def mark_contested(claims: Sequence[Claim], contradictions: Sequence[Contradiction],
                   article: Hashable = None) -> None:
    """Write each contradiction into the `contested_with` of the claims of `article` it involves."""
    for c in contradictions:
        for mine, other in ((c.a, c.b), (c.b, c.a)):
            if mine.article == article and 0 <= mine.index < len(claims):
                entry = {"article": other.article, "claim": other.index, "reason": c.reason, "detail": c.detail}
                if entry not in claims[mine.index].contested_with:
                    claims[mine.index].contested_with.append(entry)
