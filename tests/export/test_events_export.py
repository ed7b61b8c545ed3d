"""Events export: GDELT-like CSV/Parquet/JSONL and PLOVER JSON, through the core and the CLI."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from veille.export import COLUMNS, export_events
from veille.store import open_store
from veille.surfaces.cli import app

sys.path.insert(0, str(Path(__file__).parents[1] / "surfaces" / "api"))
import crisis_store  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crisis_store.build_store(tmp_path_factory.mktemp("export") / "crisis.duckdb")


def test_csv_has_gdelt_columns_and_values(db: Path) -> None:
    buf = io.StringIO()
    with open_store(str(db), read_only=True) as store:
        assert export_events(store, buf, format="csv") == 3
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assault = rows[0]
    assert (assault["Day"], assault["EventType"], assault["Actor1Code"], assault["Actor2Code"]) \
        == ("2024-05-12", "ASSAULT", "REB-IRQ", "USA")
    assert (assault["QuadClass"], assault["CAMEORoot"], assault["Intensity"]) == ("4", "18", "-9.0")
    assert (assault["ActionGeo_FullName"], assault["ActionGeo_Lat"], assault["ActionGeo_Long"]) \
        == ("Iraq", "33.0", "44.0")
    assert assault["SourceURL"] == "https://exemple.fr/mascate"
    assert (assault["NumMentions"], assault["NumArticles"], assault["NumSources"]) == ("1", "1", "1")
    assert [r["EventType"] for r in rows] == ["ASSAULT", "CONSULT", "THREATEN"]


def test_parquet_jsonl_and_plover(db: Path, tmp_path: Path) -> None:
    with open_store(str(db), read_only=True) as store:
        export_events(store, tmp_path / "e.parquet", format="parquet")
        jl = io.StringIO()
        export_events(store, jl, format="jsonl")
        pl = io.StringIO()
        export_events(store, pl, format="plover")
        with pytest.raises(ValueError, match="unknown export format"):
            export_events(store, io.StringIO(), format="xml")
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == list(COLUMNS) and table.num_rows == 3
    assert table.column("QuadClass").to_pylist() == [4, 1, 3]
    lines = [json.loads(l) for l in jl.getvalue().splitlines()]
    assert lines[1]["ActionGeo_FullName"] == "Muscat" and lines[1]["ActionGeo_Lat"] == 23.58
    records = json.loads(pl.getvalue())
    threat = records[2]
    assert threat["event"] == "THREATEN" and threat["status"] == "threatened"
    assert threat["source"] == [{"actorText": "Iran", "code": "IRN"}]
    assert threat["target"] == [{"actorText": "Israel", "code": "ISR"}]
    assert threat["text"] == crisis_store.SENTENCES["threaten"]


def test_cli_export_events(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "events.csv"
    result = runner.invoke(app, ["export", "events", "--db", str(db), "--format", "csv",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(out.read_text().splitlines()) == 4
    refused = runner.invoke(app, ["export", "events", "--db", str(db), "--format", "parquet"])
    assert refused.exit_code != 0 and "--out" in refused.output
