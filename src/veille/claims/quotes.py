"""Direct quotes: « … », "…", “…”, with the speaker before, after or around them.

Quotes are read over the whole text, not sentence by sentence, because a quote of three
sentences is split by the sentencizer and its speaker only comes after the last one
(« Nous en discutons… pourparlers », a affirmé le fonctionnaire). Short quoted words
("ligne rouge", « importante ») are scare quotes, not statements, and are skipped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from veille.claims.frames import Frame, adverb_pattern, frame_patterns, looks_like_speaker
from veille.claims.lexicon import Lexicon, phrase_alternation

#: Fewer words than this inside quote marks is a scare quote, not a statement.
MIN_QUOTE_WORDS = 4
#: Any opening mark closed by any closing mark: scraped text mixes them («Sans eux…").
_QUOTE = re.compile(r"[«\"“]\s*(?P<a>[^«»\"“”\n]+?)\s*[»\"”]")


@lru_cache(maxsize=8)
def _attribution_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    verbs = phrase_alternation(lex.verb_forms)
    aux = phrase_alternation(lex.auxiliaries)
    flags = re.IGNORECASE
    adv = adverb_pattern(lex)
    # English puts the speaker first after a quote ('"…," officials said'); French never
    # does (the lexicon's `speaker_before_incise_verb`).
    spk_first = (r"(?P<spk4>[^,.;!?«»\"“”]{2,60}?)\s+" if lex.flag("speaker_before_incise_verb")
                 else r"(?P<spk4>(?!x)x)?")
    after = re.compile(
        rf"^\s*,?\s*(?:(?:{aux})-t-(?P<pron>il|elle|ils|elles|on)\s+(?P<verb1>{verbs})"
        rf"|(?P<verb2>{verbs})-(?:t-)?(?P<pron2>il|elle|ils|elles|on)"
        rf"|(?:(?P<aux3>{aux})\s+(?:\w+\s+)?)?(?:s['’]|se\s+)?(?P<verb3>{verbs})(?:\s+(?P<spk>(?:M\.|Mme\.|Dr\.|[^,.;!?«»\"“”]){{2,120}}))?"
        rf"|{spk_first}(?P<verb4>{verbs}))(?=[\s,.;!?]|$)", flags)
    before = re.compile(
        rf"(?P<spk>[^.;!?«»\"“”]{{2,200}}?)\s+(?:(?P<aux>{aux})\s+(?:{adv}\s+){{0,2}})?(?P<verb>{verbs})(?![\w-])"
        rf"(?P<post>[^.;!?«»\"“”]{{0,60}}?)\s*(?::|,|que|qu['’])\s*$", flags)
    return after, before


#: How far before a quote its "X a déclaré :" lead-in is looked for (see quote_frames).
HEAD_WINDOW = 600


def quote_spans(text: str) -> list[tuple[int, int, int, int]]:
    """(outer start, outer end, inner start, inner end) of every quote long enough to be a statement."""
    spans = []
    for m in _QUOTE.finditer(text):
        if len(m.group("a").split()) >= MIN_QUOTE_WORDS:
            spans.append((m.start(), m.end(), m.start("a"), m.end("a")))
    return spans


def quote_frames(text: str, sentence_starts: list[int], lex: Lexicon) -> list[Frame]:
    """One frame per attributed quote; unattributed quotes are left to the sentence frames."""
    after, before = _attribution_patterns(lex.language)
    frames = []
    for outer_start, outer_end, inner_start, inner_end in quote_spans(text):
        tail = text[outer_end:outer_end + 160].split("\n")[0]
        m = after.match(tail)
        if m:
            frames.append(_frame_after(m, outer_start, outer_end, inner_start, inner_end, lex))
            continue
        inside = _inner_incise(text, inner_start, inner_end, lex)
        if inside is not None:
            frames.append(inside)
            continue
        sent_start = max((s for s in sentence_starts if s <= outer_start), default=0)
        # The pattern ends at the quote and spans at most ~400 characters (speaker 200,
        # auxiliary, adverbs, verb, 60 after); searching a long sentence from its start
        # costs milliseconds per quote, so only its end is searched.
        head_start = max(sent_start, outer_start - HEAD_WINDOW)
        head = text[head_start:outer_start]
        if not head.rstrip().endswith((":", ",", "que", "qu'", "qu’")):
            continue
        m = before.search(head)
        if m:
            frames.append(Frame(
                verb=m.group("verb"), verb_start=head_start + m.start("verb"), verb_end=head_start + m.end("verb"),
                shape="subject", content_start=inner_start, content_end=inner_end,
                speaker_start=head_start + m.start("spk"), speaker_end=head_start + m.end("spk"),
                direct=True, post=m.group("post").strip(), clause_start=sent_start))
    return frames


def _inner_incise(text: str, inner_start: int, inner_end: int, lex: Lexicon) -> Frame | None:
    """«Y, tempère Moz, visage rond, Z»: the speaker is named inside the quote marks."""
    pats = frame_patterns(lex.language)
    for m in pats.incise.finditer(text, inner_start, inner_end):
        group = next(g for g in ("verb1", "verb2", "verb3") if m.group(g))
        if group == "verb3" and not looks_like_speaker(m.group("spk"), lex):
            continue
        frame = Frame(verb=m.group(group), verb_start=m.start(group), verb_end=m.end(group), shape="quote",
                      content_start=inner_start, content_end=inner_end, direct=True,
                      pronoun=m.group("pron") or m.group("pron2"), clause_start=inner_start)
        if not frame.pronoun:
            frame.speaker_start, frame.speaker_end = m.start("spk"), m.end("spk")
        return frame
    return None


def _frame_after(m: re.Match[str], outer_start: int, outer_end: int, inner_start: int,
                 inner_end: int, lex: Lexicon) -> Frame:
    group = next(g for g in ("verb1", "verb2", "verb3", "verb4") if m.group(g))
    frame = Frame(
        verb=m.group(group), verb_start=outer_end + m.start(group), verb_end=outer_end + m.end(group),
        shape="quote", content_start=inner_start, content_end=inner_end, direct=True,
        pronoun=m.group("pron") or m.group("pron2"), clause_start=outer_start)
    spk_group = "spk" if m.group("spk") else "spk4" if m.group("spk4") else None
    if spk_group and not frame.pronoun:
        frame.speaker_start, frame.speaker_end = outer_end + m.start(spk_group), outer_end + m.end(spk_group)
    return frame
