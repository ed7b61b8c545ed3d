"""`veille eval time`: the gold loader, the scores, the dateparser baseline and the floors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.eval.time import HEADER, evaluate, load_gold, parse_anchor
from veille.surfaces.cli import app

GOLD = Path(__file__).resolve().parents[1] / "data" / "time_gold.tsv"


def write_gold(path: Path, rows: list[str]) -> Path:
    path.write_text("# tiny gold\n" + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_parse_anchor_keeps_precision() -> None:
    assert parse_anchor("2024-05-17") == (date(2024, 5, 17), "day")
    assert parse_anchor("2024-03") == (date(2024, 3, 1), "month")
    assert parse_anchor("2024") == (date(2024, 1, 1), "year")
    assert parse_anchor("") == (None, "unknown")


def test_load_gold_refuses_an_expression_missing_from_its_text(tmp_path: Path) -> None:
    bad = write_gold(tmp_path / "g.tsv", ["dev\td\t2024-05-17\thier\t2024-05-16\tDATE\tIl vient."])
    with pytest.raises(ValueError, match="not found in its text"):
        load_gold(bad)


def test_scores_count_misses_and_unresolved_rows(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g.tsv", [
        "dev\td1\t2024-05-17\thier\t2024-05-16\tDATE\tIl est arrivé hier.",
        "dev\td2\t\tmardi dernier\t\tDATE\tIl est arrivé mardi dernier.",
        "dev\td3\t2024-05-17\tquand\t2024-05-17\tDATE\tIl viendra quand il voudra.",
    ])
    report = evaluate(load_gold(gold), with_dateparser=False, use_docs=False)
    score = report.veille["dev"]
    assert (score.n, score.detected, score.correct) == (3, 2, 2)
    assert [e["expression"] for e in report.errors] == ["quand"]


def test_dateparser_baseline_runs_on_the_same_rows(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g.tsv", [
        "dev\td1\t2024-05-17\thier\t2024-05-16\tDATE\tIl est arrivé hier.",
        "dev\td2\t2024-05-17\tmardi dernier\t2024-05-14\tDATE\tIl est arrivé mardi dernier.",
    ])
    report = evaluate(load_gold(gold), with_dateparser=True, use_docs=False)
    assert report.dateparser["dev"].n == 2
    assert report.veille["dev"].correct == 2
    # dateparser reads "hier" but has no rule for "mardi dernier" (the finding).
    assert report.dateparser["dev"].correct == 1


def test_cli_eval_time_prints_the_table(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g.tsv", [
        "dev\td1\t2024-05-17\thier\t2024-05-16\tDATE\tIl est arrivé hier."])
    result = CliRunner().invoke(app, ["eval", "time", str(gold), "--no-dateparser", "--no-parse"])
    assert result.exit_code == 0, result.output
    assert "dev" in result.output and "1.000" in result.output


def test_cli_eval_time_says_why_a_gold_cannot_be_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "time", str(tmp_path / "missing.tsv")])
    assert result.exit_code == 2
    assert "cannot read gold" in result.output


def test_dev_gold_floors() -> None:
    """The issue's floors on the development gold: recall >= 0.95, exact value >= 0.92.

    The egypt split is the held-out part (rules were not written from it); it gets
    the same floors, so a regression there fails as well.
    """
    rows = load_gold(GOLD)
    assert len(rows) >= 300
    report = evaluate(rows, with_dateparser=False)
    for split in ("seed", "orangesum", "egypt", "all"):
        score = report.veille[split]
        assert score.recall >= 0.95, (split, score.to_dict())
        assert score.accuracy >= 0.92, (split, score.to_dict())


def test_seed_rows_beat_dateparser_by_thirty_points() -> None:
    """The issue's margin, on the seeds' own sentences (dateparser is slow: seeds only here;
    `veille eval time tests/data/time_gold.tsv` reports it on every split)."""
    rows = [r for r in load_gold(GOLD) if r.split == "seed"]
    report = evaluate(rows, with_dateparser=True)
    assert report.veille["seed"].accuracy >= report.dateparser["seed"].accuracy + 0.30
