"""Fuzzing the analysis stages on hostile text: no crash, no hang, offsets that hold.

Each stage is called on its own (actors, places, times, claims, quality) so a failure
names the stage; the whole pipeline (events included) runs on the same inputs. Inputs
mix French news words with Arabic script, bidi and zero-width controls, emoji and
control characters, in French and English (the English pipeline has no parser).
The long run tries `VEILLE_FUZZ_EXAMPLES` inputs per language (default 300), its figures
in benchmarks/results/fuzz/stages-<language>.json (see fuzz_support.campaign).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fuzz_support import bounded, campaign, hostile_text, slow_examples
from veille.model import Article

PER_INPUT_S = 20.0
FAST = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
REAL = ("Emmanuel Macron a déclaré lundi 3 mars 2024 à Paris que « la trêve à Gaza doit "
        "tenir », selon l'Élysée. Le Hamas a rejeté l'offre, a indiqué un responsable au Caire. ")
texts = st.one_of(hostile_text, hostile_text.map(lambda t: REAL + t + " " + REAL))


def assert_spans(items, text: str, *, exact: bool = True) -> None:
    """Every item's [start, end) lies inside `text` (and spells its `.text` when it has one)."""
    for item in items:
        assert 0 <= item.start <= item.end <= len(text), (item, len(text))
        if exact and getattr(item, "text", None) is not None:
            assert text[item.start:item.end] == item.text, item


def check_stages(text: str, language: str) -> None:
    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.claims.extract import extract_claims
    from veille.claims.quality import quality_profile
    from veille.nlp import load_pipeline
    from veille.places.find import find_places
    from veille.time.tagger import tag_times

    doc = load_pipeline(language)(text)
    with bounded(f"actors-{language}", PER_INPUT_S):
        mentions = resolve_mentions(doc, load_kb(), published=None, language=language)
    assert_spans(mentions, text)
    with bounded(f"places-{language}", PER_INPUT_S):
        assert_spans(find_places(doc, language=language, mentions=mentions), text)
    with bounded(f"times-{language}", PER_INPUT_S):
        assert_spans(tag_times(text, published=None, precision="unknown", language=language,
                               doc=doc), text)
    with bounded(f"claims-{language}", PER_INPUT_S):
        claims = extract_claims(doc, mentions=mentions, language=language)
    assert_spans(claims, text, exact=False)
    with bounded(f"quality-{language}", PER_INPUT_S):
        assert isinstance(quality_profile(doc, claims, language=language), dict)


def check_pipeline(text: str, language: str) -> None:
    from veille.run.pipeline import Pipeline

    with bounded(f"pipeline-{language}", PER_INPUT_S):
        (analysis,) = Pipeline().analyze([Article(id="fuzz", text=text, language=language)])
    assert_spans(analysis.events, text, exact=False)
    assert analysis.to_dict()["id"] == "fuzz"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_stages_survive_hostile_text(nlp_fr, language):
    @FAST
    @given(text=texts)
    def run(text: str) -> None:
        check_stages(text, language)
        check_pipeline(text, language)

    run()


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "en"])
def test_stages_survive_hostile_text_long(nlp_fr, language: str) -> None:
    def check(text: str) -> list[str]:
        check_stages(text, language)
        check_pipeline(text, language)
        return ["analysed"]

    figures = campaign(language, texts, check, slow_examples(300), suite="stages")
    assert figures["crashes"] == figures["hangs"] == 0, figures["failures"]
    assert figures["done"], figures


@pytest.mark.parametrize("text", [
    "",
    " ",
    "\u200b\u200f\u202e",
    "Le porte-parole a déclaré\u200f « \u202bوقف إطلاق النار\u202c » lundi au Caire.",
    "🇫🇷" * 500,
    "« " * 400 + "a déclaré",
    "Macron " * 3000,
    "selon " * 2000 + "l'ONU.",
    "Le 3 mars. " * 1500,
])
def test_pathological_texts_in_bounded_time(nlp_fr, text):
    check_stages(text, "fr")
    check_pipeline(text, "fr")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_nul_character_after_an_actor_name(nlp_fr, language):
    """Found by the long stage fuzz: the phrase trie kept its payloads under the key "\\0",
    so a NUL token after "Iran" was read as a child node (AttributeError)."""
    check_stages("Iran \x00 Irak a dit", language)
