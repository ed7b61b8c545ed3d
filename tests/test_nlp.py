"""The spaCy pipeline veille runs: components served per token give spaCy's own answers."""

from __future__ import annotations

import spacy

from veille.nlp import installed_pipeline, lemma, paragraph_sentences

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


SPACED = ("Le 3 mars  2020, le ministre\t a dit :\n\n« Nous ne céderons pas. »\n \n"
          "Les frappes ont repris   à Bagdad.\n")


def test_the_attribute_ruler_runs_as_a_table(nlp_fr) -> None:
    assert "veille_attribute_table" in nlp_fr.pipe_names
    assert "attribute_ruler" not in nlp_fr.pipe_names  # loaded, disabled
    assert "attribute_ruler" in nlp_fr.component_names


def test_the_table_gives_the_rulers_annotations(nlp_fr) -> None:
    """TAG, POS, MORPH and DEP of every token (whitespace tokens included) as spaCy's own
    attribute_ruler sets them, on a doc parsed by the rest of veille's pipeline."""
    with nlp_fr.select_pipes(disable=["veille_attribute_table", "ner"]):
        parsed = nlp_fr(TEXT + "\n" + SPACED)
    ruled, tabled = parsed.copy(), parsed.copy()
    nlp_fr.get_pipe("attribute_ruler")(ruled)
    nlp_fr.get_pipe("veille_attribute_table")(tabled)

    def annotations(doc):
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i) for t in doc]

    assert annotations(tabled) == annotations(ruled)
    assert any(t.is_space and t.tag_ == "SPACE" and t.dep_ == "dep" for t in tabled)
    assert tabled[1].text == "armée" and tabled[1].tag_ == tabled[1].pos_ == "NOUN"
    assert not parsed.has_annotation("TAG") and tabled.has_annotation("TAG")


def test_a_line_break_starts_a_sentence() -> None:
    """The token after a whitespace token holding a line break starts a sentence, and no
    other token is marked (spaCy's trailing whitespace is one space at most)."""
    doc = paragraph_sentences(spacy.blank("fr").make_doc(
        "Téhéran menace  Washington\nLes frappes ont repris. \n\n Bagdad dément\n"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Téhéran", "Les", "Bagdad"]  # the first token always starts one
    assert doc[2].is_space and doc[2].text == " " and not doc[3].is_sent_start
