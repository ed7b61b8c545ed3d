"""The embedded default store: one DuckDB file, no server.

Batches are written through Arrow tables (one bulk INSERT per table per batch, all in
one transaction), because row-by-row `executemany` is two orders of magnitude slower
in DuckDB. The Arrow types are read from the live schema, so `schema.sql` stays the
one place where columns are declared.

DuckDB lets one process open a file for writing, and then no other process can open it
at all. `shared=True` makes the store a good neighbour: it holds the file only while one
call runs (a batch written, a page read, a request served), closes it after, and when
another process holds it, retries with bounded exponential backoff for up to
`lock_timeout` seconds (saying so after a couple of seconds, and why when it gives up).
That is how `veille serve`, the read commands and `veille ingest` work on one file at
once; the CLI and the server open stores shared by default (`shared_by_default`).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import random
import time
from collections.abc import Iterator, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Callable, TypeVar

import duckdb
import pyarrow as pa

from veille.model import Analysis, Article
from veille.store.base import ArticleQuery, Record, Store, StoreError
from veille.store.rows import ANALYSIS_TABLES, Rows, analysis_rows, batch_rows
from veille.store.upgrade import check_current, upgrade

log = logging.getLogger(__name__)

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "JSON": pa.string(), "DATE": pa.date32(),
    "DOUBLE": pa.float64(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(), "TIMESTAMP": pa.timestamp("us"), "BLOB": pa.binary(),
}
_TABLE_ORDER = ("articles", "minhashes", "actors", *ANALYSIS_TABLES)
DEFAULT_LOCK_TIMEOUT = 60.0  # seconds a shared store waits for another process's batch
LOCK_TIMEOUT_ENV = "VEILLE_LOCK_TIMEOUT"
# Waits stay short and jittered: DuckDB's file lock is no queue, so a waiter must try
# often to slip in between another process's batches (a long sleep starves it).
_MAX_BACKOFF = 0.05
_TELL_AFTER_S = 2.0  # a wait longer than a batch or a request is worth a message
F = TypeVar("F", bound=Callable[..., Any])


def _releasing(method: F) -> F:
    """Close a shared store's connection once `method` returns, so others can open the file.

    Calls nest (`stats` runs `rows` fifteen times, a transaction runs many statements):
    only the outermost gives the file back, so one call keeps one connection throughout.
    """
    @functools.wraps(method)
    def wrapper(self: DuckDBStore, *args: Any, **kwargs: Any) -> Any:
        self._holds += 1
        try:
            return method(self, *args, **kwargs)
        finally:
            self._holds -= 1
            self.release()
    return wrapper  # type: ignore[return-value]


def schema_sql() -> str:
    """The schema shared by every engine."""
    return resources.files("veille.store").joinpath("schema.sql").read_text(encoding="utf-8")


class DuckDBStore(Store):
    """A DuckDB file (or ':memory:'), held by this process, or per call when `shared`."""

    def __init__(self, path: str | Path, *, read_only: bool = False, shared: bool = False,
                 lock_timeout: float | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.shared = shared and self.path != ":memory:"
        self.lock_timeout = lock_timeout if lock_timeout is not None else _lock_timeout()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._holds = 0  # calls (and transactions) running: a shared store keeps the file
        self._depth = 0  # transactions open, nested ones included
        try:
            if read_only:
                check_current(self, self.path)
            else:
                # One transaction: a run killed while a new file gets its tables leaves
                # none rather than some (which read-only openers took for an older
                # veille's store; found by the crash loop, issue #22).
                with self._transaction():
                    self.con.execute(schema_sql())
                upgrade(self)
        except BaseException:
            self.close()
            raise
        self._schemas = {name: self._arrow_schema(name) for name in _TABLE_ORDER}
        self.release()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The open connection (a shared store opens one on demand, waiting for the lock)."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    def _connect(self) -> duckdb.DuckDBPyConnection:
        started = time.monotonic()
        deadline = started + (self.lock_timeout if self.shared else 0.0)
        delay, told = 0.002, False
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.IOException as exc:
                now = time.monotonic()
                left = deadline - now
                if not self.shared or left <= 0 or "lock" not in str(exc).lower():
                    hint = (f"another process held it for over {self.lock_timeout:g} s: a "
                            "veille command run with --exclusive or VEILLE_SHARED_STORE=0, "
                            "or a program holding the file; retry once it ends"
                            if self.shared else
                            "another process holds it; veille commands share a file "
                            "unless run with --exclusive or VEILLE_SHARED_STORE=0")
                    raise StoreError(f"cannot open store {self.path}: {_first_line(exc)} "
                                     f"({hint})") from exc
                if not told and now - started > _TELL_AFTER_S:
                    log.warning("store %s is busy (another process is writing to it); "
                                "waiting up to %g s", self.path, self.lock_timeout)
                    told = True
                time.sleep(min(delay * random.uniform(0.5, 1.0), left))
                delay = min(delay * 2, _MAX_BACKOFF)

    def release(self) -> None:
        """A shared store closes its connection here (a no-op for a store held open, and
        while a call or a transaction still runs on it)."""
        if self.shared and self._con is not None and not self._holds:
            self._con.close()
            self._con = None

    def _arrow_schema(self, table: str) -> pa.Schema:
        cols = self.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
        return pa.schema([(name, _ARROW_TYPES[dtype]) for name, dtype in cols])

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        arrow = pa.Table.from_pylist(rows, schema=self._schemas[table])
        self.con.register("_veille_batch", arrow)
        try:
            self.con.execute(f"INSERT OR IGNORE INTO {table} BY NAME SELECT * FROM _veille_batch")
        finally:
            self.con.unregister("_veille_batch")

    @_releasing
    def write(self, records: Sequence[Record]) -> int:
        if not records:
            return 0
        return self.write_rows(batch_rows(records))

    @_releasing
    def write_rows(self, tables: Rows) -> int:
        ids = [row["id"] for row in tables.get("articles", [])]
        if not ids:
            return 0
        tables = {name: tables.get(name, []) for name in _TABLE_ORDER}
        with self._transaction():
            known = {row[0] for row in self.con.execute(
                "SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
            for name in _TABLE_ORDER:
                rows = tables[name]
                if name not in ("actors",) and known:
                    key = "id" if name == "articles" else "article_id"
                    rows = [r for r in rows if r[key] not in known]
                self._insert(name, rows)
        return len(set(ids) - known)

    @_releasing
    def write_analyses(self, analyses: Sequence[Analysis]) -> None:
        if not analyses:
            return
        ids = [a.article.id for a in analyses]
        merged: dict[str, list[dict[str, Any]]] = {}
        for analysis in analyses:
            for table, rows in analysis_rows(analysis).items():
                merged.setdefault(table, []).extend(rows)
        with self._transaction():
            for table in ANALYSIS_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))",
                                 [ids])
            for table in ("actors", *ANALYSIS_TABLES):
                self._insert(table, merged.get(table, []))
            for analysis in analyses:
                quality = json.dumps(analysis.to_dict()["quality"], ensure_ascii=False)
                self.con.execute("UPDATE articles SET analyzed = TRUE, quality = ? WHERE id = ?",
                                 [quality, analysis.article.id])

    @_releasing
    def read_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    @_releasing
    def write_meta(self, values: Mapping[str, str | None]) -> None:
        with self._transaction():
            for key, value in sorted(values.items()):
                self.con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                 [key, value])

    def replace_records(self, records: Mapping[str, dict[str, Any]]) -> None:
        with self._transaction():
            for article_id, record in records.items():
                body = {k: v for k, v in record.items() if k != "text"}
                self.con.execute("UPDATE analyses SET record = ? WHERE article_id = ?",
                                 [json.dumps(body, ensure_ascii=False, default=str), article_id])

    def _transaction(self) -> _Transaction:
        return _Transaction(self)

    @_releasing
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    @_releasing
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(sql, list(params))

    @_releasing
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            self.con.executemany(sql, [list(p) for p in params])

    def dedup_rows(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        cursor = self.con.execute(
            "SELECT a.id, a.text_hash, m.signature, a.duplicate_of FROM articles a "
            "LEFT JOIN minhashes m ON m.article_id = a.id")
        if self.shared:  # read it all now: the file must not stay held while the caller works
            rows = cursor.fetchall()
            self.release()
            yield from rows
            return
        while batch := cursor.fetchmany(10_000):
            yield from batch

    def pending(self, *, limit: int | None = None) -> Iterator[Article]:
        sql = ("SELECT id, url, source, title, published, date_precision, date_origin, "
               "language, text, raw_hash, origin, truncated FROM articles "
               "WHERE NOT analyzed AND duplicate_of IS NULL ORDER BY ingested_at, id")
        rows = self.con.execute(sql + (" LIMIT ?" if limit else ""),
                                [limit] if limit else []).fetchall()
        self.release()
        for r in rows:
            yield Article(id=r[0], url=r[1], source=r[2], title=r[3], published=r[4],
                          date_precision=r[5], date_origin=r[6], language=r[7], text=r[8],
                          raw_hash=r[9], origin=r[10], truncated=r[11])

    @_releasing
    def articles(self, query: ArticleQuery) -> list[dict[str, Any]]:  # base query, then release
        return super().articles(query)

    @_releasing
    def analysis_record(self, article_id: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT an.record, a.text FROM articles a LEFT JOIN analyses an "
            "ON an.article_id = a.id WHERE a.id = ?", [article_id]).fetchone()
        if row is None:
            return None
        record = json.loads(row[0]) if row[0] else {"id": article_id}
        record["text"] = row[1]
        return record

    @_releasing
    def stats(self) -> dict[str, Any]:  # the shared base query, then the file is given back
        return super().stats()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class _Transaction:
    """BEGIN/COMMIT around a block; ROLLBACK on any error, Ctrl-C included. A shared store
    keeps its connection from BEGIN to the end (every statement inside runs on it), and
    gives the file back after. A transaction opened inside another joins it (DuckDB has
    no nested transactions): the runner writes a batch inside its own, taken to check
    and write under one hold of the file."""

    def __init__(self, store: DuckDBStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        con = self.store.con  # a shared store may wait for the file here
        self.store._holds += 1
        self.store._depth += 1
        if self.store._depth > 1:  # inside another: joins it (the outer one commits)
            return
        try:
            con.execute("BEGIN TRANSACTION")
        except BaseException:
            self.store._holds -= 1
            self.store._depth -= 1
            raise

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.store._depth -= 1
        try:
            if not self.store._depth:
                self.store.con.execute("COMMIT" if exc_type is None else "ROLLBACK")
        finally:
            self.store._holds -= 1
            self.store.release()


def _lock_timeout() -> float:
    """Seconds a shared store waits for the file: VEILLE_LOCK_TIMEOUT, else 60."""
    value = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise StoreError(f"{LOCK_TIMEOUT_ENV}={value!r}: expected a number of seconds >= 0")
    return seconds


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__

