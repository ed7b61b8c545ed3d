"""The actor-mention evaluator: gold loading, span matching, scores, and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.eval.actors import (GoldMention, Predicted, Score, body_region, evaluate, load_gold,
                                match_mentions, read_document, score_document)
from veille.model import Actor, Mention

GOLD = Path(__file__).resolve().parents[1] / "data" / "actors_gold.tsv"


def test_the_repo_gold_is_large_enough_and_split():
    gold = load_gold(GOLD)
    assert len(gold) >= 300
    assert {g.split for g in gold} == {"seeds", "dev", "heldout"}
    assert all(g.end > g.start for g in gold)


def test_gold_offsets_point_at_the_mentions(shared_data):
    gold = load_gold(GOLD)
    for key in {g.doc for g in gold}:
        doc = read_document(key, shared_data)
        for g in (g for g in gold if g.doc == key):
            assert " ".join(doc.text[g.start:g.end].split()) == " ".join(g.mention.split())


def test_date_line_is_blanked_without_moving_offsets(shared_data):
    doc = read_document("seed:004_fd30a04ac12fdf52", shared_data)
    raw = (shared_data / "seeds" / "004_fd30a04ac12fdf52.txt").read_text(encoding="utf-8")
    assert len(doc.text) == len(raw) and doc.published.isoformat() == "2026-02-04"
    assert "date" not in doc.text[:20]


def g(start, end, country="IRN", kind="state"):
    return GoldMention("file:x", start, end, "x" * (end - start), country, kind)


def p(start, end, country="IRN", kind="state"):
    return Predicted(start, end, "x", country, kind, "IRN")


def test_matching_is_one_to_one_and_prefers_exact_spans():
    gold = [g(0, 4), g(10, 20)]
    pairs = match_mentions(gold, [p(10, 15), p(10, 20), p(0, 4), p(30, 34)])
    assert sorted((a.start, a.end, b.start, b.end) for a, b in pairs) == [(0, 4, 0, 4),
                                                                         (10, 20, 10, 20)]


def test_scores_count_country_and_kind_on_matches_only():
    from veille.eval.actors import Document

    doc = Document("file:x", "Iran et Irak.\nFin.", None)
    score = Score()
    mentions = [Mention(0, 4, "Iran", Actor("IRN", "Iran", "state", "IRN")),
                Mention(8, 12, "Irak", Actor("IRQ", "Iraq", "state", "IRQ")),
                Mention(14, 17, "Fin", None, label="PER")]
    score_document(score, doc, [g(0, 4), g(8, 12, "IRQ", "government")], mentions)
    assert (score.gold, score.predicted, score.matched) == (2, 2, 2)  # "Fin" is outside the body
    assert score.country_accuracy == 1.0 and score.kind_accuracy == 0.5
    assert body_region(doc.text, [g(0, 4)]) == (0, 13)


def test_evaluate_with_a_perfect_and_an_empty_resolver(tmp_path):
    (tmp_path / "a.txt").write_text("Les forces iraniennes et Washington.", encoding="utf-8")
    gold = [GoldMention("file:a.txt", 4, 21, "forces iraniennes", "IRN", "military"),
            GoldMention("file:a.txt", 25, 35, "Washington", "USA", "government")]

    def perfect(docs):
        return [[Mention(x.start, x.end, x.mention, Actor("A", "A", x.kind, x.country))
                 for x in gold] for _ in docs]

    assert evaluate(gold, tmp_path, perfect)["all"].f1 == 1.0
    assert evaluate(gold, tmp_path, lambda docs: [[] for _ in docs])["all"].recall == 0.0


def test_cli_scores_a_small_gold(tmp_path, nlp_fr):
    from veille.surfaces.cli_app import app
    import veille.surfaces.cli  # noqa: F401  (builds the app)

    (tmp_path / "a.txt").write_text("Téhéran a répondu aux États-Unis.", encoding="utf-8")
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("doc\tchar_start\tchar_end\tmention\tcountry\tkind\n"
                         "file:a.txt\t0\t7\tTéhéran\tIRN\tgovernment\n"
                         "file:a.txt\t22\t32\tÉtats-Unis\tUSA\tstate\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "actors", str(gold_file), "--docs-root",
                                      str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"recall": 1.0' in result.output


def test_dev_gold_floors(shared_data):
    """The figures the issue asks for, as a gate: a drop below them fails CI."""
    from veille.eval.actors import pipeline_resolver

    scores = evaluate(load_gold(GOLD), shared_data, pipeline_resolver("fr"), ["seeds", "dev"])
    assert scores["all"].recall >= 0.90
    assert scores["all"].country_accuracy >= 0.93


ORANGESUM_GOLD = GOLD.with_name("actors_gold_orangesum.tsv")
ENGLISH_GOLD = GOLD.parent / "en" / "actors_gold_en.tsv"


def test_dev_floors_on_crises_nobody_tuned_to(shared_data):
    """Issues #18 and #24, as a gate on the dev splits only (held-out is reported, never
    gated: a floor there would be tuning to it). OrangeSum dev: recall 0.932, country
    0.955; English dev: recall 0.932, country 0.954 when this floor was set."""
    from veille.eval.actors import pipeline_resolver

    resolver = pipeline_resolver("fr")
    french = evaluate(load_gold(ORANGESUM_GOLD), shared_data, resolver, ["dev"])["all"]
    english = evaluate(load_gold(ENGLISH_GOLD), shared_data, resolver, ["en-dev"],
                       gold_dir=ENGLISH_GOLD.parent)["all"]
    assert french.recall >= 0.92 and french.country_accuracy >= 0.945
    assert english.recall >= 0.92 and english.country_accuracy >= 0.94


def test_the_orangesum_gold_is_large_enough_split_by_crisis_and_built_from_its_annotation():
    """Issue #18: >= 20 articles and 1,000 mentions on >= 4 crises, split fixed by crisis."""
    import csv

    gold = load_gold(ORANGESUM_GOLD)
    assert len(gold) >= 1000 and len({g.doc for g in gold}) >= 20
    assert {g.split for g in gold} == {"dev", "heldout"}
    with ORANGESUM_GOLD.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    split_of = {}
    for row in rows:
        assert split_of.setdefault(row["crisis"], row["split"]) == row["split"]
    assert len({c for c, s in split_of.items() if s == "heldout"}) >= 4
    assert any(g.generic for g in gold) and all(g.kind for g in gold)
    ann = ORANGESUM_GOLD.with_suffix(".ann").read_text(encoding="utf-8")
    assert {g.doc.split(":", 1)[1] for g in gold} == {
        line.split()[1] for line in ann.splitlines() if line.startswith("@ ")}


def test_orangesum_gold_offsets_point_at_the_mentions(shared_data):
    if not (shared_data / "orangesum_fr.jsonl.gz").exists():
        pytest.skip("OrangeSum not in the shared data")
    gold = load_gold(ORANGESUM_GOLD)
    for key in {g.doc for g in gold}:
        doc = read_document(key, shared_data)
        assert doc.published is not None and doc.published.year >= 2016
        for g in (g for g in gold if g.doc == key):
            assert doc.text[g.start:g.end] == g.mention


def test_scores_by_kind_and_over_generic_mentions():
    from veille.eval.actors import Document

    doc = Document("file:x", "Iran et armée.", None)
    gold = [g(0, 4), GoldMention("file:x", 8, 13, "armée", "IRN", "military", generic=True)]
    score = Score()
    score_document(score, doc, gold, [Mention(8, 13, "armée", Actor("MIL", "armée", "military", None))])
    assert (score.kinds["state"].gold, score.kinds["state"].matched) == (1, 0)
    assert (score.generic.gold, score.generic.matched, score.generic.country_ok) == (1, 1, 0)
    assert score.as_dict()["kinds"]["military"]["recall"] == 1.0


def test_generic_column_is_read(tmp_path):
    gold_file = tmp_path / "gold.tsv"
    gold_file.write_text("doc\tchar_start\tchar_end\tmention\tcountry\tkind\tsplit\tgeneric\n"
                         "file:a.txt\t0\t5\tarmée\tMLI\tmilitary\tdev\t1\n"
                         "file:a.txt\t9\t13\tMali\tMLI\tstate\tdev\t\n", encoding="utf-8")
    assert [x.generic for x in load_gold(gold_file)] == [True, False]
