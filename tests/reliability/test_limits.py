"""Per-document limits: a document over a budget is stored, flagged, never silently dropped
and never allowed to stall the run."""

from __future__ import annotations

import time

import pytest

from veille.run.limits import AnalysisTimeout, DocumentLimits, analyze_within, capped, time_budget
from veille.model import Analysis, Article
from veille.run.pipeline import Pipeline, PipelineOptions
from veille.run.runner import RunOptions, ingest
from veille.store import open_store

SENTENCE = "Emmanuel Macron a rencontré Joe Biden à Paris lundi, selon l'Élysée. "


def test_time_budget_interrupts_a_python_loop():
    started = time.perf_counter()
    with pytest.raises(AnalysisTimeout):
        with time_budget(0.2):
            while True:
                pass
    assert time.perf_counter() - started < 2


def test_time_budget_restores_an_outer_timer():
    with pytest.raises(AnalysisTimeout, match="outer"):
        with time_budget(0.5):
            with time_budget(5):  # inner, shorter-lived: must hand the rest back
                pass
            raise_after = time.perf_counter() + 3
            try:
                while time.perf_counter() < raise_after:
                    pass
            except AnalysisTimeout:
                raise AnalysisTimeout("outer") from None


def test_stalled_analysis_is_abandoned_and_flagged():
    article = Article(id="a", text=SENTENCE)

    def stalls() -> Analysis:
        while True:
            pass

    analysis = analyze_within(stalls, article, DocumentLimits(max_seconds=0.2))
    assert analysis.article is article
    assert analysis.mentions == [] and analysis.quality["analysis_timeout"] == 0.2


def test_env_configures_limits(monkeypatch):
    monkeypatch.setenv("VEILLE_MAX_ANALYSIS_CHARS", "123")
    monkeypatch.setenv("VEILLE_DOC_TIMEOUT", "4.5")
    assert DocumentLimits.from_env() == DocumentLimits(123, 4.5)
    monkeypatch.setenv("VEILLE_DOC_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="VEILLE_DOC_TIMEOUT"):
        DocumentLimits.from_env()


def test_capped_keeps_prefix_offsets(nlp_fr):
    article = Article(id="long", language="fr", text=SENTENCE * 40)
    limits = DocumentLimits(max_analysis_chars=len(SENTENCE) * 2, max_seconds=30)
    assert capped(article, limits).text == SENTENCE * 2
    (analysis,) = Pipeline(PipelineOptions(limits=limits)).analyze([article])
    assert analysis.article is article  # the whole text is stored
    assert analysis.quality["analysis_truncated_at"] == len(SENTENCE) * 2
    assert analysis.mentions and all(m.end <= len(SENTENCE) * 2 for m in analysis.mentions)
    assert all(article.text[m.start:m.end] == m.text for m in analysis.mentions)


def test_slow_document_does_not_stall_the_run(tmp_path, nlp_fr, monkeypatch):
    """One article whose analysis hangs is stored flagged; the others are analysed."""
    import veille.run.pipeline as pipeline

    real = pipeline.Pipeline.analyze_doc

    def hangs_on_poison(self, doc, article, language, **kwargs):
        while "POISON" in article.text:
            pass
        return real(self, doc, article, language, **kwargs)

    monkeypatch.setattr(pipeline.Pipeline, "analyze_doc", hangs_on_poison)
    other = "Le Hamas a rejeté mardi l'offre de trêve présentée au Caire par l'Égypte. "
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i, text in enumerate([SENTENCE, "POISON " + other, other * 2]):
        (inputs / f"{i}.txt").write_text(text, encoding="utf-8")
    options = PipelineOptions(limits=DocumentLimits(max_seconds=0.5))
    started = time.perf_counter()
    with open_store(str(tmp_path / "v.duckdb")) as store:
        summary = ingest([str(inputs)], store, run=RunOptions(pipeline=options))
        rows = store.con.execute("SELECT text, analyzed, quality FROM articles "
                                 "ORDER BY text").fetchall()
    assert time.perf_counter() - started < 60
    assert summary.stored == 3 and summary.analyzed == 3
    flagged = [text for text, analyzed, quality in rows if "analysis_timeout" in quality]
    assert flagged == ["POISON " + other.strip()]
    assert all(analyzed for _, analyzed, _ in rows)


def test_oversized_document_is_stored_truncated_and_flagged(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(SENTENCE * 1000, encoding="utf-8")
    with open_store(str(tmp_path / "v.duckdb")) as store:
        from veille.ingest import ReadOptions

        summary = ingest([str(tmp_path / "in")], store, read=ReadOptions(max_chars=5000),
                         run=RunOptions(analyze=False))
        (truncated, chars), = store.con.execute(
            "SELECT truncated, length(text) FROM articles").fetchall()
    assert summary.stored == 1 and truncated and chars <= 5000
