"""Countries named by a nationality adjective ("un drone iranien", "des frappes américaines").

The actor resolver makes a mention of an adjective only inside a group phrase ("forces
iraniennes"); an event's role often sits on a bare adjective of the trigger or its object,
so this reads the same KB adjectives (countries' `adjectives:` lists) to name the country.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from veille.actors.kb import load_kb
from veille.model import Actor, Mention

#: The method recorded on mentions made here, so they can be told from the resolver's.
METHOD = "event-adjective"


@lru_cache(maxsize=4)
def _adjective_index(language: str) -> dict[str, Actor]:
    """Lowercased nationality adjective → the state actor it names, for one language."""
    index: dict[str, Actor] = {}
    for entry in load_kb().entries.values():
        if entry.kind != "state":
            continue
        for adjective in entry.adjectives.get(language, []):
            index.setdefault(adjective.lower(), entry.to_actor())
    return index


def country_of_adjective(tok: Token, language: str) -> Mention | None:
    """A mention of the country a nationality adjective names ("pro-iraniens" is not one)."""
    actor = _adjective_index(language).get(tok.lower_)
    if actor is None:
        return None
    return Mention(tok.idx, tok.idx + len(tok.text), tok.text, actor, method=METHOD)
