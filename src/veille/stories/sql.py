"""Read-only SQL over either store engine, with bound parameters.

Both engines expose a DB-API-like `con.execute(sql, params)`; they differ only in the
placeholder (`?` for DuckDB, `%s` for psycopg). Queries here are written with `?` and
standard SQL only, and translated for PostgreSQL, so one query text serves both.
"""

from __future__ import annotations

from collections.abc import Sequence
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
