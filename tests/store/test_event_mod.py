"""An event's date keeps its TIMEX3 `mod` in the store (issue #20): "Fin 2010, la police a
arrêté…" is an event of 2010 with mod END, an event whose sentence names no time is dated
ON_OR_BEFORE its article's day; `veille events` and the API's event list show both. A
store written before the column is upgraded on open, its older events keeping NULL."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import veille
from veille.ingest.dedup import text_hash
from veille.store import Record, StoreError, open_store
from veille.surfaces.cli import app

TEXT = ("Fin 2010, la police a arrêté des dizaines de manifestants au Caire. "
        "L'armée égyptienne a attaqué les rebelles.")


@pytest.fixture(scope="module")
def analysis() -> veille.Analysis:
    return veille.analyze(TEXT, published=date(2011, 5, 10), language="fr")


def _events(db: str) -> list[tuple]:
    with open_store(db, read_only=True) as store:
        return [(r["type"], r["date_value"], r["date_mod"], r["date_from_article"])
                for r in store.rows("SELECT type, date_value, date_mod, date_from_article "
                                    "FROM events ORDER BY article_id, idx")]


def test_event_date_mod_is_stored(db: str, analysis: veille.Analysis) -> None:
    with open_store(db) as store:
        store.write([Record(analysis, text_hash(TEXT), None, analyzed=True)])
    assert _events(db) == [("COERCE", "2010", "END", False),
                           ("ASSAULT", "2011-05-10", "ON_OR_BEFORE", True)]


def test_veille_events_shows_the_mod(tmp_path: Path, analysis: veille.Analysis) -> None:
    db = str(tmp_path / "v.duckdb")
    with open_store(db) as store:
        store.write([Record(analysis, text_hash(TEXT), None, analyzed=True)])
    result = CliRunner().invoke(app, ["events", "--db", db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted((r["date_value"], r["date_mod"]) for r in rows) == [
        ("2010", "END"), ("2011-05-10", "ON_OR_BEFORE")]
    table = CliRunner().invoke(app, ["events", "--db", db])
    assert table.exit_code == 0 and "END" in table.output and "2010" in table.output


def test_a_store_from_before_events_date_mod_is_upgraded(db: str,
                                                          analysis: veille.Analysis) -> None:
    with open_store(db) as store:
        store.write([Record(analysis, text_hash(TEXT), None, analyzed=True)])
        store.execute("ALTER TABLE events DROP COLUMN date_mod")  # what an older veille wrote
    with pytest.raises(StoreError, match="older veille.*events.date_mod"):
        open_store(db, read_only=True)
    with open_store(db) as store:
        store.write([Record(veille.analyze("Autre article. " + TEXT, published=date(2011, 5, 10),
                                           language="fr"),
                            text_hash("Autre article. " + TEXT), None, analyzed=True)])
    mods = sorted(str(r[2]) for r in _events(db))  # the older article's events: NULL
    assert mods == ["END", "None", "None", "ON_OR_BEFORE"]
