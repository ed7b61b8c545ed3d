"""Adding a language (#17): a toy Spanish registered with a blank spaCy pipeline and a
tiny time table is analysed through `veille.analyze`, its table used, nothing crashing;
unregistered, Spanish is back to the packaged profile (detected, no analysis data)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import veille
from veille.languages import (
    data_file, detected_languages, languages, profile, register_language, unregister_language,
)
from veille.nlp import load_pipeline
from veille.time.tagger import tag_times

TOY_TIME_TABLE = r"""
language: es
numbers: {uno: 1, dos: 2}
vague: [varios]
deictic: {anteayer: -2, ayer: -1, hoy: 0, "mañana": 1}
since_prefixes: [desde]
duration_prefixes: [durante]
tense_cues:
  future: '\b(?:será|habrá)\b'
  past: '\b(?:fue|lanzó|dijo)\b'
rules:
  - name: deictic
    kind: deictic
    pattern: '(?P<deictic>{DEICTIC})'
"""
TEXT = ("Irán lanzó ayer varios misiles contra Israel, dijo el ministro de Defensa.\n"
        "Las conversaciones en Mascate seguirán mañana.")


@pytest.fixture()
def toy_spanish(tmp_path: Path) -> Iterator[Path]:
    table = tmp_path / "es_time.yaml"
    table.write_text(TOY_TIME_TABLE, encoding="utf-8")
    register_language("es", blank="es", data={"time": table})
    yield table
    unregister_language("es")


def test_the_packaged_languages() -> None:
    assert {"fr", "en"} <= set(languages())
    assert profile("fr").spacy[0] == "fr_core_news_md"
    assert data_file("fr", "time") is not None and data_file("de", "time") is None
    assert detected_languages()[:2] == ("FRENCH", "ENGLISH") and "SPANISH" in detected_languages()
    assert tag_times("Il est venu hier.", published=None, language="de") == []


def test_a_toy_language_is_analysed_with_its_data(toy_spanish: Path) -> None:
    spanish = profile("es")
    assert spanish is not None and spanish.detect == "SPANISH"  # extended, not replaced
    assert data_file("es", "time") == toy_spanish
    assert load_pipeline("es").lang == "es"

    analysis = veille.analyze(TEXT, published="2024-04-14", language="es")

    assert [(t.text, t.value) for t in analysis.times] == [("ayer", "2024-04-13"),
                                                           ("mañana", "2024-04-15")]
    assert analysis.article.language == "es"
    assert analysis.quality["sentences"] == 2


def test_unregistered_the_toy_table_is_gone(toy_spanish: Path) -> None:
    unregister_language("es")
    assert data_file("es", "time") is None and profile("es").detect == "SPANISH"
    assert tag_times(TEXT, published=None, language="es") == []


# --- a whole new language as one data profile (#24) ---------------------------------------

TOY_CLAIMS_KEYS = {
    # a toy grammar: "<speaker> dixit ke <what was said>."
    "reporting_verbs": {"assert": ["dixit"], "deny": ["negavit"]},
    "quote_only_verbs": [], "incise_only_verbs": [], "auxiliaries": ["habet"],
    "complementizers": ["ke", ":"], "clause_complementizers": ["ke", ":"],
    "complementizer_required": True, "speaker_before_incise_verb": False,
    "infinitive_stances": [],
}
TOY_XX_TIME = r"""
language: xx
weekdays: {lunadi: 0, martadi: 1}
numbers: {un: 1, du: 2}
vague: [multi]
since_prefixes: [ab]
duration_prefixes: [per]
tense_cues:
  future: '\bvenit\b'
  past: '\b(?:dixit|negavit|fecit)\b'
rules:
  - name: weekday
    kind: weekday
    pattern: '(?:in\s+)?(?P<wd>{WEEKDAY})'
"""
XX_TEXT = "Ministro Kowalski dixit ke armeo fecit atako in lunadi."


@pytest.fixture()
def toy_xx(tmp_path: Path) -> Iterator[str]:
    """A language veille has never heard of, from data files only: a blank multi-language
    spaCy pipeline, a time table, a claims lexicon (the English one's lists with the toy's
    grammar words and facts), and the brief's labels (the English ones)."""
    import yaml
    from importlib import resources

    claims = yaml.safe_load(resources.files("veille.claims").joinpath("data/en.yaml")
                            .read_text("utf-8"))
    claims.update(TOY_CLAIMS_KEYS)
    (tmp_path / "claims.yaml").write_text(yaml.safe_dump(claims, allow_unicode=True), "utf-8")
    (tmp_path / "time.yaml").write_text(TOY_XX_TIME, "utf-8")
    labels = yaml.safe_load(resources.files("veille.surfaces.brief")
                            .joinpath("data/labels.yaml").read_text("utf-8"))["en"]
    (tmp_path / "brief.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), "utf-8")
    register_language("xx", name="Toy", blank="xx", babel="en",
                      data={"time": tmp_path / "time.yaml", "claims": tmp_path / "claims.yaml",
                            "brief": tmp_path / "brief.yaml"})
    yield "xx"
    unregister_language("xx")


def test_a_new_language_is_one_data_profile(toy_xx: str) -> None:
    from veille.languages import analysed_languages
    from veille.surfaces.brief.render import brief_languages

    assert "xx" in analysed_languages() and "xx" in brief_languages()
    analysis = veille.analyze(XX_TEXT, published="2024-04-18", language="xx")  # a Thursday

    assert [(t.text, t.value) for t in analysis.times] == [("in lunadi", "2024-04-15")]
    [claim] = analysis.claims
    assert claim.speaker_text == "Ministro Kowalski"
    assert claim.content.startswith("armeo fecit atako")


def test_the_api_and_brief_accept_only_analysed_languages(toy_xx: str) -> None:
    from pydantic import ValidationError

    from veille.surfaces.api.routes import Document

    assert Document(text="x", language="xx").language == "xx"
    unregister_language("xx")
    with pytest.raises(ValidationError):
        Document(text="x", language="xx")
