"""The core commands as a user runs them: exit codes, printed summaries, the annotate contract."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401  (registers every command)
from veille.surfaces.cli_app import app

runner = CliRunner()
CONTRACT = {"id", "url", "source", "title", "published", "language", "text", "mentions",
            "times", "places", "events", "claims", "quality"}


def test_ingest_seeds_then_list_and_stats(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "v.duckdb")
    result = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--no-analyze"])
    assert result.exit_code == 0, result.output
    assert "stored 5 new" in result.output
    again = runner.invoke(app, ["ingest", str(seeds_dir), "--db", db, "--no-analyze"])
    assert again.exit_code == 0 and "stored 0 new" in again.output
    assert "already stored 5" in again.output
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 5
    assert "onemedia.fr" in {r["source"] for r in rows}
    stats = json.loads(runner.invoke(app, ["stats", "--db", db, "--format", "json"]).output)
    assert stats["articles"] == 5 and stats["date_precision"]["unknown"] == 1  # 002 (#19)
    undated = runner.invoke(app, ["articles", "--db", db, "--undated", "--format", "jsonl"])
    [row] = [json.loads(line) for line in undated.output.splitlines()]
    assert row["origin"].endswith("002_beffc34b020fb400.txt")
    assert row["clues"] == {"date_not_before": "2023-10", "date_not_before_origin": "text-past"}
    s001 = next(r for r in rows if r["origin"].endswith("001_5b7df665617b0435.txt"))
    shown = runner.invoke(app, ["articles", "--db", db, "--show", s001["id"], "--removed"])
    assert shown.exit_code == 0, shown.output
    assert "pattern (" in shown.output and "Droits d’auteur © 2024" in shown.output


def test_ingest_of_only_bad_input_exits_non_zero_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "v.duckdb")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "blob.bin" in result.output


def test_annotate_prints_the_contract_for_each_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        " date 2026-02-04\nDes pourparlers entre les États-Unis et l'Iran doivent se tenir "
        "vendredi à Oman, a indiqué un responsable régional.", encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(tmp_path / "a.txt"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    assert CONTRACT <= set(record)
    assert record["published"] == "2026-02-04" and record["language"] == "fr"
    assert record["text"].startswith("Des pourparlers")


def test_bad_published_date_is_a_clear_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path), "--published", "17/05/2024",
                                 "--db", str(tmp_path / "v.duckdb")])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_demo_ingests_the_examples_into_a_fresh_store(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    for _ in range(2):  # a second demo starts again from a fresh store
        result = runner.invoke(app, ["demo", "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert "stored 6 new" in result.output and "1 near" in result.output
