"""The resolver's compiled lookup: every KB alias, nationality adjective, role phrase and
group noun of one language in a single phrase trie, built once per (KB, language).

A trie payload says what a phrase is; when one phrase is several things ("Washington":
a metonym of the USA, and a city), `Entry.rank` orders the readings.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from veille.actors.kb import KnowledgeBase, is_case_sensitive, normalize_alias
from veille.actors.lexicon import GroupNoun, Lexicon, load_lexicon
from veille.phrases import PhraseTrie, phrase_keys
from veille.places.gazetteer import feature_names

log = logging.getLogger(__name__)

#: Reading order when one phrase carries several payloads: names before everything else.
RANK = {"name": 0, "framing": 1, "metonym": 2, "role": 3, "group": 4, "adjective": 5, "place": 6}


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a phrase: an actor's alias, a nationality adjective, a role or a group noun."""

    type: str                      # name | framing | metonym | adjective | role | group | place
    text: str                      # the phrase as written in the KB or lexicon
    actor_id: str | None = None    # name/framing/metonym: the actor; adjective: the country actor
    role: str | None = None
    group: GroupNoun | None = None
    case_sensitive: bool = False   # acronyms match only in capitals
    capitalized: bool = False      # title-case names match only when capitalized in the text

    @property
    def rank(self) -> int:
        return RANK[self.type]


@dataclass(slots=True)
class ResolverIndex:
    """What `resolve_mentions` needs for one language, compiled once."""

    language: str
    trie: PhraseTrie
    adjective_keys: frozenset[str]
    lexicon: Lexicon
    preferred: dict[str, str] = field(default_factory=dict)  # normalized alias → preferred actor id


def _title_case(text: str) -> bool:
    """Proper names written with every word capitalized ("Oman", "Le Point", "Financial Times")
    must be capitalized in the text too, or "sur le point de" would be the magazine."""
    words = [w for w in text.replace("-", " ").split() if w[:1].isalpha()]
    return bool(words) and all(w[:1].isupper() for w in words)


def _alias_entries(kb: KnowledgeBase, language: str):
    for text, actor_id, alias_kind in kb.aliases(language):
        entry = kb.get(actor_id)
        if alias_kind == "adjective":
            yield text, Entry("adjective", text, actor_id=entry.country or actor_id)
            continue
        yield text, Entry(alias_kind, text, actor_id=actor_id,
                          case_sensitive=is_case_sensitive(text), capitalized=_title_case(text))


def build_index(kb: KnowledgeBase, language: str) -> ResolverIndex:
    """Compile the KB and the lexicon of `language` into one trie (a few hundred ms, once)."""
    lexicon = load_lexicon(language)
    trie = PhraseTrie()
    adjectives: set[str] = set()
    for text, entry in _alias_entries(kb, language):
        trie.add(text, entry)
        if entry.type == "adjective":
            adjectives.update(phrase_keys(text))
    for role, phrases in kb.role_phrases(language).items():
        for phrase in phrases:
            trie.add(phrase, Entry("role", phrase, role=role))
    for noun in lexicon.groups:
        trie.add(noun.text, Entry("group", noun.text, group=noun))
    # Seas, straits, squares: "la mer d'Oman" is a place, and its "Oman" no state mention.
    for name, _ in feature_names(language):
        trie.add(name, Entry("place", name, capitalized=name[:1].isupper()))
    preferred = {key: rule.prefer for key, rule in kb.alias_rules(language).items() if rule.prefer}
    log.info("resolver index for %r: %d phrases", language, trie.size)
    return ResolverIndex(language, trie, frozenset(adjectives), lexicon, preferred)


_CACHE: dict[tuple[int, str], tuple[KnowledgeBase, ResolverIndex]] = {}
_LOCK = threading.Lock()


def index_for(kb: KnowledgeBase, language: str) -> ResolverIndex:
    """The compiled index of (kb, language), built on first use and kept for the process."""
    key = (id(kb), language)
    with _LOCK:
        cached = _CACHE.get(key)
        if cached is None or cached[0] is not kb:
            cached = (kb, build_index(kb, language))
            _CACHE[key] = cached
        return cached[1]


def preferred_actor(index: ResolverIndex, text: str, candidates: list[str]) -> str:
    """Which of several actors sharing an alias to read: the KB's `prefer` rule, else the first listed."""
    preferred = index.preferred.get(normalize_alias(text))
    return preferred if preferred in candidates else candidates[0]
