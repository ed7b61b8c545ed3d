"""`veille articles --show` takes the short id the listing prints; `--to` a month."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.model import Analysis, Article
from veille.store import Record, open_store
from veille.surfaces.cli import app
from veille.surfaces.cli_common import SHORT_ID

runner = CliRunner()


def _store(path: Path, articles: list[Article]) -> str:
    with open_store(str(path)) as store:
        store.write([Record(Analysis(a), a.id, None, analyzed=True) for a in articles])
    return str(path)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return _store(tmp_path / "q.duckdb", [
        Article(id="abc123def4567890", text="Oman reçoit les délégations.", title="Mascate",
                published=date(2024, 5, 17), date_precision="day", language="fr"),
        Article(id="abc999", text="L'Iran répond.", title="Téhéran",
                published=date(2024, 6, 2), date_precision="day", language="fr"),
    ])


def test_show_takes_the_short_id_the_listing_prints(db: str) -> None:
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl"])
    full = next(json.loads(line)["id"] for line in listed.stdout.splitlines()
                if json.loads(line)["title"] == "Mascate")
    shown = runner.invoke(app, ["articles", "--db", db, "--show", full[:SHORT_ID]])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["id"] == full


def test_show_takes_a_whole_id_even_when_it_starts_another(tmp_path: Path) -> None:
    db = _store(tmp_path / "p.duckdb", [Article(id="ab", text="un"), Article(id="abc", text="deux")])
    shown = runner.invoke(app, ["articles", "--db", db, "--show", "ab"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["text"] == "un"


def test_show_refuses_an_ambiguous_or_unknown_prefix(db: str) -> None:
    ambiguous = runner.invoke(app, ["articles", "--db", db, "--show", "abc"])
    assert ambiguous.exit_code == 1
    assert "abc123def4567890" in ambiguous.stderr and "abc999" in ambiguous.stderr
    unknown = runner.invoke(app, ["articles", "--db", db, "--show", "zzz"])
    assert unknown.exit_code == 1 and "no article zzz" in unknown.stderr


def test_show_prefix_wildcards_are_plain_characters(db: str) -> None:
    assert runner.invoke(app, ["articles", "--db", db, "--show", "abc%"]).exit_code == 1
    assert runner.invoke(app, ["articles", "--db", db, "--show", "a_c"]).exit_code == 1


def test_to_a_month_runs_to_its_last_day(db: str) -> None:
    listed = runner.invoke(app, ["articles", "--db", db, "--format", "jsonl",
                                 "--from", "2024-05", "--to", "2024-05"])
    assert [json.loads(line)["title"] for line in listed.stdout.splitlines()] == ["Mascate"]
