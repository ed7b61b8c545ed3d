"""Bring a store written by an older veille up to the current schema, on open.

`schema.sql` only creates what is missing (CREATE … IF NOT EXISTS), so a column added
to an existing table needs an upgrade step: add it, then fill it for the rows already
stored with the same Python function that fills it on write, so old and new rows agree.
Each step runs once, in one transaction, under the schema lock (two processes opening
one old PostgreSQL store at once take turns; the second finds nothing to do).
"""

from __future__ import annotations

import logging

from veille.store.base import Store, StoreError
from veille.store.read import event_day

log = logging.getLogger(__name__)

SCHEMA_LOCK = "veille.schema"


def table_columns(store: Store, table: str) -> set[str]:
    """The columns `table` has in `store` (empty when it does not exist)."""
    return {r["column_name"] for r in store.rows(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "AND table_schema = current_schema()", [table])}


def _missing(store: Store) -> list[str]:
    """The upgrade steps `store` still needs, by name ("events.day", "times.mod"…)."""
    missing = []
    events = table_columns(store, "events")
    if "day" not in events:
        missing.append("events.day")
    if "date_mod" not in events:
        missing.append("events.date_mod")
    times = table_columns(store, "times")
    missing += [f"times.{c}" for c in ("mod", "anchor") if c not in times]
    return missing


def is_current(store: Store) -> bool:
    """True when `store` needs no upgrade step."""
    return not _missing(store)


def check_current(store: Store, name: str) -> None:
    """Raise StoreError when a store opened read-only needs an upgrade it cannot make."""
    if not table_columns(store, "articles"):  # no veille table: a store never made
        raise StoreError(f"no store at {name}: the file holds no veille tables (a run "
                         "stopped while creating it?); run `veille ingest` first")
    missing = _missing(store)
    if missing:
        raise StoreError(f"store {name} was written by an older veille (no column "
                         f"{', '.join(missing)}): open it once for writing, e.g. `veille "
                         "analyze --db ...`, which upgrades it, then retry")


def upgrade(store: Store) -> bool:
    """Apply the missing upgrade steps to `store` (opened for writing); True if any ran.

    events.day is filled for the events already stored; times.mod and times.anchor (the
    TIMEX3 mod and anchor, issue #20) and events.date_mod stay NULL for the rows an older
    veille wrote (their analyses are not re-run on open)."""
    if is_current(store):
        return False
    with store.transaction():
        store.lock(SCHEMA_LOCK)
        missing = _missing(store)  # another process may have upgraded it while we waited
        if not missing:
            return False
        if "events.day" in missing:
            store.execute("ALTER TABLE events ADD COLUMN day DATE")
            filled = _fill_event_days(store)
            log.info("store upgraded: events.day added and filled for %d events", filled)
        if "events.date_mod" in missing:
            store.execute("ALTER TABLE events ADD COLUMN date_mod VARCHAR")
            log.info("store upgraded: events.date_mod added (NULL for older rows)")
        for column in ("mod", "anchor"):
            if f"times.{column}" in missing:
                store.execute(f"ALTER TABLE times ADD COLUMN {column} VARCHAR")
                log.info("store upgraded: times.%s added (NULL for older rows)", column)
    return True


def _fill_event_days(store: Store) -> int:
    found = store.rows("SELECT e.article_id, e.idx, e.date_value, e.date_from_article, "
                       "a.published FROM events e JOIN articles a ON a.id = e.article_id")
    if not found:
        return 0
    store.execute(
        "UPDATE events SET day = v.day FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS article_id, "
        "unnest(CAST(? AS INTEGER[])) AS idx, unnest(CAST(? AS DATE[])) AS day) v "
        "WHERE events.article_id = v.article_id AND events.idx = v.idx",
        [[r["article_id"] for r in found], [r["idx"] for r in found],
         [event_day(r["date_value"], r["date_from_article"], r["published"]) for r in found]])
    return len(found)
