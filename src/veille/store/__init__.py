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
           "open_store", "redacted", "shared_by_default"]

SHARED_ENV = "VEILLE_SHARED_STORE"


def shared_by_default(default: bool) -> bool:
    """Whether a DuckDB file is opened shared when the caller does not say: the
    VEILLE_SHARED_STORE environment variable (1/true/yes or 0/false/no) when set, else
    `default` — True for the CLI and `veille serve` (separate processes that must
    coexist on one file), False for a program calling `open_store` itself."""
    value = os.environ.get(SHARED_ENV, "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def open_store(db: str | Path | None = None, *, read_only: bool = False,
               shared: bool | None = None) -> Store:
    """The store at `db`: a DuckDB file path (default `veille.duckdb`), ':memory:', or a
    `postgresql://` URL. `shared` (default: `shared_by_default(False)`) lets several
    processes use one DuckDB file at once (PostgreSQL always allows it)."""
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
        shared = shared_by_default(False)
    return DuckDBStore(target, read_only=read_only, shared=shared)
