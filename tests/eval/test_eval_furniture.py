"""`veille eval furniture`: the hand-labelled gold loads, and scores follow cleaning's line decisions."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.eval.furniture import GoldError, evaluate_furniture, load_gold
from veille.surfaces.cli import app

GOLD = Path(__file__).resolve().parents[1] / "data" / "furniture"
BODY = ("Les États-Unis et l'Iran ont tenu mardi à Mascate des discussions indirectes sur "
        "la sécurité régionale, selon des responsables des deux pays.")


def _write(folder: Path, name: str, split: str, rows: list[tuple[str, str]]) -> None:
    text = f"# source: x/{name}.txt\n# outlet: example.org\n# split: {split}\n"
    text += "".join(f"{label}\t{line}\n" for label, line in rows)
    (folder / f"{name}.tsv").write_text(text, encoding="utf-8")


def test_the_committed_gold_is_complete_and_split_before_tuning():
    docs = load_gold(GOLD)
    assert len(docs) >= 35
    assert sum(d.source.startswith("timelines/clts_fr_egypt/docs/") for d in docs) >= 30
    assert sum(d.source.startswith("seeds/") for d in docs) == 5
    assert {d.split for d in docs} == {"dev", "heldout"}
    outlets = {d.split: set() for d in docs}
    for d in docs:
        outlets[d.split].add(d.outlet)
    shared = (outlets["dev"] & outlets["heldout"]) - {"globalvoices.org", "seed (unknown)"}
    assert not shared, "an outlet in both splits"
    for d in docs:
        assert len(d.lines) == len(d.labels) and "C" in d.labels


def test_scores_count_lines_removed_and_kept(tmp_path):
    _write(tmp_path, "a", "dev", [("F", "Partager"), ("-", ""), ("C", BODY), ("C", "Titre intermédiaire"),
                                  ("F", "Leave a Comment")])
    _write(tmp_path, "b", "heldout", [("C", BODY), ("F", BODY.replace("mardi", "lundi"))])
    result = evaluate_furniture(load_gold(tmp_path))
    dev, held = result["splits"]["dev"], result["splits"]["heldout"]
    assert (dev["furniture"], dev["furniture_removed"], dev["content"], dev["content_kept"]) == (2, 2, 2, 2)
    assert dev["removed_by_reason"] == {"pattern": 2}
    assert held["furniture_removed_share"] == 0.0 and held["content_kept_share"] == 1.0
    assert result["documents"][1]["missed"] == [BODY.replace("mardi", "lundi")]


def test_a_bad_gold_is_one_line_and_exit_code_2(tmp_path):
    (tmp_path / "bad.tsv").write_text("# split: dev\nX\tline\n", encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold(tmp_path)
    result = CliRunner().invoke(app, ["eval", "furniture", str(tmp_path)])
    assert result.exit_code == 2


def test_the_command_prints_both_splits(tmp_path):
    _write(tmp_path, "a", "dev", [("C", BODY), ("F", "Partager")])
    _write(tmp_path, "b", "heldout", [("C", BODY)])
    result = CliRunner().invoke(app, ["eval", "furniture", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "heldout" in result.output and "100.0%" in result.output
