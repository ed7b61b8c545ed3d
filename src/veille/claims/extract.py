"""`extract_claims(doc, mentions=..., language=...)`: who says what, on whose word, in one article.

Reads reporting frames (quotes, "selon X", "X a déclaré que", "…, ont déclaré quatre
sources"), resolves each speaker, classifies its sourcing, attaches the numeric facts of
the content, and adds the outlet's own unattributed sentences that carry a number (a fact
with no source is a claim too: "Les États-Unis ont 2 500 soldats en Irak"). Claims that
disagree within the article are linked as contested.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from spacy.tokens import Doc

from veille.claims.contradictions import find_contradictions, mark_contested
from veille.claims.frames import Frame, sentence_frames
from veille.claims.lexicon import Lexicon, lexicon_regex, load_lexicon
from veille.claims.numbers import numeric_facts
from veille.claims.quotes import quote_frames, quote_spans
from veille.claims.resolve import DocContext, Speaker, frame_speaker, post_relays_and_date
from veille.claims.sentences import sentence_spans
from veille.claims.speakers import trim_subject
from veille.model import Claim, Mention
from veille.nlp import doc_text
from veille.press import find_furniture, without_furniture

log = logging.getLogger(__name__)
_TRIM = " \t\n,.;:«»\"“”"


def extract_claims(doc: Doc, *, mentions: Sequence[Mention] = (), language: str) -> list[Claim]:
    """Every claim of the article in text order, each with speaker, sourcing, relays and numbers."""
    lex = load_lexicon(language)
    text = doc_text(doc)
    # a dateline glued to the first sentence is not part of it (nor a speaker), a byline
    # or credit line holds no claim
    sentences = without_furniture(sentence_spans(doc), find_furniture(text, language))
    ctx = DocContext.of(doc, lex, mentions, sentences)
    frames = _all_frames(text, sentences, lex)
    claims = []
    for frame in frames:
        claim = _claim_from_frame(ctx, frame, sentences)
        if claim is not None:
            claims.append(claim)
    claims.extend(_unattributed_facts(text, sentences, claims, lex))
    claims.sort(key=lambda c: c.start)
    mark_contested(claims, find_contradictions({None: claims}, language=language))
    log.debug("%d claims from %d frames", len(claims), len(frames))
    return claims


def _all_frames(text: str, sentences: list[tuple[int, int]], lex: Lexicon) -> list[Frame]:
    """Quote frames over the whole text, then sentence frames outside the quotes."""
    frames = quote_frames(text, [s for s, _ in sentences], lex)
    quoted = [(inner_s, inner_e) for _, _, inner_s, inner_e in quote_spans(text)]
    taken = {f.verb_start for f in frames}
    for start, end in sentences:
        found = [f for f in sentence_frames(text[start:end], start, lex)
                 if f.verb_start not in taken and not any(s <= f.verb_start < e for s, e in quoted)]
        frames.extend(_nest(found, text, lex))
    frames.sort(key=lambda f: f.verb_start)
    return frames


def _nest(frames: list[Frame], text: str, lex: Lexicon) -> list[Frame]:
    """Within one sentence: a frame inside another's content is part of that claim, not a new one.

    "…, il a également suggéré…" after a comma starts a new claim and ends the one before;
    "Selon X, Y a demandé…" or "X a déclaré que Téhéran insistait…" stay X's claim.
    """
    for frame in frames:
        if frame.shape == "subject" and frame.speaker_start is not None:
            s, _, _ = trim_subject(text[frame.speaker_start:frame.speaker_end], lex)
            frame.clause_start = frame.speaker_start + s
        else:
            frame.clause_start = frame.verb_start if frame.shape == "source" else frame.content_start
    kept: list[Frame] = []
    for frame in sorted(frames, key=lambda f: (f.clause_start, f.content_start - f.content_end)):
        outer = next((o for o in kept if o.content_start <= frame.clause_start < o.content_end
                      and o.content_start <= frame.verb_start < o.content_end), None)
        if outer is None:
            kept.append(frame)
        elif frame.shape == "subject" and text[outer.content_start:frame.clause_start].rstrip().endswith(","):
            outer.content_end = frame.clause_start
            kept.append(frame)
        elif _is_outlet(outer, text, lex) and frame.shape != "source":
            # "Selon le site Axios, X a déclaré que…": X speaks, Axios relays
            frame.relays.append((outer.speaker_start or 0, outer.speaker_end or 0))
            kept[kept.index(outer)] = frame
        elif _is_outlet(frame, text, lex) and frame.shape == "source":
            # "X said that…, according to the Anadolu agency": the agency relays X
            outer.relays.append((frame.speaker_start or 0, frame.speaker_end or 0))
    return kept


def _is_outlet(frame: Frame, text: str, lex: Lexicon) -> bool:
    """Whether a 'selon X' frame's X is a news outlet (which relays, rather than speaks)."""
    if frame.shape != "source" or frame.speaker_start is None:
        return False
    return bool(lexicon_regex(lex.language, "media_words").search(text[frame.speaker_start:frame.speaker_end]))


def _claim_from_frame(ctx: DocContext, frame: Frame, sentences: list[tuple[int, int]]) -> Claim | None:
    """One claim from a frame, or None when its content is empty."""
    text = ctx.text
    start, end = _trimmed(text, frame.content_start, frame.content_end)
    if end - start < 3:
        return None
    speaker = frame_speaker(ctx, frame)
    relays, date = post_relays_and_date(ctx, frame.post, frame.verb_start)
    relays += [text[s:e].strip() for s, e in frame.relays]
    sent = next(((s, e) for s, e in sentences if s <= frame.verb_start < e), (start, end))
    direct = frame.direct or (text[start - 1:start] in "«\"“" and text[end:end + 1] in "»\"”")
    claim = Claim(
        content=text[start:end], start=start, end=end, speaker_text=speaker.text,
        speaker=speaker.mention, sourcing=speaker.source.sourcing, direct=direct,
        verb=frame.verb, stance=ctx.lex.stance(frame.verb) if frame.shape != "source" else "report",
        relayed_by=_unique(speaker.relayed_by + relays), speaker_start=speaker.start,
        speaker_end=speaker.end, speaker_kind=speaker.source.kind, speaker_country=speaker.source.country,
        source_count=speaker.count, date_text=date, sentence=text[sent[0]:sent[1]].strip(),
        numbers=[f.to_dict() for f in numeric_facts(text, start, end, ctx.lex)],
    )
    _remember(ctx, speaker)
    return claim


def _remember(ctx: DocContext, speaker: Speaker) -> None:
    if speaker.text and speaker.start is not None:
        ctx.recent.append(speaker)
        if speaker.source.sourcing == "named_official" and speaker.source.kind == "person":
            ctx.official_names.update(w.lower() for w in speaker.text.split() if w[:1].isupper())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item.strip(), None)
    return [k for k in seen if k]


def _unattributed_facts(text: str, sentences: list[tuple[int, int]], claims: list[Claim],
                        lex: Lexicon) -> list[Claim]:
    """The outlet's own sentences that state a number with no source: claims resting on nothing."""
    covered = [(c.start, c.end) for c in claims]
    out = []
    for start, end in sentences:
        if any(s < end and start < e for s, e in covered):
            continue
        facts = numeric_facts(text, start, end, lex)
        if not facts:
            continue
        s, e = _trimmed(text, start, end)
        out.append(Claim(content=text[s:e], start=s, end=e, sourcing="unattributed", stance="assert",
                         sentence=text[s:e], numbers=[f.to_dict() for f in facts]))
    return out
