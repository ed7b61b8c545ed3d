"""Language detection: lingua over a bounded prefix, ISO 639-1 codes."""

from __future__ import annotations

import pytest

from veille.ingest.language import SAMPLE_CHARS, _prefix, detect_language, language_sample, \
    paragraph_languages


@pytest.mark.parametrize("text, code", [
    ("Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman, où plusieurs "
     "sessions de discussions ont déjà eu lieu au sujet du programme nucléaire de Téhéran.", "fr"),
    ("Talks between the United States and Iran are due to take place on Friday in Oman, where several "
     "rounds of discussions on Tehran's nuclear programme have already been held.", "en"),
    ("Die Gespräche zwischen den Vereinigten Staaten und dem Iran sollen am Freitag im Oman stattfinden, "
     "wo bereits mehrere Gesprächsrunden über das iranische Atomprogramm stattgefunden haben.", "de"),
    ("Las conversaciones entre Estados Unidos e Irán se celebrarán el viernes en Omán, donde ya se han "
     "celebrado varias rondas de negociaciones sobre el programa nuclear de Teherán.", "es"),
    ("من المقرر أن تجري المحادثات بين الولايات المتحدة وإيران يوم الجمعة في سلطنة عمان", "ar"),
    ("Переговоры между США и Ираном должны пройти в пятницу в Омане, где уже состоялось несколько раундов.", "ru"),
    ("مذاکرات میان ایالات متحده و ایران قرار است روز جمعه در عمان برگزار شود و چند دور گفتگو انجام شده است", "fa"),
])
def test_detects_language(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "12 345 — 67", "OK"])
def test_too_little_text_is_unknown(text):
    assert detect_language(text) is None


def test_prefix_is_bounded_and_cut_between_words():
    text = "mot " * 10_000
    prefix = _prefix(text, SAMPLE_CHARS, SAMPLE_CHARS - 30)
    assert SAMPLE_CHARS - 30 <= len(prefix) <= SAMPLE_CHARS
    assert prefix.endswith("mot")


def test_names_do_not_decide():
    """Real OrangeSum opening (line 2893) that a raw 100-character prefix classifies as English."""
    text = ("Des Rolling Stones à Ed Sheeran en passant par Paul McCartney ou Depeche Mode, les plus grands "
            "noms de la musique britannique ont apporté leur soutien aux salles de concert.")
    assert "Sheeran" not in language_sample(text)
    assert detect_language(text) == "fr"


def test_title_case_text_keeps_its_words():
    text = "Iran And The United States Agree To Meet In Oman Next Week For Indirect Talks On The Nuclear File"
    assert language_sample(text).startswith("Iran And The")
    assert detect_language(text) == "en"


def test_first_sentences_decide():
    french = ("Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman, où plusieurs "
              "sessions de discussions ont déjà eu lieu. ")
    assert detect_language(french + "Talks between the United States and Iran are due. " * 500) == "fr"


# A French article behind an English agency caption, as scraped pages print them (#19).
CAPTION = ("EDITOR'S NOTE: Reuters is unable to independently verify the authenticity of this image. "
           "Protesters gather in Tahrir Square in Cairo on February 1, 2011, demanding the resignation "
           "of President Hosni Mubarak. REUTERS/Stringer Tags: politics, civil unrest")
BODY = ("Des centaines de milliers de manifestants se sont rassemblés mardi place Tahrir, au Caire, "
        "pour exiger le départ du président Hosni Moubarak.\n"
        "L'armée égyptienne a assuré lundi qu'elle ne tirerait pas sur la foule, tandis que les "
        "Etats-Unis ont appelé le gouvernement à engager des réformes sans attendre.\n"
        "Le vice-président Omar Souleimane a annoncé qu'il allait rencontrer l'opposition, "
        "selon la télévision d'Etat.")


def test_an_english_caption_on_top_never_flips_a_french_article():
    assert detect_language(CAPTION) == "en"
    assert detect_language(f"{CAPTION}\n{BODY}") == "fr"
    assert detect_language(f"{BODY}\n{CAPTION}") == "fr"
    assert [lang for _p, lang in paragraph_languages(f"{CAPTION}\n{BODY}")] == ["en", "fr", "fr", "fr"]


def test_an_english_article_quoting_one_french_sentence_stays_english():
    english = ("Hundreds of thousands of protesters gathered in Tahrir Square on Tuesday to demand "
               "that President Hosni Mubarak step down after thirty years in power.\n"
               "The army said on Monday that it would not fire on the crowds, while the United States "
               "urged the government to start reforms without delay.")
    quote = "« Nous ne partirons pas tant qu'il ne sera pas parti », a déclaré un manifestant."
    assert detect_language(f"{english}\n{quote}") == "en"


def test_the_french_analysis_survives_the_caption():
    """Times, actors and events of the French body are found with the French pipeline."""
    import veille

    record = veille.analyze(f"{CAPTION}\n{BODY}", published="2011-02-01").to_dict()
    assert record["language"] == "fr"
    times = {t["text"]: t["value"] for t in record["times"]}
    assert times["mardi"] == "2011-02-01" and times["lundi"] == "2011-01-31"
    mentions = {m["text"] for m in record["mentions"]}
    assert {"Hosni Moubarak", "Omar Souleimane", "Etats-Unis"} <= mentions
    assert ("PROTEST", "rassemblés") in {(e["type"], e["trigger"]) for e in record["events"]}


def test_every_page_of_the_furniture_gold_is_french():
    """37 scraped pages (32 Egypt, 5 seeds), furniture and all, in both cleaning modes (#19)."""
    from pathlib import Path

    from veille.eval.furniture import load_gold
    from veille.ingest.clean import clean_text
    from veille.ingest.dates import split_header

    gold = Path(__file__).resolve().parents[1] / "data" / "furniture"
    for doc in load_gold(gold):
        body = split_header("\n".join(doc.lines))[1]
        for mode in ("patterns", "combined"):
            assert detect_language(clean_text(body, furniture=mode).text) == "fr", (doc.name, mode)
