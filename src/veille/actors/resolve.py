"""Mentions of actors in an analysed article, each linked to a canonical actor when we can.

`resolve_mentions(doc, kb, published=…, language=…)` reads the text in four passes:

1. **Gazetteer.** One longest-match pass of the compiled index (`actors.index`) over the
   case- and accent-folded text finds KB names, framing names ("Entité sioniste"),
   metonyms ("Téhéran", "la Maison-Blanche"), role phrases, group nouns and nationality
   adjectives. Works the same without a parser, so English gets it too.
2. **Reading the pieces together.** A group noun with a nationality ("les forces
   iraniennes", "Iranian forces", "des fonctionnaires d'Oman") becomes that country's body
   or a generic actor (`actors.generic` documents the ids); a role phrase with a country
   ("le ministre iranien des Affaires étrangères") becomes whoever held the role on the
   article's date (`kb.holders`), or is left to the name beside it when there is one
   ("…, Abbas Araqchi"); a capital after "à/en/in" is a place, not an actor (see
   `veille.places`); "les Égyptiens" is Egypt's civilians.
3. **Named entities.** spaCy PER/ORG spans the KB does not know are kept as mentions with
   no actor and their NER label — never dropped, never forced onto a KB actor. A person
   whose nationality the text gives ("l'Égyptien Mohamed Diab", "X, une journaliste
   britannique") gets a derived person actor carrying that country.
4. **Short forms.** A surname seen after the full name ("McGurk" after "Brett McGurk"),
   or the initials of a three-word name ("IBK" after "Ibrahim Boubacar Keïta"), takes the
   same actor.

Generic descriptions without a nationality that are too vague ("les forces") and role
words without a country or a name ("le président") are not mentions: those are
coreference, which is out of scope.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from veille.actors.context import (SHARED_EVIDENCE, TITLE_EVIDENCE, Cue, article_country,
                                   fill_countries, fold, load_context_rules)
from veille.actors.generic import group_actor, person_actor, role_actor
from veille.actors.index import Entry, ResolverIndex, index_for, preferred_actor
from veille.actors.kb import KnowledgeBase
from veille.languages import trait
from veille.model import Actor, Mention
from veille.nlp import doc_text
from veille.phrases import Token, doc_tokens
from veille.places.gazetteer import load_gazetteer
from veille.press import find_furniture

log = logging.getLogger(__name__)

NER_PERSON = frozenset({"PER", "PERSON"})
#: A PER/ORG entity whose whole text names a city this big is taken for the city.
CITY_MIN_POPULATION = 100_000
NER_ORG = frozenset({"ORG", "NORP"})
#: Single-word group nouns are actors only as nouns ("les militaires", not "actions militaires").
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
#: Tokens allowed between a group noun's "de" and the country: "fonctionnaires de l'Iran".
_LINK_TOKENS = frozenset({"l", "la", "le", "les", "'"})
#: Name particles whose second part is also a surname: "al-Soudani" → "Soudani".
_PARTICLES = frozenset({"al", "el", "ad", "ben", "bin", "abu", "abou"})
#: Titles before a surname: "M. Soudani" is the Soudani named before.
_TITLES = frozenset({"m", "mme", "mlle", "me", "dr", "pr", "mr", "mrs", "ms", "gen", "général",
                     "maréchal", "président", "juge", "cheikh", "sheikh"})
#: The `method` of a group described as from elsewhere ("les pays occidentaux"):
#: `actors.context` gives the article's country to "group" mentions only.
FOREIGN_METHOD = "foreign_group"
#: Words that end the look-back for a nationality before a name ("côté américain, et Ali …").
_STOP_LEFT = frozenset({"et", "and", "ou", "or", "avec", "with"})


@dataclass(slots=True)
class Piece:
    """A gazetteer match: tokens [first, last) and its best reading."""

    first: int
    last: int
    entry: Entry
    entries: list[Entry]
    skipped: list[int] = field(default_factory=list)


Pieces = list[Piece]
ByFirst = dict[int, int]  # first token of a piece → its index in the piece list


@dataclass(slots=True)
class _Doc:
    """Per-article state shared by the passes."""

    doc: Doc
    text: str  # doc.text joins every token on each access: read it once
    has_pos: bool
    kb: KnowledgeBase
    index: ResolverIndex
    published: date | None
    tokens: list[Token]
    starts: list[int]
    mentions: list[Mention] = field(default_factory=list)
    appositive_country: dict[int, str] = field(default_factory=dict)  # person start → country
    person_spans: list[tuple[int, int]] = field(default_factory=list)
    claimed: list[tuple[int, int]] = field(default_factory=list)  # read, but not mentions
    reach: int = 0  # token where the last group/role description read ends

    def tok(self, char: int) -> int:
        return bisect_left(self.starts, char)

    def word_before(self, i: int, skip: frozenset[str] = frozenset({"'"})) -> str | None:
        j = i - 1
        while j >= 0 and self.tokens[j].key in skip:
            j -= 1
        return self.tokens[j].key if j >= 0 else None

    def span_text(self, first: int, last: int) -> tuple[int, int, str]:
        start, end = self.tokens[first].start, self.tokens[last - 1].end
        return start, end, self.text[start:end]

    def add(self, first: int, last: int, actor: Actor | None, method: str,
            label: str | None = None) -> Mention:
        start, end, text = self.span_text(first, last)
        mention = Mention(start=start, end=end, text=text, actor=actor, label=label, method=method)
        self.mentions.append(mention)
        return mention


def resolve_mentions(doc: Doc, kb: KnowledgeBase, *, published: date | None,
                     language: str) -> list[Mention]:
    """Every actor mention of `doc`, in text order; `actor` is None where no actor could be told."""
    tokens = doc_tokens(doc)
    state = _Doc(doc, doc_text(doc), doc.has_annotation("POS"), kb, index_for(kb, language), published,
                 tokens, [t.start for t in tokens])
    state.person_spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in NER_PERSON]
    pieces = _pieces(state)
    state.person_spans += _kb_person_spans(state, pieces)
    _read_pieces(state, pieces)
    _ner_mentions(state)
    _short_forms(state)
    furniture = find_furniture(state.text, language)  # "SANAA, Feb 10 (Reuters) -": no actor
    mentions = sorted((m for m in state.mentions if not furniture.covers(m.start, m.end)),
                      key=lambda m: (m.start, -m.end))
    rules = load_context_rules()
    cues = _context_cues(state, pieces)
    _unconfirmed_surnames(state, mentions, cues, rules.surname_sources)
    country, share = article_country(mentions, state.text, rules, cues)
    fill_countries(mentions, country, share, kb, rules, state.text)
    return mentions


def _unconfirmed_surnames(state: _Doc, mentions: list[Mention], cues: list[Cue],
                          sources: tuple[str, ...]) -> None:
    """Unlink a surname alone that only a bulk-converted KB file gives (`surname_sources`
    in context.yaml) when the article names neither the person's full name nor their
    country: "Najib", a Lebanese victim's first name, is no Maldivian minister of 2008, nor
    "Bitar" a Chilean one. The mention stays a person's name, which the article's
    country may then claim (`fill_countries`)."""
    if not sources:
        return
    named = {c.country for c in cues} | {
        m.actor.country for m in mentions if m.actor is not None
        and (m.actor.kind != "person" or len(m.text.split()) > 1)}
    folded = fold(state.text)
    for mention in mentions:
        actor = mention.actor
        if actor is None or actor.kind != "person" or mention.method != "kb_name" \
                or len(mention.text.split()) > 1 or actor.country in named:
            continue
        entry = state.kb.get(actor.id)
        bulk_only = entry is not None and all(part.endswith(sources) for part in (entry.origin or "").split("+"))
        if not bulk_only or fold(entry.name) in folded:
            continue  # a curated file vouches for the alias ("people.yaml+phoenix.json.gz")
        mention.actor, mention.label, mention.method = None, "PER", "ner"


def _context_cues(state: _Doc, pieces: Pieces) -> list[Cue]:
    """Nationality adjectives and capitals read as places: what an article is about, too."""
    cues = []
    for piece in pieces:
        start = state.tokens[piece.first].start
        if piece.entry.type == "adjective" and piece.entry.actor_id:
            cues.append(Cue(start, piece.entry.actor_id, "adjective"))
        elif piece.entry.type == "metonym" and \
                state.word_before(piece.first) in state.index.lexicon.locative:
            country = _country_of(state, piece)
            if country:
                cues.append(Cue(start, country, "place"))
    return cues


# --------------------------------------------------------------------------- pass 1: gazetteer

def _valid(state: _Doc, entry: Entry, first: int, last: int) -> bool:
    """Acronyms must match in capitals, one-word proper names must be capitalized in the text."""
    if not (entry.case_sensitive or entry.capitalized):
        return True
    _, _, text = state.span_text(first, last)
    if entry.case_sensitive:
        return text.replace("\u2019", "'") == entry.text
    return text[:1].isupper()


def _piece_at(state: _Doc, i: int) -> Piece | None:
    trie, tokens = state.index.trie, state.tokens
    match = trie.longest_at(tokens, i, state.index.adjective_keys)
    if match is not None and match.skipped and not any(e.type == "role" for e in match.payloads):
        match = trie.longest_at(tokens, i)
    if match is None:
        return None
    entries = [e for e in match.payloads if _valid(state, e, match.first, match.last)
               and (e.type == "role" or not match.skipped)]
    if not entries:
        return None
    entries.sort(key=lambda e: e.rank)
    return Piece(match.first, match.last, entries[0], entries, match.skipped)


def _pieces(state: _Doc) -> list[Piece]:
    pieces: list[Piece] = []
    i, tokens, starts_with = 0, state.tokens, state.index.trie.starts_with
    while i < len(tokens):
        piece = _piece_at(state, i) if starts_with(tokens[i].key) else None
        if piece is None:
            i += 1
        else:
            pieces.append(piece)
            i = piece.last
    return pieces


def _kb_person_spans(state: _Doc, pieces: Pieces) -> list[tuple[int, int]]:
    """Where the KB's people are named, known before reading roles ("le président Donald Trump")."""
    spans = []
    for piece in pieces:
        if piece.entry.type == "name":
            entry = state.kb.get(piece.entry.actor_id)
            if entry is not None and entry.kind == "person":
                start, end, _ = state.span_text(piece.first, piece.last)
                spans.append((start, end))
    return spans


# --------------------------------------------------------------------------- pass 2: reading

def _read_pieces(state: _Doc, pieces: list[Piece]) -> None:
    by_first = {p.first: k for k, p in enumerate(pieces)}
    consumed: set[int] = set()
    readers = {"name": _read_actor, "framing": _read_actor, "metonym": _read_actor,
               "group": _read_group, "role": _read_role, "adjective": _read_adjective,
               "place": _read_place}
    for k, piece in enumerate(pieces):
        if k not in consumed:
            consumed |= readers[piece.entry.type](state, piece, pieces, by_first, k)


def _read_place(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, k: int) -> set[int]:
    """A sea, strait or square: no actor, and no NER mention either (`veille.places` links it)."""
    start, end, _ = state.span_text(piece.first, piece.last)
    state.claimed.append((start, end))
    return set()


def _actor_of(state: _Doc, piece: Piece) -> Actor | None:
    same = [e.actor_id for e in piece.entries if e.rank == piece.entry.rank and e.actor_id]
    actor_id = preferred_actor(state.index, piece.entry.text, same) if len(same) > 1 else same[0]
    entry = state.kb.get(actor_id)
    return entry.to_actor() if entry is not None else None


def _country_of(state: _Doc, piece: Piece) -> str | None:
    """The country a piece stands for: an adjective's country, or a named actor's country."""
    if piece.entry.type == "adjective":
        return piece.entry.actor_id
    actor = _actor_of(state, piece)
    return actor.country if actor else None


def _next_piece(pieces: Pieces, by_first: ByFirst, at: int,
                gap: int = 0) -> int | None:
    for j in range(at, at + gap + 1):
        if j in by_first:
            return by_first[j]
    return None


def _is_english(state: _Doc) -> bool:
    """A language that puts a modifier before its noun ("Israeli soldiers", "Yemen's Houthi
    movement"), as English does: a trait of its profile (languages.yaml)."""
    return trait(state.index.language, "modifier_before_noun")


def _read_actor(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, k: int) -> set[int]:
    if piece.entry.type == "metonym" and state.word_before(piece.first) in state.index.lexicon.locative:
        return set()  # "arrivés à Mascate": a place (veille.places), not the state
    actor = _actor_of(state, piece)
    if actor is None:
        return set()
    if _partisan_prefix(state, piece):
        prefix_start = state.tokens[piece.first - 2].start
        if not state.mentions or state.text[state.mentions[-1].end:prefix_start].strip():
            state.add(piece.first - 2, piece.last,
                      group_actor(state.kb, "civilians", "CVL", None, "supporters"), "group")
        return set()  # "les pros-Morsi" are his supporters, "manifestants anti-Morsi" already read
    if piece.entry.type == "metonym" and actor.kind == "state":
        actor = group_actor(state.kb, "government", "GOV", actor.country, "government")
    shared = _shared_name(piece, actor)
    if shared is not None:
        return _read_shared(state, piece, pieces, by_first, actor, shared)
    if _is_english(state):
        group = _english_group_after(state, piece, pieces, by_first)
        if group is not None:
            reader = _read_role if pieces[group].entry.type == "role" else _read_group
            read = len(state.mentions), len(state.claimed)
            used = reader(state, pieces[group], pieces, by_first, group, modifier=piece) | {group}
            if (len(state.mentions), len(state.claimed)) != read:
                return used
            # The group after it was no actor ("Myanmar military headquarters" read as
            # an adjective): the name still is one.
    last, used = piece.last, set()
    nxt = _next_piece(pieces, by_first, piece.last)
    if nxt is not None and pieces[nxt].entry.type == "adjective" and \
            pieces[nxt].entry.actor_id in (actor.country, None):
        last, used = pieces[nxt].last, {nxt}  # "Hezbollah libanais", "Gardiens … iraniens"
    state.add(piece.first, last, actor, f"kb_{piece.entry.type}")
    return used


def _add_named(state: _Doc, piece: Piece) -> None:
    """The actor a name piece stands for, as a mention of its own; a capital standing for
    its state is the state's government ("Kremlin spokesman", "Moscow's envoy")."""
    actor = _actor_of(state, piece)
    if actor is None:
        return
    if piece.entry.type == "metonym" and actor.kind == "state":
        actor = group_actor(state.kb, "government", "GOV", actor.country, "government")
    state.add(piece.first, piece.last, actor, f"kb_{piece.entry.type}")


def _shared_name(piece: Piece, actor: Actor) -> Entry | None:
    """The group-noun reading of a KB name every country gives its body ("Assemblée
    nationale": FRALEG in the KB, a group noun of the lexicon), or None."""
    if piece.entry.type != "name" or actor.kind in ("state", "person"):
        return None
    return next((e for e in piece.entries if e.type == "group"), None)


def _read_shared(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, actor: Actor,
                 group: Entry) -> set[int]:
    """A shared institution name: a nationality after it decides ("l'Assemblée nationale
    malienne"), else the KB's reading stands, marked `+shared` for `fill_countries` to
    give it the article's country when the article is about another one."""
    country, last, used = _group_country(state, piece, pieces, by_first)
    if country is not None and country != actor.country:
        noun = group.group
        state.add(piece.first, last, group_actor(state.kb, noun.kind, noun.sector, country, noun.text),
                  "group")
        return used
    state.add(piece.first, last, actor, f"kb_name{SHARED_EVIDENCE}")
    return used


def _partisan_prefix(state: _Doc, piece: Piece) -> bool:
    i = piece.first
    return i >= 2 and state.tokens[i - 1].key == "-" and \
        state.tokens[i - 2].key in state.index.lexicon.partisan_prefixes


def _mid_sentence_capital(state: _Doc, piece: Piece) -> bool:
    """A capitalized common noun inside a sentence is part of a name ("Salles-la-Source")."""
    _, _, text = state.span_text(piece.first, piece.last)
    if not text[:1].isupper() or piece.first == 0:
        return False
    before = state.tokens[piece.first - 1].key
    return before.isalnum() or before == "-"


def _english_group_after(state: _Doc, piece: Piece, pieces: Pieces,
                         by_first: ByFirst) -> int | None:
    """"Iranian forces", "US officials", "Iran's foreign minister": the group after a country word."""
    at = piece.last
    if at + 1 < len(state.tokens) and state.tokens[at].key == "'" and state.tokens[at + 1].key == "s":
        at += 2
    nxt = _next_piece(pieces, by_first, at)
    if nxt is not None and pieces[nxt].entry.type in ("group", "role"):
        return nxt
    return None


def _group_country(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst,
                   role: bool = False) -> tuple[str | None, int, set[int]]:
    """(country, last token, consumed pieces) from what follows a French group noun or role.

    The last token ends the mention; `state.reach` records where the description ends
    ("l'émissaire de Donald Trump"), for the apposition test of roles.
    """
    state.reach = piece.last
    nxt = _next_piece(pieces, by_first, piece.last, gap=1)
    if nxt is not None and pieces[nxt].entry.type == "adjective":
        gap_token = state.tokens[piece.last].key if pieces[nxt].first > piece.last else ""
        if not gap_token or gap_token.isalpha() and gap_token not in state.index.lexicon.of:
            return pieces[nxt].entry.actor_id, pieces[nxt].last, {nxt}
    j = piece.last
    if j < len(state.tokens) and state.tokens[j].key in state.index.lexicon.of:
        j += 1
        while j < len(state.tokens) and j - piece.last < 4 and state.tokens[j].key in _LINK_TOKENS:
            j += 1
        nxt = by_first.get(j)
        if nxt is not None and pieces[nxt].entry.type in ("name", "metonym", "framing"):
            actor = _actor_of(state, pieces[nxt])
            if actor is not None and actor.country and actor.kind != "media":
                if actor.kind == "state":  # "fonctionnaires d'Oman": one mention
                    return actor.country, pieces[nxt].last, {nxt}
                state.reach = pieces[nxt].last
                return actor.country, piece.last, set()
    nxt = None if role else by_first.get(piece.last)  # "le président Keïta" names Keïta
    if nxt is not None and pieces[nxt].entry.type == "name":
        actor = _actor_of(state, pieces[nxt])
        if actor is not None and actor.kind == "person" and actor.country:
            return actor.country, pieces[nxt].last, {nxt}  # "l'administration Biden"
    return None, piece.last, set()


def _is_noun(state: _Doc, piece: Piece) -> bool:
    """One-word group nouns must be tagged as nouns when the pipeline has a tagger."""
    if piece.last - piece.first > 1 or not state.has_pos:
        return True
    start, end, _ = state.span_text(piece.first, piece.last)
    span = state.doc.char_span(start, end, alignment_mode="expand")
    return span is None or span.root.pos_ in NOUN_TAGS


def _read_group(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, k: int,
                modifier: Piece | None = None) -> set[int]:
    group = piece.entry.group
    first, used = piece.first, set()
    if modifier is not None:
        country, last, first = _country_of(state, modifier), piece.last, modifier.first
    elif _is_english(state):
        country, last = None, piece.last
    else:
        country, last, used = _group_country(state, piece, pieces, by_first)
    nxt = _next_piece(pieces, by_first, last)
    if nxt is not None and pieces[nxt].entry.type == "name":
        named = _actor_of(state, pieces[nxt])
        if named is not None and named.kind in ("armed_group", "opposition", "other"):
            state.add(first, pieces[nxt].last, named, "kb_name")  # "rebelles houthis"
            return used | {nxt}
    if group.needs_country and country is None or \
            not group.proper and _mid_sentence_capital(state, piece):
        return used
    if modifier is None and not _is_noun(state, piece):
        return used  # with a country before it, "Myanmar military" is the army, noun or not
    actor = group_actor(state.kb, group.kind, group.sector, country, group.text)
    # A group described as foreign keeps no country rather than take the article's.
    state.add(first, last, actor, FOREIGN_METHOD if group.foreign and country is None else "group")
    return used


def _is_former(state: _Doc, piece: Piece) -> bool:
    lexicon = state.index.lexicon
    before = state.word_before(piece.first)
    return before in lexicon.former or (
        piece.last < len(state.tokens) and state.tokens[piece.last].key in lexicon.former)


def _near_person(state: _Doc, first: int, last: int) -> tuple[int, int] | None:
    """A person name in apposition to tokens [first, last): "…, Abbas Araqchi" or "X, le …"."""
    for start, end in state.person_spans:
        p_first, p_last = state.tok(start), state.tok(end)
        # Distance first: slicing the tokens between a role and every person of the
        # article made long articles quadratic (20 s+ on some OrangeSum texts).
        if 0 <= p_first - last <= 10 and _apposition_gap(state, last, p_first):
            return start, end
        if not 0 <= first - p_last <= 5:
            continue
        before = [state.text[t.start:t.end] for t in state.tokens[p_last:first]]
        if before[:1] == [","] and all(
                k in "'\u2019" or k.isalpha() and k.islower() for k in before[1:]):
            return start, end
    return None


def _apposition_gap(state: _Doc, first: int, last: int) -> bool:
    """Whether tokens [first, last) between a role and a name keep them in apposition:
    nothing, a comma or colon ("le ministre, X"), a place ("le représentant de la Chine à
    Hong Kong, X") or an aside between dashes ("le chef de l'Etat du Niger - limitrophe du
    Mali - Mahamadou Issoufou")."""
    gap = [t.key for t in state.tokens[first:last]]
    while gap and gap[-1] in {",", ":"}:
        gap.pop()
    if len(gap) <= 1:
        return not gap or gap[0] in {",", ":"}
    if gap[0] in {"-", "\u2013", "\u2014"} and gap[-1] == gap[0]:
        return True
    if gap[0] in state.index.lexicon.locative and len(state.tokens) > last and \
            state.tokens[last - 1].key == ",":
        return all(state.text[t.start:t.start + 1].isupper() or t.key in {"-", "'"}
                   for t in state.tokens[first + 1:last - 1])
    return False


def _read_role(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, k: int,
               modifier: Piece | None = None) -> set[int]:
    role = piece.entry.role
    if modifier is not None:
        country, last, used = _country_of(state, modifier), piece.last, set()
    elif piece.skipped:
        inner = state.index.trie.longest_at(state.tokens, piece.skipped[0])
        adjectives = [e for e in (inner.payloads if inner else []) if e.type == "adjective"]
        country, last, used = (adjectives[0].actor_id if adjectives else None), piece.last, set()
    else:
        country, last, used = _group_country(state, piece, pieces, by_first, role=True)
    country = country or state.kb.role_country(role)
    first = modifier.first if modifier is not None else piece.first
    reach = max(last, state.reach) if modifier is None and not piece.skipped else last
    person = _near_person(state, first, reach)
    if person is not None:
        if country:
            state.appositive_country.setdefault(person[0], country)
        start, end, _ = state.span_text(first, last)
        state.claimed.append((start, end))
        for j in used:  # the name is the mention, and the state in its title one too
            if pieces[j].entry.type not in ("name", "framing", "metonym"):
                continue  # "le président malien": an adjective names no state
            named = _actor_of(state, pieces[j])
            if named is not None and named.kind == "state":
                state.add(pieces[j].first, pieces[j].last, named, f"kb_{pieces[j].entry.type}")
        if modifier is not None and modifier.entry.type in ("name", "framing", "metonym"):
            _add_named(state, modifier)  # "Kremlin spokesman Dmitry Peskov", "RSF commander X"
        return used
    if country is None:
        return used
    holders = [] if _is_former(state, piece) else state.kb.holders(role, country, state.published)
    actor = holders[0].to_actor() if holders else role_actor(role, country)
    state.add(first, last, actor, "role")
    return used


def _read_adjective(state: _Doc, piece: Piece, pieces: Pieces, by_first: ByFirst, k: int) -> set[int]:
    if _is_english(state):
        group = _english_group_after(state, piece, pieces, by_first)
        if group is not None:
            reader = _read_role if pieces[group].entry.type == "role" else _read_group
            return reader(state, pieces[group], pieces, by_first, group, modifier=piece) | {group}
    _, _, text = state.span_text(piece.first, piece.last)
    if not text[:1].isupper():
        return set()
    following = state.tokens[piece.last].start if piece.last < len(state.tokens) else None
    if following is not None and state.text[following:following + 1].isupper():
        return set()  # "l'Égyptien Mohamed Diab": the nationality of the name that follows
    # French writes adjectives in lower case: a capitalized nationality is a people
    # ("les Égyptiens"); English capitalizes both, so only plurals count there.
    if not trait(state.index.language, "capitalized_nationality_adjectives") \
            or text.endswith("s"):
        actor = group_actor(state.kb, "civilians", "CVL", piece.entry.actor_id, text)
        state.add(piece.first, piece.last, actor, "demonym")
    return set()


# --------------------------------------------------------------------------- pass 3: NER

def _overlapping(state: _Doc, start: int, end: int) -> list[Mention]:
    return [m for m in state.mentions if m.start < end and start < m.end]


def _nationality_near(state: _Doc, start: int, end: int) -> str | None:
    """A nationality adjective just before a name or in the apposition after it."""
    first, last = state.tok(start), state.tok(end)
    window = []
    for j in range(first - 1, max(-1, first - 5), -1):
        if not state.tokens[j].key.isalnum() or state.tokens[j].key in _STOP_LEFT:
            break
        window.append(j)
    opens_apposition = last + 1 < len(state.tokens) and state.tokens[last].key == "," and \
        state.tokens[last + 1].key in state.index.lexicon.demonym_determiners
    if opens_apposition:
        for j in range(last + 1, min(len(state.tokens), last + 8)):
            if state.tokens[j].key in {",", ".", ";", ":", "("}:
                break
            window.append(j)
    for j in window:
        if state.tokens[j].key in state.index.adjective_keys:
            inner = state.index.trie.longest_at(state.tokens, j)
            for entry in inner.payloads if inner else ():
                if entry.type == "adjective":
                    return entry.actor_id
    return None


def _title_country(state: _Doc, start: int) -> str | None:
    """The country a title right before a name implies ("le sénateur démocrate X", "le
    républicain X": American), from `person_titles` in context.yaml."""
    pattern = load_context_rules().person_titles
    if pattern is None:
        return None
    found = pattern.search(fold(state.text[max(0, start - 40):start]))
    return found.lastgroup.split("_")[0] if found else None


def _words(text: str) -> list[str]:
    return [fold(w) for w in re.split(r"[\s'\u2019-]+", text) if w]


def _same_name(state: _Doc, mention: Mention, full: str) -> bool:
    """Whether the parser's longer name `full` around a KB person's `mention` is that
    person: the KB name must close it (the surname) and every other word of it must be
    one of the KB's ways of writing the person ("Ali Abdallah Saleh" around "Saleh"),
    give or take a transliteration,
    else it is someone else with that surname ("Hussein Hijazi", "M'Bemba Moussa Keïta")."""
    if not full.rstrip().endswith(mention.text.rstrip()):
        return False
    entry = state.kb.get(mention.actor.id)
    if entry is None:
        return True
    known = set(_words(entry.name))
    for forms in entry.aliases.values():
        for form in forms:
            known.update(_words(form))
    extra = [fold(w) for w in re.split(r"[\s'\u2019-]+", full[:len(full) - len(mention.text)])
             if w[:1].isupper() and fold(w).rstrip(".") not in _TITLES]  # "le commandant X" 
    # Transliterations differ ("Aly"/"Ali", "Mohamed"/"Mohammad"): a word agreeing with a
    # known one on its first two letters is the same name; "Hussein" and "Muhammad" are not.
    prefixes = {k[:2] for k in known}
    return all(w in known or w[:2] in prefixes for w in extra)


def _looks_like_name(ent, has_pos: bool) -> bool:
    """A proper name has a proper-noun or all-capitals word: not "Cibles potentielles et …"."""
    if not has_pos:
        return True
    return any(t.pos_ == "PROPN" or (t.is_upper and len(t) > 1) for t in ent)


def _is_city(state: _Doc, text: str) -> bool:
    entry = load_gazetteer(state.index.language).lookup(text)
    return entry is not None and entry.type == "city" and entry.population >= CITY_MIN_POPULATION


def _ner_mentions(state: _Doc) -> None:
    surnames = _surname_index(state)
    for ent in state.doc.ents:
        if ent.label_ not in NER_PERSON | NER_ORG:
            continue
        start, end = ent.start_char, ent.end_char
        if not _looks_like_name(ent, state.has_pos) or any(s < end and start < e for s, e in state.claimed):
            continue
        if _is_city(state, ent.text):
            continue  # "DUBAÏ, 4 février": a dateline tagged ORG; veille.places reads it
        inside = _overlapping(state, start, end)
        known = _same_person(surnames, ent.text) if ent.label_ in NER_PERSON else None
        if inside and known is not None and known.actor is None:
            inside = [m for m in inside if m.method != "kb_name"]  # "M. Bitar" is Karim Bitar
            state.mentions[:] = [m for m in state.mentions if m in inside or
                                 not (m.start < end and start < m.end)]
        if inside:
            people = ent.label_ in NER_PERSON and all(
                m.actor is not None and m.actor.kind == "person" and start <= m.start and m.end <= end
                for m in inside)
            if not people:
                continue
            if len(inside) == 1 and _same_name(state, inside[0], ent.text):
                inside[0].start, inside[0].end, inside[0].text = start, end, ent.text
                continue
            for m in inside:  # "Hussein Hijazi" is not the KB's Muhammad Hijazi
                state.mentions.remove(m)
                for key in [k for k, v in surnames.items() if v is m]:
                    del surnames[key]
        first, last = state.tok(start), state.tok(end)
        if ent.label_ in NER_ORG:
            state.add(first, last, None, "ner", ent.label_)
            continue
        if known is not None:
            state.add(first, last, known.actor, _short_method(known), ent.label_)
            continue
        country = state.appositive_country.get(start) or _nationality_near(state, start, end)
        method = "ner"
        if country is None:
            country = _title_country(state, start)
            method = f"ner{TITLE_EVIDENCE}" if country else method
        actor = person_actor(ent.text, country) if country else None
        mention = state.add(first, last, actor, method, ent.label_)
        for surname in _surnames(mention.text):
            surnames.setdefault(surname, mention)


# --------------------------------------------------------------------------- pass 4: short forms

def _short_method(full: Mention) -> str:
    """A short form's method: it carries the evidence its full name's country came with."""
    return f"short_form{TITLE_EVIDENCE}" if (full.method or "").endswith(TITLE_EVIDENCE) else "short_form"


def _surnames(name: str) -> list[str]:
    words = name.split()
    if len(words) < 2:
        return []
    last = words[-1]
    out = [last] if last[:1].isupper() and len(last) > 2 else []
    head, _, tail = last.partition("-")
    if tail and head.lower() in _PARTICLES and tail[:1].isupper():
        out.append(tail)
    return out


def _same_person(surnames: dict[str, Mention], name: str) -> Mention | None:
    """The earlier mention a name repeats: "McGurk", "M. McGurk" or the same full name.

    A different first name with the same surname is someone else ("Assa Traoré" after
    "Adama Traoré"), so a full name must repeat whole.
    """
    words = name.split()
    known = surnames.get(words[-1])
    if known is None:
        return None
    if len(words) == 1 or words[0].lower().rstrip(".") in _TITLES:
        return known
    return known if " ".join(known.text.split()) == " ".join(words) else None


def _surname_index(state: _Doc) -> dict[str, Mention]:
    index: dict[str, Mention] = {}
    for mention in state.mentions:
        if mention.actor is not None and mention.actor.kind == "person":
            for surname in _surnames(mention.text) + _surnames(mention.actor.name):
                index.setdefault(surname, mention)
    return index


def _initials(name: str) -> str | None:
    """"IBK" for "Ibrahim Boubacar Keïta": how French writes some leaders after the full name."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in words).upper() if len(words) >= 3 else None


def _short_forms(state: _Doc) -> None:
    """Later bare surnames (and initials) of people named in full earlier in the article."""
    surnames = _surname_index(state)
    for mention in [m for m in state.mentions if m.label in NER_PERSON]:
        for surname in _surnames(mention.text):
            surnames.setdefault(surname, mention)
    initials: set[str] = set()
    for mention in [m for m in state.mentions if m.actor is not None and m.actor.kind == "person"]:
        short = _initials(mention.text)
        if short:
            surnames.setdefault(short, mention)
            initials.add(short)
    if not surnames:
        return
    for mention in state.mentions:  # "Bitar" after "Karim Bitar" is not the KB's Sergio Bitar
        full = surnames.get(mention.text)
        if full is None or full.start >= mention.start:
            continue
        if full.actor is None and mention.method == "kb_name" and mention.actor is not None \
                and mention.actor.kind == "person":
            mention.actor, mention.label, mention.method = None, full.label, "short_form"
        elif mention.text in initials and mention.actor is None and mention.label in NER_ORG:
            # The parser reads initials as an organisation ("ATT", "IBK"): they are the person.
            mention.actor, mention.label, mention.method = full.actor, full.label, _short_method(full)
    taken = sorted((m.start, m.end) for m in state.mentions)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, surnames)) + r")(?!\w)")
    for found in pattern.finditer(state.text):  # a regex scan: no Python loop over every word
        full = surnames[found.group()]
        start, end = found.span()
        k = bisect_left(taken, (start, end))
        if start < full.start or any(s < end and start < e for s, e in taken[max(0, k - 2):k + 2]):
            continue
        state.add(state.tok(start), state.tok(end), full.actor, _short_method(full), full.label)
