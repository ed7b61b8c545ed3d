"""What the event classifier sees of one (sentence, source, target) candidate.

A candidate is cut into regions around its two marked spans — the words between them
(where the verb almost always sits), a few words before and after, and the sentence with
the spans replaced by SRC/TGT — and every region is also read through the trigger and cue
lexicons (`data/triggers.tsv`, `data/cues.tsv`), whose concepts are shared by French and
English. The regions become text fields that `classify.EventClassifier` vectorizes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from veille.text import fold, words

_MARK = re.compile(r"</?[st]>", re.IGNORECASE)
#: How many words before the first span and after the last one count as context.
CONTEXT_BEFORE, CONTEXT_AFTER = 4, 6
#: How many words at each end of the between-region get position-marked features.
POSITIONS = 3
#: Words at each end of the between-region read again as a short "near the actors" field.
NEAR = 4


@dataclass(frozen=True, slots=True)
class EventInput:
    """One candidate event: a sentence, character spans of source and target, a language."""

    sentence: str
    source: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    language: str = "en"


@dataclass(frozen=True, slots=True)
class Pattern:
    """One lexicon line: a sequence of word tokens (a trailing * matches a prefix)."""

    type: str
    concept: str
    language: str
    tokens: tuple[str, ...]


def parse_marked(marked: str, language: str = "en") -> EventInput:
    """The EventInput of a PLV-style sentence with `<s>…</s>` and `<t>…</t>` marks."""
    spans: dict[str, tuple[int, int]] = {}
    out: list[str] = []
    pos, length, opened = 0, 0, {}
    for m in _MARK.finditer(marked):
        out.append(marked[pos:m.start()])
        length += m.start() - pos
        tag = m.group(0).lower()
        if tag.startswith("</"):
            if tag[2] in opened:
                spans[tag[2]] = (opened.pop(tag[2]), length)
        else:
            opened[tag[1]] = length
        pos = m.end()
    out.append(marked[pos:])
    return EventInput("".join(out), spans.get("s"), spans.get("t"), language)


@lru_cache(maxsize=4)
def load_patterns(name: str) -> tuple[Pattern, ...]:
    """The patterns of a lexicon file in `veille/events/data/` (triggers.tsv, cues.tsv)."""
    text = resources.files("veille.events").joinpath(f"data/{name}").read_text("utf-8")
    patterns = []
    for line in text.splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 4 or fields[0] == "type":
            continue
        tokens = tuple(words(fields[3].replace("*", "STAR")))
        tokens = tuple(t.replace("star", "*") for t in tokens)
        patterns.append(Pattern(fields[0], fields[1], fields[2], tokens))
    return tuple(patterns)


@lru_cache(maxsize=8)
def pattern_languages(name: str) -> frozenset[str]:
    """The languages lexicon `name` has patterns for: text in another is matched against
    all of them (loanwords, names of operations)."""
    return frozenset(p.language for p in load_patterns(name))


def _token_matches(pattern: str, token: str) -> bool:
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


@lru_cache(maxsize=8)
def _first_token_index(name: str, language: str | None) -> tuple[dict, dict]:
    """Patterns of a lexicon indexed by their first token: exact words, and prefixes."""
    exact: dict[str, list[Pattern]] = {}
    prefix: dict[str, list[Pattern]] = {}
    own = language in pattern_languages(name)
    for p in load_patterns(name):
        if own and p.language != language:
            continue
        head = p.tokens[0]
        if head.endswith("*"):
            prefix.setdefault(head[:-1], []).append(p)
        else:
            exact.setdefault(head, []).append(p)
    return exact, prefix


@lru_cache(maxsize=200_000)
def _patterns_starting(name: str, language: str | None, tok: str) -> tuple[Pattern, ...]:
    """Patterns whose first token matches `tok` (a word's candidates never change: cached,
    since trigger search asks this for every word of every sentence)."""
    exact, prefix = _first_token_index(name, language)
    candidates = list(exact.get(tok, ()))
    for k in range(1, len(tok) + 1):
        candidates += prefix.get(tok[:k], ())
    return tuple(candidates)


def lexicon_hits(tokens: list[str], name: str,
                 language: str | None) -> list[tuple[int, Pattern]]:
    """(token index, pattern) for every pattern of lexicon `name` (in `language`, all if None)."""
    language = language if language in pattern_languages(name) else None
    hits = []
    for i, tok in enumerate(tokens):
        for p in _patterns_starting(name, language, tok):
            n = len(p.tokens)
            if i + n <= len(tokens) and all(
                    _token_matches(p.tokens[k], tokens[i + k]) for k in range(1, n)):
                hits.append((i, p))
    return hits


def _regions(x: EventInput) -> dict[str, str]:
    """The text before, between and after the two spans (spans missing: around the one there)."""
    spans = sorted(s for s in (x.source, x.target) if s is not None)
    if not spans:
        return {"pre": "", "btw": x.sentence, "post": ""}
    first, last = spans[0], spans[-1]
    between = x.sentence[first[1]:last[0]] if len(spans) == 2 else ""
    pre = " ".join(x.sentence[:first[0]].split()[-CONTEXT_BEFORE:])
    post = " ".join(x.sentence[last[1]:].split()[:CONTEXT_AFTER])
    if _is_coordination(between, x.language):
        # "A and B held talks": the predicate follows both actors, so read it as the
        # between-region (after the conjunction, which stays as a feature).
        between = f"{between} {post}"
    return {"pre": pre, "btw": between, "post": post}


def _is_coordination(between: str, language: str) -> bool:
    """Whether the only words between the two actors are a conjunction ("and", "et")."""
    toks = words(between)
    if not toks:
        return False
    covered: set[int] = set()
    for i, p in lexicon_hits(toks, "cues.tsv", language):
        if p.concept == "coord":
            covered.update(range(i, i + len(p.tokens)))
    return len(covered) == len(toks)


def _masked_sentence(x: EventInput) -> str:
    """The sentence with the source and target spans replaced by SRC and TGT."""
    marks = [(s, "SRC") for s in [x.source] if s] + [(t, "TGT") for t in [x.target] if t]
    text = x.sentence
    for (start, end), word in sorted(marks, reverse=True):
        text = text[:start] + f" {word} " + text[end:]
    return text


def _lexicon_features(regions: dict[str, str], language: str) -> list[str]:
    """Feature tokens for trigger and cue hits, by region: e.g. btw_ASSAULT_bomb, btw_CUE_by."""
    feats: list[str] = []
    for region, text in regions.items():
        toks = words(text)
        hits = lexicon_hits(toks, "triggers.tsv", language)
        hits += lexicon_hits(toks, "cues.tsv", language)
        seen_first = False
        for i, p in sorted(hits, key=lambda h: h[0]):
            feats += [f"{region}_{p.type}", f"{region}_{p.type}_{p.concept}", f"any_{p.type}"]
            if region == "btw" and p.type != "CUE" and not seen_first:
                feats.append(f"first_{p.type}_{p.concept}")
                seen_first = True
    return feats


def feature_fields(x: EventInput) -> dict[str, str]:
    """The text fields the classifier vectorizes for one candidate."""
    regions = _regions(x)
    order = "SFIRST" if (x.source and x.target and x.source[0] < x.target[0]) else "TFIRST"
    between = [fold(w, compat=True) for w in words(regions["btw"])]
    ctx = ([f"P_{w}" for w in words(regions["pre"])]
           + [f"N_{w}" for w in words(regions["post"])] + [order]
           + [f"B{i}_{w}" for i, w in enumerate(between[:POSITIONS])]
           + [f"E{i}_{w}" for i, w in enumerate(reversed(between[-POSITIONS:]))]
           + [f"{order}_B0_{w}" for w in between[:1]])
    actors = []
    for tag, span in (("S", x.source), ("T", x.target)):
        if span is not None:
            text = x.sentence[span[0]:span[1]]
            actors += [f"{tag}_{fold(w, compat=True)}" for w in words(text)]
            actors += [f"{tag}_{f}" for f in _lexicon_features({"span": text}, x.language)]
    return {
        "actors": " ".join(actors),
        "btw": fold(regions["btw"], compat=True),
        "near": " ".join(between[:NEAR] + ["|"] + between[-NEAR:]),
        "ctx": " ".join(ctx),
        "sent": _masked_sentence(x).lower(),
        "lex": " ".join(_lexicon_features(regions, x.language) + [order]),
    }


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.FRENCH).build()


def guess_language(sentence: str) -> str:
    """'fr' or 'en' for a sentence whose language nobody told us (lingua, two languages only)."""
    found = _detector().detect_language_of(sentence)
    return "fr" if found is not None and found.name == "FRENCH" else "en"
