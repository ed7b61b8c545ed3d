"""`veille eval stories`: B-cubed on hand-checked cases, the committed gold's shape, and
the whole command on a few real gold stories (ingested, analysed, clustered)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from veille.eval.stories import GoldError, bcubed, load_gold, score_clusters

GOLD = Path(__file__).resolve().parents[1] / "data" / "stories_gold.tsv"


def test_bcubed_on_a_hand_computed_case():
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, gold) == (1.0, 1.0, 1.0)
    # one cluster: precision 1/2 for each, recall 1
    p, r, f = bcubed({i: 0 for i in gold}, gold)
    assert (p, r) == (0.5, 1.0) and f == pytest.approx(2 / 3)
    # singletons (an item missing from the prediction is one too): precision 1, recall 1/2
    assert bcubed({"a": 1, "b": 2, "c": 3}, gold)[:2] == (1.0, 0.5)
    score = score_clusters({"a": 1, "b": 1, "c": 2, "d": 2}, gold)
    assert score.ari == 1.0 and score.predicted_stories == 2


def test_the_committed_gold_is_split_by_story():
    gold = load_gold(GOLD)
    stories = {g.story for g in gold}
    assert len(gold) >= 300 and len(stories) >= 20
    split_of = {}
    for g in gold:
        assert split_of.setdefault(g.story, g.split) == g.split, g.story
    assert set(Counter(split_of.values())) == {"dev", "heldout"}


def test_a_gold_without_its_columns_is_refused(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("story\tid\nx\t1\n", encoding="utf-8")
    with pytest.raises(GoldError, match="header"):
        load_gold(bad)


def test_the_command_scores_real_gold_stories(shared_data, tmp_path):
    """Two dev stories of one month and a half (Hulot's and Collomb's resignations, 35
    articles), through ingest, analysis and clustering: each is found as one story or
    nearly, and the two are not mixed."""
    from typer.testing import CliRunner

    from veille.surfaces.cli import app

    keep = ("hulot-demission", "collomb-demission")
    lines = [line for line in GOLD.read_text(encoding="utf-8").splitlines()
             if line.startswith(("#", "story\t")) or line.split("\t")[0] in keep]
    small = tmp_path / "gold.tsv"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "stories", str(small), "--corpus",
                                      str(shared_data / "orangesum_fr.jsonl.gz"), "--split",
                                      "dev", "--db", str(tmp_path / "stores"), "--json"])
    assert result.exit_code == 0, result.output
    score = json.loads(result.output[result.output.index("{"):])["dev"]["score"]
    assert score["articles"] == 35 and score["gold_stories"] == 2
    assert score["precision"] == 1.0      # no Hulot article in a Collomb story
    assert score["f1"] >= 0.6 and score["predicted_stories"] <= 12
