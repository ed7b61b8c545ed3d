"""English parses rewritten into the Universal Dependencies the grammar reads (issue #24)."""

from __future__ import annotations

from veille.nlp import load_pipeline


def _arcs(text: str) -> set[tuple[str, str, str]]:
    return {(t.text, t.dep_, t.head.text) for t in load_pipeline("en")(text)}


def test_prepositional_objects_hang_on_their_verb_with_the_preposition_as_case() -> None:
    arcs = _arcs("The drones were shot down by the U.S. military.")
    assert {("military", "obl:agent", "shot"), ("by", "case", "military"),
            ("drones", "nsubj:pass", "shot"), ("were", "aux:pass", "shot")} <= arcs


def test_two_word_prepositions_become_case_and_fixed() -> None:
    arcs = _arcs("According to the Financial Times, Washington raised the attacks with Iran.")
    assert {("Times", "obl", "raised"), ("According", "case", "Times"),
            ("to", "fixed", "According"), ("attacks", "obj", "raised"),
            ("Iran", "nmod", "attacks"), ("with", "case", "Iran")} <= arcs


def test_sentences_survive_the_rewrite() -> None:
    doc = load_pipeline("en")("The attack on Israel was condemned.\nIran denied it. Then more.")
    assert [s.text.strip() for s in doc.sents] == [
        "The attack on Israel was condemned.", "Iran denied it.", "Then more."]


def test_english_events_get_both_roles_from_the_parse() -> None:
    import veille

    analysis = veille.analyze("Russian forces attacked Ukraine on Tuesday, Kyiv said.",
                              language="en", published="2025-06-05")
    assert [(e.source.text, e.target.text) for e in analysis.events if e.target] == [
        ("Russian forces", "Ukraine")]
