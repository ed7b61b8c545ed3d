"""A DuckDB store whose creation was cut short (issue #22, found by the crash loop).

A SIGKILL while `veille ingest` created a new file left some tables and not others; a
read-only opener (`veille stats`, the crash loop's check) then said the store "was
written by an older veille" and asked for an upgrade. Now the tables are created in one
transaction, and a file without veille tables is reported as no store yet.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from veille.store import StoreError, duckdb_store, open_store


def test_a_file_without_veille_tables_is_no_store_yet(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="no store at") as raised:
        open_store(str(path), read_only=True)
    assert "older veille" not in str(raised.value)


def test_a_schema_cut_short_leaves_no_half_store(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "cut.duckdb")
    schema = duckdb_store.schema_sql()
    middle = schema.index("CREATE TABLE IF NOT EXISTS minhashes")
    monkeypatch.setattr(duckdb_store, "schema_sql",  # fails after the first table, as a kill
                        lambda: schema[:middle] + "SELECT error('cut');\n" + schema[middle:])
    with pytest.raises(duckdb.Error):
        open_store(path, shared=True)
    monkeypatch.undo()
    with pytest.raises(StoreError, match="no store at"):
        open_store(path, read_only=True)
    with open_store(path, shared=True) as store:  # the next writer makes it whole
        assert store.rows("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    with open_store(path, read_only=True) as store:
        assert store.rows("SELECT count(*) AS n FROM articles") == [{"n": 0}]
