"""Store write throughput, engine against engine, on the batches a real ingest produces.

Reads N articles once through the real runner (`--no-analyze` unless --analyze),
capturing the batches it would write, then replays them into each target, timing only
`Store.write`. For a PostgreSQL URL it also times the executemany alternative to COPY,
so the choice of COPY is a measured one. Usage:

    python benchmarks/bench_store_write.py CORPUS.jsonl.gz --limit 5000 [--batch-size 64] [--analyze] \
        --db /tmp/bench.duckdb --db 'postgresql://postgres@/bench?host=/tmp/pg&port=5432'

Every target must be empty (a fresh file, a fresh database).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator, Sequence
from typing import Any

from psycopg import sql

from veille.ingest import ReadOptions
from veille.run.runner import RunOptions, ingest
from veille.store import Record, open_store
from veille.store.postgres_store import PostgresStore


class _Capture:
    """Looks like an empty store to the runner; keeps every batch instead of writing it."""

    def __init__(self) -> None:
        self.batches: list[list[Record]] = []

    def dedup_rows(self) -> Iterator[Any]:
        return iter(())

    def write(self, records: Sequence[Record]) -> int:
        self.batches.append(list(records))
        return len(records)


class _ExecutemanyStore(PostgresStore):
    """PostgresStore writing with executemany + ON CONFLICT instead of COPY (comparison only)."""

    def _insert(self, table: str, rows: list[dict[str, Any]], *, returning: str | None = None
                ) -> set[str]:
        if not rows:
            return set()
        columns = self._columns[table]
        query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
            sql.SQL(", ").join(sql.Placeholder() * len(columns)))
        if returning:
            query += sql.SQL(" RETURNING {}").format(sql.Identifier(returning))
        with self.con.cursor() as cur:
            cur.executemany(query, [[r.get(c) for c in columns] for r in rows],
                            returning=bool(returning))
            found: set[str] = set()
            if returning:
                while True:
                    found.update(row[0] for row in cur.fetchall())
                    if not cur.nextset():
                        break
            return found


def _replay(store: Any, batches: list[list[Record]]) -> tuple[int, float]:
    start = time.perf_counter()
    new = sum(store.write(batch) for batch in batches)
    return new, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=RunOptions().batch_size)
    parser.add_argument("--analyze", action="store_true", help="write analysed articles "
                        "(mentions, times, events… rows too); the analysis is not timed")
    parser.add_argument("--db", action="append", required=True)
    args = parser.parse_args()
    capture = _Capture()
    start = time.perf_counter()
    summary = ingest([args.corpus], capture,  # type: ignore[arg-type]
                     read=ReadOptions(limit=args.limit),
                     run=RunOptions(analyze=args.analyze, batch_size=args.batch_size))
    steps = "read, clean, dedup" + (", analysis" if args.analyze else "")
    print(f"read {summary.read} articles into {len(capture.batches)} batches "
          f"in {time.perf_counter() - start:.1f} s ({steps}: not timed below)")
    for db in args.db:
        with open_store(db) as store:
            new, seconds = _replay(store, capture.batches)
        print(f"{type(store).__name__:>20} COPY/bulk: {new} new in {seconds:.2f} s "
              f"= {new / seconds:,.0f} articles/s")
        if isinstance(store, PostgresStore):
            with _ExecutemanyStore(db) as other:
                other.con.execute("TRUNCATE articles, minhashes, actors, mentions, times, "
                                  "places, events, claims, analyses")
                new, seconds = _replay(other, capture.batches)
            print(f"{'PostgresStore':>20} executemany: {new} new in {seconds:.2f} s "
                  f"= {new / seconds:,.0f} articles/s")


if __name__ == "__main__":
    main()
