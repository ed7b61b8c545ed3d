"""The store: one interface (`Store`), engines behind it, `open_store` to pick one.

DuckDB is the embedded default (a single file). PostgreSQL is planned behind the same
interface (project issue 9); asking for it today fails with a clear message.
"""

from __future__ import annotations

from pathlib import Path

from veille.store.base import ArticleQuery, Record, Store, StoreError

DEFAULT_DB = "veille.duckdb"

__all__ = ["DEFAULT_DB", "ArticleQuery", "Record", "Store", "StoreError", "open_store"]


def open_store(db: str | Path | None = None, *, read_only: bool = False) -> Store:
    """The store at `db`: a DuckDB file path (default `veille.duckdb`) or ':memory:'."""
    target = str(db) if db is not None else DEFAULT_DB
    if target.startswith(("postgres://", "postgresql://")):
        raise StoreError("the PostgreSQL engine is not available yet in this version; "
                         "use a DuckDB file path for --db")
    if target != ":memory:":
        parent = Path(target).expanduser().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create store {target}: folder {parent} does not exist")
        if read_only and not Path(target).exists():
            raise StoreError(f"no store at {target}: run `veille ingest` first or pass --db")
    from veille.store.duckdb_store import DuckDBStore

    return DuckDBStore(target, read_only=read_only)
