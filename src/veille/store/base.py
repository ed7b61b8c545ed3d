"""The store interface every engine implements (DuckDB now; PostgreSQL behind the same one).

Callers hand the store whole `Record`s; the store writes each batch in one transaction,
so an interrupted ingest leaves every committed article intact and no half-written one.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from veille.errors import VeilleError
from veille.model import Analysis, Article
from veille.store.read import ArticleFilter, article_where, in_list


def redacted(url: str) -> str:
    """`url` without its password (user:PASSWORD@ or ?password=), fit for messages and logs."""
    url = re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return re.sub(r"([?&]password=)[^&]*", r"\1***", url)


class StoreError(VeilleError):
    """A store could not be opened or written; the message says why and what to do."""


@dataclass(slots=True)
class Record:
    """One article ready to be written: its analysis (possibly empty) and dedup facts."""

    analysis: Analysis
    text_hash: str
    signature: bytes | None
    duplicate_of: str | None = None
    similarity: float | None = None
    analyzed: bool = False


@dataclass(frozen=True, slots=True)
class ArticleQuery(ArticleFilter):
    """A page of stored articles: the shared filter (`veille.store.read.ArticleFilter`),
    then how many to skip and return."""

    limit: int = 50
    offset: int = 0


class Store(abc.ABC):
    """One writer per store; reads may come from anywhere."""

    @abc.abstractmethod
    def write(self, records: Sequence[Record]) -> int:
        """Write a batch in one transaction; returns how many articles were new."""

    def write_rows(self, tables: dict[str, list[dict[str, Any]]]) -> int:
        """Write pre-flattened rows (`veille.store.rows` layout, e.g. read back from the
        Parquet outputs of a batch run) in one transaction; returns new articles."""
        raise StoreError(f"{type(self).__name__} cannot load batch outputs yet")

    @abc.abstractmethod
    def write_analyses(self, analyses: Sequence[Analysis]) -> None:
        """Replace the analysis of already stored articles (re-analysis), in one transaction."""

    @abc.abstractmethod
    def replace_records(self, records: Mapping[str, dict[str, Any]]) -> None:
        """Rewrite stored `annotate` records (e.g. new cross-article links), one transaction."""

    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction for statements run with `execute`/`rows`/`insert_columns`…
        outside the store's own methods (stories, merged events), rolled back on any
        error: all or nothing. Everything run inside it uses its connection."""
        return self._transaction()  # type: ignore[attr-defined]  # each engine has one

    @abc.abstractmethod
    def dedup_rows(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        """(id, text hash, MinHash signature, duplicate_of) of every stored article."""

    def written_since(self, since: datetime, known: Callable[[str], bool]
                      ) -> list[tuple[str, str, bytes | None, str | None]]:
        """`dedup_rows` of the articles stored at or after `since` whose id `known` does
        not know: what other processes wrote while an ingest ran (ids first, so the
        signatures of articles already known are not fetched)."""
        ids = [r["id"] for r in self.rows("SELECT id FROM articles WHERE ingested_at >= ?",
                                          [since]) if not known(r["id"])]
        out: list[tuple[str, str, bytes | None, str | None]] = []
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            out += [(r["id"], r["text_hash"], bytes(r["signature"]) if r["signature"] else None,
                     r["duplicate_of"]) for r in self.rows(
                "SELECT a.id, a.text_hash, m.signature, a.duplicate_of FROM articles a "
                f"LEFT JOIN minhashes m ON m.article_id = a.id WHERE a.id IN {in_list(chunk)} "
                "ORDER BY a.ingested_at, a.id", chunk)]
        return out

    def article_count(self) -> int:
        """How many article rows the store holds (originals and duplicates)."""
        return int(self.rows("SELECT count(*) AS n FROM articles")[0]["n"])

    @abc.abstractmethod
    def pending(self, *, limit: int | None = None) -> Iterator[Article]:
        """Stored originals not analysed yet (e.g. after `ingest --no-analyze`)."""

    def articles(self, query: ArticleQuery) -> list[dict[str, Any]]:
        """Stored articles matching `query`, newest first, with their counts."""
        where, params = article_where(query)
        sql = ("SELECT a.id, a.published, a.date_precision, a.language, a.source, a.title, "
               "a.url, a.origin, a.duplicate_of, a.similarity, a.analyzed, "
               "length(a.text) AS chars, "
               "(SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mentions, "
               "(SELECT count(*) FROM times t WHERE t.article_id = a.id) AS times, "
               "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
               "(SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims "
               f"FROM articles a WHERE {where} "
               "ORDER BY a.published DESC NULLS LAST, a.id LIMIT ? OFFSET ?")
        return self.rows(sql, [*params, query.limit, query.offset])

    @abc.abstractmethod
    def analysis_record(self, article_id: str) -> dict[str, Any] | None:
        """The stored `annotate` record of one article (text included)."""

    def article_ids(self, ref: str, *, limit: int = 5) -> list[str]:
        """The stored ids `ref` can name: `[ref]` when it is an id, else the ids starting
        with it (the short ids listings print), sorted, at most `limit`. An exact id
        sorts before every longer id it starts, so it is never cut off by `limit`."""
        pattern = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ids = [r["id"] for r in self.rows(
            "SELECT id FROM articles WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
            [pattern, limit])]
        return [ref] if ref in ids else ids

    def stats(self) -> dict[str, Any]:
        """Counts an analyst wants at a glance: articles, languages, duplicates, entities."""
        one = lambda sql: next(iter(self.rows(sql)[0].values()))  # noqa: E731
        pairs = lambda sql: {r["k"]: r["n"] for r in self.rows(sql)}  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "originals": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
            "exact_duplicates": one("SELECT count(*) FROM articles WHERE similarity = 1.0"),
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT "
                                   "NULL AND similarity < 1.0"),
            "analyzed": one("SELECT count(*) FROM articles WHERE analyzed"),
            "languages": pairs("SELECT coalesce(language, '?') AS k, count(*) AS n "
                               "FROM articles GROUP BY 1 ORDER BY 2 DESC"),
            "date_precision": pairs("SELECT date_precision AS k, count(*) AS n FROM articles "
                                    "GROUP BY 1 ORDER BY 2 DESC"),
            "first_date": one("SELECT min(published) FROM articles"),
            "last_date": one("SELECT max(published) FROM articles"),
            "actors": one("SELECT count(*) FROM actors"),
            **{t: one(f"SELECT count(*) FROM {t}")
               for t in ("mentions", "times", "places", "events", "claims")},
        }

    # -- SQL, for readers and for the derived tables (stories, merged events) ----------
    # Queries are written once with `?` placeholders in SQL both engines accept; each
    # engine translates for its driver. Inside `transaction()` they run on the
    # transaction's connection.

    @abc.abstractmethod
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The result of `sql` as a list of {column: value} dicts."""

    @abc.abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one statement that returns nothing."""

    @abc.abstractmethod
    def executemany(self, sql: str, params: Sequence[Sequence[Any]]) -> None:
        """Run one statement for each parameter row, batched by the driver."""

    def insert_columns(self, table: str, columns: Mapping[str, tuple[str, Sequence[Any]]],
                       *, upsert_key: Sequence[str] = ()) -> None:
        """Insert one row per position of equal-length columns, in one statement.

        `columns` maps a column name to (its SQL type, its values). The values travel as
        one array parameter per column, unnested by the database (`INSERT … SELECT
        unnest(…)`): both engines accept it, and in DuckDB it is ~100× faster than
        `executemany` row by row. With `upsert_key`, a row whose key exists replaces the
        other columns' values.
        """
        names = list(columns)
        if not names or not len(columns[names[0]][1]):
            return
        select = ", ".join(f"unnest(CAST(? AS {sqltype}[]))" for sqltype, _ in columns.values())
        sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {select}"
        if upsert_key:
            updates = ", ".join(f"{n} = EXCLUDED.{n}" for n in names if n not in upsert_key)
            sql += f" ON CONFLICT ({', '.join(upsert_key)}) DO UPDATE SET {updates}"
        self.execute(sql, [list(values) for _, values in columns.values()])

    def delete_where_in(self, table: str, column: str, values: Sequence[str]) -> None:
        """Delete the rows whose VARCHAR `column` is one of `values` (one array parameter)."""
        if values:
            self.execute(f"DELETE FROM {table} WHERE {column} IN "
                         "(SELECT unnest(CAST(? AS VARCHAR[])))", [list(values)])

    def lock(self, name: str) -> None:
        """Wait for, then hold until the current transaction ends, the lock called `name`:
        two processes updating the same derived tables take turns. A no-op where the
        engine has one writer anyway (a DuckDB file); PostgreSQL takes an advisory lock."""

    def ensure_schema(self, package: str) -> None:
        """Create the tables of `package`'s `schema.sql` (idempotent statements; comment
        lines dropped, so a `;` or `?` in a comment is harmless)."""
        text = resources.files(package).joinpath("schema.sql").read_text("utf-8")
        for statement in text.split(";"):
            body = "\n".join(line for line in statement.splitlines()
                             if not line.strip().startswith("--"))
            if body.strip():
                self.execute(body)

    @abc.abstractmethod
    def read_meta(self, key: str) -> str | None:
        """The value stored under `key` in the `meta` table (e.g. a feed's ETag), or None."""

    @abc.abstractmethod
    def write_meta(self, values: Mapping[str, str | None]) -> None:
        """Set (insert or replace) `meta` entries, all in one transaction."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

