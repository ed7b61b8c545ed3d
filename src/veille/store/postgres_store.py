"""The server store: PostgreSQL through psycopg 3, same interface as the DuckDB file.

One connection per store, in autocommit mode so that reads never leave a transaction
open; each write is one explicit transaction. A batch is COPYed into session temp
tables, then moved with `INSERT … SELECT … ORDER BY key ON CONFLICT DO NOTHING`:
COPY is the fast path when batches carry many rows (benchmarks/bench_store_write.py on
OrangeSum: ~15 % faster than executemany with 512 unanalysed articles a batch, ~10 %
with 64 analysed ones, whose mention/time/event tables hold most rows; with 64
unanalysed articles executemany was level or up to 20 % faster), ON CONFLICT lets several
processes ingest into one database at once, and the key order means two writers
always lock rows in the same order, so overlapping batches never deadlock.
Only articles this transaction really inserted (`RETURNING id`) get their analysis
rows written, so a concurrent writer's article is never given a second copy of them.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from psycopg import sql

from veille.model import Analysis, Article
from veille.store.base import Record, Store, StoreError, redacted
from veille.store.duckdb_store import schema_sql
from veille.store.rows import ANALYSIS_TABLES, analysis_rows, batch_rows
from veille.store.upgrade import check_current, upgrade

log = logging.getLogger(__name__)

_TABLE_ORDER = ("articles", "minhashes", "actors", *ANALYSIS_TABLES)
# Serializes schema creation: two processes running CREATE TABLE IF NOT EXISTS at once
# can otherwise both try to create the same type and one fails.
_SCHEMA_LOCK = 0x7665696C6C65  # "veille"
_CONNECT_TIMEOUT_S = 10


class PostgresStore(Store):
    """A PostgreSQL database named by a `postgresql://` URL (libpq syntax, `?host=` for sockets)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        try:
            self.con = psycopg.connect(url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S,
                                       application_name="veille")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {redacted(url)}: {_first_line(exc)} "
                             "(is the PostgreSQL server running, and does the database "
                             "exist?)") from exc
        self._temp_tables_made = False
        self._opened = False  # schema made and upgraded: temp tables copy its final shape
        self.read_only = read_only
        if read_only:
            self._check_store_exists()
            self._upgraded(check_current, redacted(url))
            self.con.execute("SET default_transaction_read_only = on")
        else:
            self._create_schema()
            self._upgraded(upgrade)
        self._columns = {t: self._table_columns(t) for t in _TABLE_ORDER}
        self._keys = {t: self._primary_key(t) for t in _TABLE_ORDER}
        self._opened = True

    def _check_store_exists(self) -> None:
        if self.con.execute("SELECT to_regclass('articles')").fetchone()[0] is None:
            self.con.close()
            raise StoreError(f"no store at {redacted(self.url)}: run `veille ingest` first "
                             "or pass --db")

    def _create_schema(self) -> None:
        try:
            with self.con.transaction():
                self.con.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])
                self.con.execute(schema_sql())
        except psycopg.Error as exc:
            self.con.close()
            raise StoreError(f"cannot create veille's tables in {redacted(self.url)}: "
                             f"{_first_line(exc)}") from exc
        log.debug("schema ready in %s", redacted(self.url))

    def _upgraded(self, step: Callable[..., object], *args: Any) -> None:
        """Run an upgrade step (or check) on open; the connection is closed if it fails."""
        try:
            step(self, *args)
        except BaseException:
            self.con.close()
            raise

    def _table_columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "AND table_schema = current_schema() ORDER BY ordinal_position", [table]).fetchall()
        return [r[0] for r in rows]

    def _primary_key(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = to_regclass(%s) AND i.indisprimary "
            "ORDER BY array_position(i.indkey::int2[], a.attnum)", [table]).fetchall()
        return [r[0] for r in rows]

    def _ensure_temp_tables(self) -> None:
        """Session temp tables shaped like the real ones, made once per connection,
        outside any transaction (a rolled-back one would take them along).

        Not `ON COMMIT DELETE ROWS`: that truncates all nine at every commit and halved
        the write rate; `_insert` truncates only the one it used, inside the transaction.
        """
        if self._temp_tables_made:
            return
        for table in _TABLE_ORDER:
            self.con.execute(sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} (LIKE {})").format(
                sql.Identifier(f"_batch_{table}"), sql.Identifier(table)))
        self._temp_tables_made = True

    def _insert(self, table: str, rows: list[dict[str, Any]], *, returning: str | None = None
                ) -> set[str]:
        """COPY `rows` into the temp table, then insert those not there yet; returns `returning`."""
        if not rows:
            return set()
        columns = self._columns[table]
        names = sql.SQL(", ").join(map(sql.Identifier, columns))
        temp = sql.Identifier(f"_batch_{table}")
        with self.con.cursor() as cur:
            with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(temp, names)) as copy:
                for row in rows:
                    copy.write_row([row.get(c) for c in columns])
            query = sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {} ORDER BY {} "
                            "ON CONFLICT DO NOTHING").format(
                sql.Identifier(table), names, names, temp,
                sql.SQL(", ").join(map(sql.Identifier, self._keys[table])))
            if returning:
                query += sql.SQL(" RETURNING {}").format(sql.Identifier(returning))
            cur.execute(query)
            inserted = {r[0] for r in cur.fetchall()} if returning else set()
            cur.execute(sql.SQL("TRUNCATE {}").format(temp))
            return inserted

    def write(self, records: Sequence[Record]) -> int:
        if not records:
            return 0
        return self.write_rows(batch_rows(records))

    def write_rows(self, tables: dict[str, list[dict[str, Any]]]) -> int:
        if not tables.get("articles"):
            return 0
        self._ensure_temp_tables()
        with self._transaction():
            new_ids = self._insert("articles", tables["articles"], returning="id")
            for name in _TABLE_ORDER[1:]:
                rows = tables.get(name, [])
                if name != "actors":
                    rows = [r for r in rows if r["article_id"] in new_ids]
                self._insert(name, rows)
        return len(new_ids)

    def write_analyses(self, analyses: Sequence[Analysis]) -> None:
        if not analyses:
            return
        ids = sorted({a.article.id for a in analyses})
        merged: dict[str, list[dict[str, Any]]] = {}
        for analysis in analyses:
            for table, rows in analysis_rows(analysis).items():
                merged.setdefault(table, []).extend(rows)
        updates = [(json.dumps(a.to_dict()["quality"], ensure_ascii=False), a.article.id)
                   for a in analyses]
        self._ensure_temp_tables()
        with self._transaction():
            for table in ANALYSIS_TABLES:
                self.con.execute(sql.SQL("DELETE FROM {} WHERE article_id = ANY(%s)").format(
                    sql.Identifier(table)), [ids])
            for table in ("actors", *ANALYSIS_TABLES):
                self._insert(table, merged.get(table, []))
            with self.con.cursor() as cur:
                cur.executemany("UPDATE articles SET analyzed = TRUE, quality = %s WHERE id = %s",
                                updates)

    def replace_records(self, records: Mapping[str, dict[str, Any]]) -> None:
        rows = [(json.dumps({k: v for k, v in r.items() if k != "text"}, ensure_ascii=False,
                            default=str), article_id) for article_id, r in sorted(records.items())]
        with self._transaction():
            with self.con.cursor() as cur:
                cur.executemany("UPDATE analyses SET record = %s WHERE article_id = %s", rows)

    def read_meta(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = %s", [key]).fetchone()
        return row[0] if row else None

    def write_meta(self, values: Mapping[str, str | None]) -> None:
        with self._transaction():
            with self.con.cursor() as cur:
                cur.executemany("INSERT INTO meta (key, value) VALUES (%s, %s) ON CONFLICT (key) "
                                "DO UPDATE SET value = EXCLUDED.value", sorted(values.items()))

    def transaction(self) -> AbstractContextManager[None]:
        """As `Store.transaction`; the batch temp tables are made first, outside it, so a
        batch written inside (the runner's check-then-write) never makes them in a
        transaction that may roll back and take them along."""
        if self._opened and not self.read_only:
            self._ensure_temp_tables()
        return self._transaction()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, rolled back on any error (Ctrl-C included); a lost server is
        a StoreError, so the runner stops instead of retrying article by article."""
        try:
            with self.con.transaction():
                yield
        except psycopg.OperationalError as exc:
            raise StoreError(f"lost the connection to {redacted(self.url)}: "
                             f"{_first_line(exc)}") from exc

    def dedup_rows(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        with self.con.cursor() as cur:
            cur.execute("SELECT a.id, a.text_hash, m.signature, a.duplicate_of FROM articles a "
                        "LEFT JOIN minhashes m ON m.article_id = a.id")
            while batch := cur.fetchmany(10_000):
                yield from batch

    def pending(self, *, limit: int | None = None) -> Iterator[Article]:
        query = ("SELECT id, url, source, title, published, date_precision, date_origin, "
                 "language, text, raw_hash, origin, truncated FROM articles "
                 "WHERE NOT analyzed AND duplicate_of IS NULL ORDER BY ingested_at, id")
        rows = self.con.execute(query + (" LIMIT %s" if limit else ""),
                                [limit] if limit else []).fetchall()
        for r in rows:
            yield Article(id=r[0], url=r[1], source=r[2], title=r[3], published=r[4],
                          date_precision=r[5], date_origin=r[6], language=r[7], text=r[8],
                          raw_hash=r[9], origin=r[10], truncated=r[11])

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.con.cursor() as cur:
            cur.execute(_for_psycopg(sql), list(params))
            names = [d.name for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.con.execute(_for_psycopg(sql), list(params))

    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        if params:
            with self.con.cursor() as cur:
                cur.executemany(_for_psycopg(sql), [list(p) for p in params])

    def lock(self, name: str) -> None:
        self.con.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])

    def ensure_schema(self, package: str) -> None:
        """As `Store.ensure_schema`, under the schema lock: two processes creating the
        same tables at once would otherwise collide on their types."""
        with self._transaction():
            self.con.execute("SELECT pg_advisory_xact_lock(%s)", [_SCHEMA_LOCK])
            super().ensure_schema(package)

    def analysis_record(self, article_id: str) -> dict[str, Any] | None:
        row = self.con.execute(
            "SELECT an.record::text, a.text FROM articles a LEFT JOIN analyses an "
            "ON an.article_id = a.id WHERE a.id = %s", [article_id]).fetchone()
        if row is None:
            return None
        record = json.loads(row[0]) if row[0] else {"id": article_id}
        record["text"] = row[1]
        return record

    def close(self) -> None:
        self.con.close()


@functools.lru_cache(maxsize=512)
def _for_psycopg(query: str) -> str:
    """`query` written with `?` placeholders, as psycopg reads it: each `?` outside a
    quoted literal becomes `%s`, and every literal `%` (a LIKE pattern) is doubled."""
    out, quote = [], None
    for ch in query:
        if quote:
            quote = None if ch == quote else quote
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
