"""The store: one interface (`Store`), engines behind it, `open_store` to pick one.

DuckDB is the embedded default (a single file). PostgreSQL is the server option behind
the same interface: pass a `postgresql://user@host/dbname` URL instead of a path.
"""

from __future__ import annotations

import os
from pathlib import Path

from veille.store.base import ArticleQuery, Record, Store, StoreError, redacted
from veille.store.read import ArticleFilter

DEFAULT_DB = "veille.duckdb"

__all__ = ["DEFAULT_DB", "ArticleFilter", "ArticleQuery", "Record", "Store", "StoreError",
           "open_store", "redacted"]


def open_store(db: str | Path | None = None, *, read_only: bool = False,
               shared: bool | None = None) -> Store:
    """The store at `db`: a DuckDB file path (default `veille.duckdb`), ':memory:', or a
    `postgresql://` URL. `shared` (default: VEILLE_SHARED_STORE=1 in the environment) lets
    several processes use one DuckDB file at once (PostgreSQL always allows it)."""
    target = str(db) if db is not None else DEFAULT_DB
    if target.startswith(("postgres://", "postgresql://")):
        from veille.store.postgres_store import PostgresStore

        return PostgresStore(target, read_only=read_only)
    if target != ":memory:":
        parent = Path(target).expanduser().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create store {target}: folder {parent} does not exist")
        if read_only and not Path(target).exists():
            raise StoreError(f"no store at {target}: run `veille ingest` first or pass --db")
    from veille.store.duckdb_store import DuckDBStore

    if shared is None:
        shared = os.environ.get("VEILLE_SHARED_STORE", "") in ("1", "true", "yes")
    return DuckDBStore(target, read_only=read_only, shared=shared)
