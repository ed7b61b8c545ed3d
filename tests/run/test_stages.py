"""Stages by name: a user's stage runs through the real Pipeline without touching it,
stages can be left out, and a wrong list fails early with a message saying what to do."""

from __future__ import annotations

from importlib import metadata

import pytest

import veille.plugins as plugins
import veille.run.stages as stages
from veille.errors import VeilleError
from veille.model import Analysis, Article
from veille.run.options import PipelineOptions
from veille.run.pipeline import Pipeline
from veille.run.stages import StageError, default_stage_names, register_stage

BUILTIN = ("veille.actors.v1", "veille.places.v1", "veille.times.v1", "veille.claims.v1",
           "veille.events.v1", "veille.quality.v1")

# A real seed passage (004, 2026-02-04) with a quote of our own that shouts.
TEXT = (
    "DUBAÏ, 4 février - Des pourparlers entre les États-Unis et l'Iran doivent se tenir "
    "vendredi à Oman, où plusieurs sessions de discussions ont déjà eu lieu au sujet du "
    "programme nucléaire de Téhéran.\n\n"
    "Donald Trump a menacé mardi l'Iran de \"graves\" conséquences, a déclaré un responsable "
    "régional. « Nous ne céderons jamais ! Jamais ! » a répondu Abbas Araghchi."
)


def article(text: str = TEXT, ident: str = "seed-004") -> Article:
    from datetime import date

    return Article(id=ident, text=text, published=date(2026, 2, 4), language="fr")


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for the test: its registrations do not outlive it."""
    monkeypatch.setattr(stages, "_REGISTRY", dict(stages.registered_stages()))
    return stages._REGISTRY


def test_default_stages_come_from_the_data_file():
    assert default_stage_names() == BUILTIN
    assert Pipeline().stage_names == BUILTIN


def test_a_registered_stage_runs_through_the_real_pipeline(registry, nlp_fr):
    @register_stage("tests.exclamations.v1", assigns=("quality",))
    def exclamations(doc, analysis: Analysis, context) -> None:
        analysis.quality["exclamations"] = sum(t.text == "!" for t in doc)

    options = PipelineOptions(stages=(*default_stage_names(), "tests.exclamations.v1"))
    (analysis,) = Pipeline(options).analyze([article()])
    assert analysis.quality["exclamations"] == 2
    assert analysis.quality["tokens"] > 0  # the built-in stages ran too
    assert {"USA", "IRN"} <= {m.actor.id for m in analysis.mentions if m.actor}
    assert any(e.type == "THREATEN" and e.status == "threatened" for e in analysis.events)
    assert analysis.claims


def test_disabled_claims_leave_no_claims_and_the_rest_degrades(nlp_fr):
    (analysis,) = Pipeline(PipelineOptions(disable=("veille.claims.v1",))).analyze([article()])
    assert analysis.claims == []
    assert analysis.events and all(e.attributed_to is None for e in analysis.events)
    assert analysis.quality["named_sources"] == 0  # quality runs, with no claims to count
    assert analysis.mentions and analysis.times


def test_unknown_stage_names_list_the_registered_ones():
    assert issubclass(StageError, VeilleError) and issubclass(StageError, ValueError)
    with pytest.raises(StageError, match="unknown analysis stage.*'veille.actor.v1'") as err:
        Pipeline(PipelineOptions(stages=("veille.actor.v1", "veille.events.v1")))
    assert all(name in str(err.value) for name in BUILTIN)
    with pytest.raises(StageError, match="'veille.claim.v1'"):
        Pipeline(PipelineOptions(disable="veille.claim.v1"))


def test_events_without_actors_is_an_error_that_says_what_to_enable():
    with pytest.raises(StageError, match="'veille.events.v1' requires 'mentions'.*"
                                         "veille.actors.v1"):
        Pipeline(PipelineOptions(disable=("veille.actors.v1",)))
    with pytest.raises(StageError, match="requires 'mentions'"):  # order matters too
        Pipeline(PipelineOptions(stages=("veille.events.v1", "veille.actors.v1")))
    both = Pipeline(PipelineOptions(disable=("veille.actors.v1", "veille.events.v1")))
    assert "veille.events.v1" not in both.stage_names


def test_a_stage_listed_twice_is_refused():
    with pytest.raises(StageError, match="twice: veille.times.v1"):
        Pipeline(PipelineOptions(stages=("veille.times.v1", "veille.times.v1")))


def test_deferred_work_is_finished_once_per_batch(registry, nlp_fr):
    calls: list[list[str]] = []

    def finish(pending, context) -> None:
        calls.append([a.article.id for a, _ in pending])
        for analysis, n in pending:
            analysis.quality["words_seen_at_batch_end"] = n

    @register_stage("tests.deferred.v1")
    def deferring(doc, analysis, context) -> None:
        context.defer(finish, analysis, len(doc))

    pipeline = Pipeline(PipelineOptions(stages=("veille.times.v1", "tests.deferred.v1")))
    analyses = pipeline.analyze([article(ident="a"), article("Rien à signaler.", "b")])
    assert calls == [["a", "b"]]
    assert [a.quality["words_seen_at_batch_end"] for a in analyses] == [
        len(nlp_fr(TEXT)), len(nlp_fr("Rien à signaler."))]
    # Analysed alone (analyze_doc without a batch context), it is finished at once.
    doc = nlp_fr("Rien.")
    alone = pipeline.analyze_doc(doc, article("Rien.", "c"), "fr")
    assert calls[-1] == ["c"] and alone.quality["words_seen_at_batch_end"] == len(doc)


def test_entry_points_register_stages(registry, monkeypatch):
    point = metadata.EntryPoint(name="plugin.sizes.v1", group=stages.ENTRY_POINT_GROUP,
                                value="veille.run.builtin_stages:quality")
    monkeypatch.setattr(plugins.metadata, "entry_points", lambda group: [point])
    stages._load_plugins.cache_clear()
    try:
        assert "plugin.sizes.v1" in stages.registered_stages()
    finally:
        stages._load_plugins.cache_clear()


def test_options_take_one_name_or_a_list():
    options = PipelineOptions(stages=["veille.times.v1"], disable="veille.claims.v1")
    assert options.stages == ("veille.times.v1",)
    assert options.disable == ("veille.claims.v1",)
    assert PipelineOptions().stages is None
