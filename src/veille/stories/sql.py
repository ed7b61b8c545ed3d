"""SQL over either store engine, with bound parameters.

Both engines expose a DB-API-like `con.execute(sql, params)`; they differ only in the
placeholder (`?` for DuckDB, `%s` for psycopg). Queries here are written with `?` and
standard SQL only, and translated for PostgreSQL, so one query text serves both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

from veille.store import Store


def _is_postgres(store: Store) -> bool:
    return type(store).__name__.startswith("Postgres")


def rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """The result of `sql` as a list of {column: value} dicts."""
    if _is_postgres(store):
        sql = sql.replace("?", "%s")
    cursor = store.con.execute(sql, list(params))  # type: ignore[attr-defined]
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def execute(store: Store, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement that returns nothing."""
    if _is_postgres(store):
        sql = sql.replace("?", "%s")
    store.con.execute(sql, list(params))  # type: ignore[attr-defined]


def executemany(store: Store, sql: str, params: Sequence[Sequence[Any]]) -> None:
    """Run one statement for each parameter row (DuckDB and psycopg both batch these)."""
    if not params:
        return
    if _is_postgres(store):
        with store.con.cursor() as cur:  # type: ignore[attr-defined]
            cur.executemany(sql.replace("?", "%s"), [list(p) for p in params])
        return
    store.con.executemany(sql, [list(p) for p in params])  # type: ignore[attr-defined]


def ensure_schema(store: Store) -> None:
    """Create the stories tables (`stories/schema.sql`, idempotent) in `store`."""
    text = resources.files("veille.stories").joinpath("schema.sql").read_text("utf-8")
    for statement in text.split(";"):
        body = "\n".join(l for l in statement.splitlines() if not l.strip().startswith("--"))
        if body.strip():
            execute(store, body)


def in_list(values: Sequence[Any]) -> str:
    """`(?, ?, ?)` for an IN clause over `values` (never empty: callers check)."""
    return "(" + ", ".join("?" for _ in values) + ")"


def insert_columns(store: Store, table: str, columns: Mapping[str, tuple[str, Sequence[Any]]],
                   *, upsert_key: Sequence[str] = ()) -> None:
    """Insert one row per position of equal-length columns, in one statement.

    `columns` maps a column name to (its SQL type, its values). The values travel as one
    array parameter per column, unnested by the database (`INSERT … SELECT unnest(…)`):
    both engines accept it, and in DuckDB it is ~100× faster than `executemany` row by
    row. With `upsert_key`, a row whose key exists replaces the other columns' values.
    """
    names = list(columns)
    if not names or not len(columns[names[0]][1]):
        return
    select = ", ".join(f"unnest(CAST(? AS {sqltype}[]))" for sqltype, _ in columns.values())
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {select}"
    if upsert_key:
        updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n not in upsert_key)
        sql += f" ON CONFLICT ({', '.join(upsert_key)}) DO UPDATE SET {updates}"
    execute(store, sql, [list(values) for _, values in columns.values()])


def delete_where_in(store: Store, table: str, column: str, values: Sequence[str]) -> None:
    """Delete the rows whose VARCHAR `column` is one of `values` (one array parameter)."""
    if values:
        execute(store, f"DELETE FROM {table} WHERE {column} IN "
                       "(SELECT unnest(CAST(? AS VARCHAR[])))", [list(values)])


def lock_for_transaction(store: Store, name: str) -> None:
    """Wait for, then hold until the current transaction ends, the lock called `name`:
    two processes updating the same derived tables take turns. PostgreSQL only (an
    advisory lock); a DuckDB file has one writer anyway."""
    if _is_postgres(store):
        rows(store, "SELECT pg_advisory_xact_lock(hashtext(?)) AS locked", [name])
