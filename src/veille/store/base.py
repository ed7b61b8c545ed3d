"""The store interface every engine implements (DuckDB now; PostgreSQL behind the same one).

Callers hand the store whole `Record`s; the store writes each batch in one transaction,
so an interrupted ingest leaves every committed article intact and no half-written one.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from veille.errors import VeilleError
from veille.model import Analysis, Article


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
class ArticleQuery:
    """Filters for listing stored articles; every value is bound as a parameter, never pasted."""

    search: str | None = None
    language: str | None = None
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_duplicates: bool = False
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
        """One transaction for writes made with `con.execute` outside the store's own
        methods (stories, merged events), rolled back on any error: all or nothing."""
        return self._transaction()  # type: ignore[attr-defined]  # each engine has one

    @abc.abstractmethod
    def dedup_rows(self) -> Iterator[tuple[str, str, bytes | None, str | None]]:
        """(id, text hash, MinHash signature, duplicate_of) of every stored article."""

    @abc.abstractmethod
    def pending(self, *, limit: int | None = None) -> Iterator[Article]:
        """Stored originals not analysed yet (e.g. after `ingest --no-analyze`)."""

    #: How the engine's driver marks a bound parameter in SQL.
    PLACEHOLDER = "?"

    def articles(self, query: ArticleQuery) -> list[dict[str, Any]]:
        """Stored articles matching `query`, newest first, with their counts."""
        where, params = article_filters(query, self.PLACEHOLDER)
        p = self.PLACEHOLDER
        sql = ("SELECT a.id, a.published, a.date_precision, a.language, a.source, a.title, "
               "a.url, a.origin, a.duplicate_of, a.similarity, a.analyzed, "
               "length(a.text) AS chars, "
               "(SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mentions, "
               "(SELECT count(*) FROM times t WHERE t.article_id = a.id) AS times, "
               "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events, "
               "(SELECT count(*) FROM claims c WHERE c.article_id = a.id) AS claims "
               f"FROM articles a WHERE {where} "
               f"ORDER BY a.published DESC NULLS LAST, a.id LIMIT {p} OFFSET {p}")
        return self._fetch_dicts(sql, [*params, query.limit, query.offset])

    @abc.abstractmethod
    def _fetch_dicts(self, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        """Rows of a query with bound parameters, as dicts keyed by column name."""

    @abc.abstractmethod
    def analysis_record(self, article_id: str) -> dict[str, Any] | None:
        """The stored `annotate` record of one article (text included)."""

    def stats(self) -> dict[str, Any]:
        """Counts an analyst wants at a glance: articles, languages, duplicates, entities.

        Plain SQL both engines read alike; each engine only says how to run it."""
        one = lambda sql: self._fetchall(sql)[0][0]  # noqa: E731
        pairs = lambda sql: dict(self._fetchall(sql))  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "originals": one("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"),
            "exact_duplicates": one("SELECT count(*) FROM articles WHERE similarity = 1.0"),
            "near_duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT "
                                   "NULL AND similarity < 1.0"),
            "analyzed": one("SELECT count(*) FROM articles WHERE analyzed"),
            "languages": pairs("SELECT coalesce(language, '?'), count(*) FROM articles "
                               "GROUP BY 1 ORDER BY 2 DESC"),
            "date_precision": pairs("SELECT date_precision, count(*) FROM articles GROUP BY 1 "
                                    "ORDER BY 2 DESC"),
            "first_date": one("SELECT min(published) FROM articles"),
            "last_date": one("SELECT max(published) FROM articles"),
            "actors": one("SELECT count(*) FROM actors"),
            **{t: one(f"SELECT count(*) FROM {t}")
               for t in ("mentions", "times", "places", "events", "claims")},
        }

    @abc.abstractmethod
    def _fetchall(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a parameter-free query written in SQL both engines accept."""

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


def article_filters(q: ArticleQuery, placeholder: str) -> tuple[str, list[Any]]:
    """A WHERE clause of fixed SQL fragments and its bound parameters: user text never
    enters the SQL, only `placeholder`s do."""
    clauses, params = ["TRUE"], []
    if not q.include_duplicates:
        clauses.append("a.duplicate_of IS NULL")
    if q.search:
        clauses.append(f"(a.title ILIKE {placeholder} ESCAPE '\\' "
                       f"OR a.text ILIKE {placeholder} ESCAPE '\\')")
        pattern = "%" + q.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [pattern, pattern]
    for column, value in (("language", q.language), ("source", q.source)):
        if value:
            clauses.append(f"a.{column} = {placeholder}")
            params.append(value)
    if q.date_from:
        clauses.append(f"a.published >= {placeholder}")
        params.append(q.date_from)
    if q.date_to:
        clauses.append(f"a.published <= {placeholder}")
        params.append(q.date_to)
    return " AND ".join(clauses), params
