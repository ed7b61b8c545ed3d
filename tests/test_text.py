"""The one folding and word splitting every stage uses (veille.text)."""

from __future__ import annotations

import pytest

from veille.text import fold, words


@pytest.mark.parametrize(("raw", "folded"), [
    ("Élysée", "elysee"),
    ("ÉTATS-UNIS", "etats-unis"),
    ("l’Iran", "l'iran"),
    ("USA–Iran", "usa-iran"),
    ("Œuvre", "œuvre"),
    ("Ça", "ca"),
])
def test_fold_keeps_length_and_unifies_apostrophes(raw: str, folded: str) -> None:
    assert fold(raw) == folded
    assert len(fold(raw)) == len(raw)


def test_fold_keeps_offsets_on_a_whole_sentence() -> None:
    text = "Le président de la République s’est rendu à Téhéran."
    folded = fold(text)
    start = folded.index("teheran")
    assert text[start:start + len("teheran")] == "Téhéran"


@pytest.mark.parametrize(("raw", "folded"), [
    ("Égypte", "egypte"),
    ("l’Iran", "l’iran"),  # apostrophes as written
    ("ﬁnance²", "finance2"),  # compatibility decomposition
    ("Œuvre", "œuvre"),
    ("a\u00a0b…", "a b..."),
])
def test_fold_compat(raw: str, folded: str) -> None:
    assert fold(raw, compat=True) == folded


def test_words_split_letters_and_digits_lower_cased() -> None:
    assert words("L’Iran et les États-Unis, 12 mai") == ["l", "iran", "et", "les", "états", "unis", "12", "mai"]


def test_words_elide_cuts_french_elisions_and_keeps_compounds() -> None:
    assert words("L’armée d'Égypte aujourd'hui qu'il", elide=True) == [
        "armée", "égypte", "aujourd'hui", "il"]
    assert words("snake_case", elide=True) == ["snake", "case"]
    assert words("snake_case") == ["snake_case"]
