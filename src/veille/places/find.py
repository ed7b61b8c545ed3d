"""Places named in an article ("à Mascate", "au-dessus de la mer d'Oman", "le détroit d'Ormuz").

`find_places(doc, language=…, mentions=…)` links place names to the gazetteer
(`places.gazetteer`). It takes the article's actor mentions so that a name is read
once: an actor is not a place ("Téhéran a répondu"), except a country or capital named
after a locative word, which is both the actor and where things happen ("discussions à
Oman": a state mention *and* a place; "arrivés à Mascate": a place only — the resolver
leaves capitals after "à/en/in" to us).

A single capitalized word is taken for a city only with some evidence it is a place —
spaCy tagged it LOC/GPE, or a locative word precedes it — so that "Sur la place" or
"by Chia" do not become Tyre or Chía.
spaCy LOC/GPE entities the gazetteer does not know are kept, unlinked (name None).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Doc

from veille.model import Mention, Place
from veille.nlp import doc_text
from veille.phrases import Match, Token, doc_tokens
from veille.places.gazetteer import Gazetteer, PlaceEntry, load_gazetteer
from veille.places.locative import locative_words
from veille.press import Furniture, find_furniture

NER_PLACE = frozenset({"LOC", "GPE", "FAC"})
#: Actor kinds whose name is also a place when it follows a locative word.
PLACE_LIKE_KINDS = frozenset({"state", "government"})


def _word_before(tokens: list[Token], i: int) -> str | None:
    j = i - 1
    while j >= 0 and tokens[j].key == "'":
        j -= 1
    return tokens[j].key if j >= 0 else None


def _place(text: str, start: int, end: int, entry: PlaceEntry | None) -> Place:
    if entry is None:
        return Place(start=start, end=end, text=text[start:end])
    return Place(start=start, end=end, text=text[start:end], name=entry.name,
                 country=entry.country, lat=entry.lat, lon=entry.lon)


def _evidence(doc: Doc, tokens: list[Token], match: Match, locative: frozenset[str],
              ner_spans: list[tuple[int, int]]) -> bool:
    """Whether a one-word capitalized name is used as a place here (see the module docstring)."""
    start, end = tokens[match.first].start, tokens[match.last - 1].end
    if match.last - match.first > 1 or _word_before(tokens, match.first) in locative:
        return True
    return any(s <= start and end <= e for s, e in ner_spans)


def _covered(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _gazetteer_places(doc: Doc, text: str, gazetteer: Gazetteer, tokens: list[Token],
                      locative: frozenset[str], mentions: Sequence[Mention]) -> list[Place]:
    ner_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NER_PLACE]
    actor_spans = [(m.start, m.end) for m in mentions]
    places = []
    for match in gazetteer.trie.find_all(tokens):
        start, end = tokens[match.first].start, tokens[match.last - 1].end
        entry, capitalized = match.payloads[0]
        if capitalized and not text[start:start + 1].isupper():
            continue
        if _covered(start, end, actor_spans):
            continue
        if entry.type in ("city", "country") and not _evidence(doc, tokens, match, locative, ner_spans):
            continue
        places.append(_place(text, start, end, entry))
    return places


def _locative_actor_places(text: str, gazetteer: Gazetteer, tokens: list[Token],
                           locative: frozenset[str], mentions: Sequence[Mention]) -> list[Place]:
    """"à Oman", "en Irak": a state mention after a locative word is also a place."""
    places: list[Place] = []
    candidates = [m for m in mentions if m.actor is not None and m.actor.kind in PLACE_LIKE_KINDS]
    if not candidates:
        return places
    starts = [t.start for t in tokens]
    for m in candidates:
        i = bisect_left(starts, m.start)
        if i < len(starts) and starts[i] == m.start and _word_before(tokens, i) in locative:
            entry = gazetteer.lookup(m.text)
            if entry is not None:
                places.append(_place(text, m.start, m.end, entry))
    return places


def _dateline_places(text: str, gazetteer: Gazetteer, furniture: Furniture) -> list[Place]:
    """The place a story was filed from ("SANAA, Feb 10 (Reuters) -"), one per name of
    a shared dateline ("NAIROBI/PORT-AU-PRINCE"); unlinked when the gazetteer lacks it."""
    if furniture.place is None:
        return []
    start, end = furniture.place
    places = []
    for part in re.finditer(r"[^/]+", text[start:end]):
        s, e = start + part.start(), start + part.end()
        places.append(_place(text, s, e, gazetteer.lookup(text[s:e])))
    return places


def find_places(doc: Doc, *, language: str, mentions: Sequence[Mention] = ()) -> list[Place]:
    """Every place named in `doc`, in text order, linked to the gazetteer where it can be."""
    gazetteer = load_gazetteer(language)
    locative = locative_words(language)
    tokens, text = doc_tokens(doc), doc_text(doc)
    furniture = find_furniture(text, language)
    dateline = _dateline_places(text, gazetteer, furniture)
    places = dateline + [p for p in _gazetteer_places(doc, text, gazetteer, tokens, locative, mentions)
                         if not furniture.covers(p.start, p.end)]
    places += _locative_actor_places(text, gazetteer, tokens, locative, mentions)
    taken = [(p.start, p.end) for p in places] + [(m.start, m.end) for m in mentions]
    for ent in doc.ents:
        if ent.label_ in NER_PLACE and not _covered(ent.start_char, ent.end_char, taken) \
                and not furniture.covers(ent.start_char, ent.end_char):
            entry = gazetteer.lookup(ent.text)
            places.append(_place(text, ent.start_char, ent.end_char, entry))
    return sorted(places, key=lambda p: (p.start, -p.end))
