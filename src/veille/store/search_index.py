"""Full-text search over stored articles: an SQLite FTS5 side index next to the store.

It lives in `store/` because it is storage: the one module outside the engines that
holds a database connection, and it holds its own SQLite file, never the store's.

Why FTS5: DuckDB's `fts` extension is not bundled in the duckdb wheel (it would be
downloaded at run time, which veille never does), while SQLite's FTS5 ships with
Python's standard library, is well kept, ranks with BM25 and folds accents
(`unicode61 remove_diacritics 2`), which French needs. The index lives in
`<store>.fts.sqlite` (in memory for an in-memory or PostgreSQL store) and is synced
lazily: each search first indexes the originals it has not seen yet.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from pathlib import Path

from veille.store.base import Store
from veille.store.read import ArticleFilter, article_where, in_list

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\w+", re.UNICODE)


def index_path_for(db: str) -> str:
    """Where the side index of store `db` lives (':memory:' when the store has no file)."""
    if db == ":memory:" or db.startswith(("postgres://", "postgresql://")):
        return ":memory:"
    return str(Path(db).with_name(Path(db).name + ".fts.sqlite"))


def fts_query(text: str) -> str | None:
    """A user string made into a safe FTS5 query: each word quoted, all required.

    Quoting every token means no FTS5 operator or column filter can come from the user.
    """
    words = _TOKEN.findall(text)
    return " AND ".join(f'"{w}"' for w in words[:20]) or None


class SearchIndex:
    """The FTS5 index of one store; thread-safe (one SQLite connection behind a lock)."""

    def __init__(self, path: str) -> None:
        self._con = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        self._con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5("
                          "id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2')")

    def sync(self, store: Store) -> int:
        """Index the store's originals not indexed yet; returns how many were added."""
        with self._lock:
            known = {r[0] for r in self._con.execute("SELECT id FROM docs")}
        originals, params = article_where(ArticleFilter())
        fresh = [r for r in store.rows(f"SELECT a.id FROM articles a WHERE {originals}", params)
                 if r["id"] not in known]
        added = 0
        for start in range(0, len(fresh), 500):
            ids = [r["id"] for r in fresh[start:start + 500]]
            docs = store.rows(f"SELECT id, title, text FROM articles WHERE id IN {in_list(ids)}",
                              ids)
            with self._lock, self._con:
                self._con.executemany("INSERT INTO docs (id, title, text) VALUES (?, ?, ?)",
                                      [(d["id"], d["title"] or "", d["text"]) for d in docs])
            added += len(docs)
        if added:
            log.info("search index: %d articles added", added)
        return added

    def search(self, text: str, *, limit: int = 1000) -> list[dict[str, object]]:
        """Matching article ids, best first, each with a short highlighted snippet."""
        query = fts_query(text)
        if query is None:
            return []
        with self._lock:
            found = self._con.execute(
                "SELECT id, bm25(docs) AS score, snippet(docs, 2, '[', ']', '…', 12) "
                "FROM docs WHERE docs MATCH ? ORDER BY score, id LIMIT ?",
                [query, limit]).fetchall()
        return [{"id": i, "score": round(-s, 4), "snippet": snip} for i, s, snip in found]

    def close(self) -> None:
        with self._lock:
            self._con.close()
