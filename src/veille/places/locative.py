"""Locative words ("à", "en", "in"…): after one, a name reads as a place.

They live with the places, not in the actor resolver's lexicon, because both stages
read them and the places must not import the actors (the actors already use the
gazetteer): the resolver gets them from here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


from veille.phrases import phrase_keys
from veille.yamlfile import load_yaml

LOCATIVE_FILE = Path(__file__).resolve().parent / "data" / "locative.yaml"


@lru_cache(maxsize=8)
def locative_words(language: str) -> frozenset[str]:
    """The folded first token of every locative word of `language` (English when unknown)."""
    raw = load_yaml(LOCATIVE_FILE.read_text(encoding="utf-8"))
    listed = raw.get(language) or raw["en"]
    return frozenset(keys[0] for keys in map(phrase_keys, listed) if keys)
