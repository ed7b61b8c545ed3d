"""`veille eval events` on a small PLV-format fixture, and the scoring rules behind it."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from veille.eval.events import evaluate_events, in_gold_space, read_gold, score

# Real sentences: OEDA gold records (English) and the seed articles (French), PLV layout.
FIXTURE = """uid\tmarked_sentence\tgold_root
g1\t<s>Pakistan</s> today threatened to break off diplomatic relations with <t>Congo</t> over their ties with Israel.\tTHREATEN
g2\t<s>Irish nationalist guerrillas</s> wounded two <t>British soldiers</t> in a bomb attack on Thursday, police said.\tASSAULT
g3\t<s>Taiwan's Vice Foreign Minister</s> visited <t>Russia</t> today.\tCONSULT
s1\t<s>L'Iran</s> a lancé des missiles et des drones contre <t>Israël</t>.\tASSAULT
s2\t<s>Donald Trump</s> avait menacé <t>l'Iran</t> de représailles.\tTHREATEN
s3\t<s>Israël</s> a libéré <t>des prisonniers palestiniens</t> en échange des otages.\tYIELD
"""


@pytest.fixture()
def gold(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_yield_gold_accepts_concede_and_retreat():
    assert in_gold_space("YIELD", "RETREAT") == "YIELD"
    assert in_gold_space("YIELD", "ASSAULT") == "ASSAULT"
    s = score(["YIELD", "YIELD", "ASSAULT"], ["CONCEDE", "RETREAT", "THREATEN"])
    assert s.accuracy == pytest.approx(2 / 3)
    assert [c.label for c in s.per_class] == ["ASSAULT", "YIELD"]
    assert s.macro_f1 == pytest.approx((0.0 + 1.0) / 2)
    assert "THREATEN" in s.labels  # predicted-only labels still show in the confusion matrix


def test_read_gold_guesses_languages(gold):
    rows = read_gold(gold)
    assert [r.x.language for r in rows] == ["en", "en", "en", "fr", "fr", "fr"]
    assert rows[0].x.sentence[slice(*rows[0].x.source)] == "Pakistan"


def test_missing_column_is_named(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("uid\tsentence\n1\tx\n", encoding="utf-8")
    with pytest.raises(ValueError, match="gold_root"):
        read_gold(bad)


def test_evaluate_writes_one_prediction_per_uid(gold, tmp_path):
    out = tmp_path / "pred.tsv"
    scores = evaluate_events(gold, predictions_path=out)
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert [r["uid"] for r in rows] == ["g1", "g2", "g3", "s1", "s2", "s3"]
    assert scores.n == 6 and scores.accuracy >= 5 / 6
    assert {r["uid"]: r["predicted"] for r in rows}["s1"] == "ASSAULT"


def test_cli_eval_events(gold, tmp_path):
    from veille.surfaces import cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    out = tmp_path / "p.tsv"
    result = CliRunner().invoke(app, ["eval", "events", str(gold), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert "macro-F1=" in result.output and "ASSAULT" in result.output
    assert out.is_file()


def test_cli_eval_events_missing_file(tmp_path):
    from veille.surfaces import cli  # noqa: F401  (builds the app)
    from veille.surfaces.cli_app import app

    result = CliRunner().invoke(app, ["eval", "events", str(tmp_path / "none.tsv")])
    assert result.exit_code == 2 and "gold file not found" in result.output
