from veille.stories.sentences import content_words, iter_query_terms, split_sentences
from veille.text import fold, words


def test_split_keeps_offsets_and_breaks_on_lines():
    text = "Titre du jour\nL'Iran a tiré 300 missiles. « Nous répondrons », dit-il. M. Araghchi est à Mascate !"
    parts = split_sentences(text)
    assert [p.text for p in parts] == ["Titre du jour", "L'Iran a tiré 300 missiles.",
                                       "« Nous répondrons », dit-il.",
                                       "M. Araghchi est à Mascate !"]
    assert all(text[p.start:p.end] == p.text for p in parts)


def test_words_cut_elisions_and_fold_accents():
    assert words("L'armée d’Égypte s'est retirée", elide=True) == ["armée", "égypte", "est", "retirée"]
    assert fold("Égypte", compat=True) == "egypte"
    assert "armée" in content_words("l'armée et la police") and "la" not in content_words("la")


def test_query_terms_match_derived_words():
    assert list(iter_query_terms("Égypte")) == ["egypt"]
    assert list(iter_query_terms("Iran USA")) == ["iran", "usa"]


def test_stop_words_are_spacys_lists_read_without_importing_the_language_packages():
    import subprocess
    import sys

    code = ("import sys; from veille.stories.sentences import stopwords; s = stopwords(); "
            "print(len(s), 'spacy.lang.fr' in sys.modules)")
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    assert fresh == [str(len({w.lower() for w in (*FR, *EN)})), "False"]


def test_split_finds_paragraph_breaks_a_scraper_glued():
    """OrangeSum (and scrapers that drop line breaks) glue paragraphs: "Bamako.Le". Each
    one is its own sentence; "M.Keïta" and "U.S.Army" are not breaks."""
    text = ('La junte a reçu la coalition à Bamako.Le président "IBK" avait été renversé".'
            'Il est libre, a dit M.Keïta selon l\'AFP.Moussa Traoré est mort le 15 septembre'
            ' 2020.La U.S.Army se tait.')
    assert [s.text for s in split_sentences(text)] == [
        "La junte a reçu la coalition à Bamako.",
        'Le président "IBK" avait été renversé".',
        "Il est libre, a dit M.Keïta selon l'AFP.",
        "Moussa Traoré est mort le 15 septembre 2020.",
        "La U.S.Army se tait."]
