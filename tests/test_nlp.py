"""The spaCy pipeline veille runs: components served per token give spaCy's own answers."""

from __future__ import annotations

import spacy

from veille.nlp import installed_pipeline, lemma

TEXT = ("L'armée a affirmé mardi que les rebelles avaient attaqué deux villages.\n"
        "Le gouvernement menace de suspendre les négociations prévues à Genève.")


def test_the_lemmatizer_is_not_run_over_every_token(nlp_fr) -> None:
    assert "lemmatizer" not in nlp_fr.pipe_names
    doc = nlp_fr(TEXT)
    assert not doc.has_annotation("LEMMA")


def test_lazy_lemmas_are_the_full_pipelines_lemmas(nlp_fr) -> None:
    full = spacy.load(installed_pipeline("fr"))
    full.add_pipe("veille_paragraph_sentences", before="parser")
    ours, theirs = nlp_fr(TEXT), full(TEXT)
    assert [t.pos_ for t in ours] == [t.pos_ for t in theirs]
    assert [lemma(t) for t in ours] == [t.lemma_ for t in theirs]
    assert lemma(ours[2]) == "avoir" and lemma(ours[3]) == "affirmer"


def test_a_lemma_read_twice_is_written_on_the_token(nlp_fr) -> None:
    token = nlp_fr(TEXT)[3]
    assert token.lemma == 0
    assert lemma(token) == "affirmer"
    assert token.lemma_ == "affirmer"


def test_a_pipeline_without_lemmatizer_keeps_spacys_empty_lemma() -> None:
    doc = spacy.blank("fr")("Les rebelles ont attaqué.")
    assert [lemma(t) for t in doc] == [""] * len(doc)
    doc[0].lemma_ = "le"
    assert lemma(doc[0]) == "le"
