"""An integrity check of a store: what a crash, a bug or a hand edit could have left behind.

Every batch is one transaction, so a killed ingest should leave nothing half-written;
this check is how tests (and analysts, through `veille check`) verify that instead of
trusting it. Each check is one portable SQL query (DuckDB and PostgreSQL alike) that
counts offending rows and returns a few examples; no user string ever reaches the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.store.base import Store

#: Tables whose rows belong to one article through `article_id`.
CHILD_TABLES: tuple[str, ...] = ("minhashes", "mentions", "times", "places", "events",
                                 "claims", "analyses")
#: Tables whose rows carry character offsets into `articles.text`.
SPAN_TABLES: tuple[str, ...] = ("mentions", "times", "places", "events", "claims")
EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class Check:
    """One rule: its name, what a failure means, and the SQL selecting offending keys."""

    name: str
    meaning: str
    sql: str


@dataclass(slots=True)
class Finding:
    """A failed rule: how many rows break it, and a few of their keys."""

    name: str
    meaning: str
    count: int
    examples: list[str] = field(default_factory=list)


@dataclass(slots=True)
class IntegrityReport:
    """Every finding plus the counts checked; `ok` when nothing was found."""

    findings: list[Finding]
    articles: int
    checks: int

    @property
    def ok(self) -> bool:
        return not self.findings


def _checks() -> list[Check]:
    """The rules, as data: one SQL query each, selecting one key column per offending row."""
    checks = [Check(f"orphan_{t}", f"{t} rows whose article does not exist",
                    f"SELECT c.article_id FROM {t} c LEFT JOIN articles a ON a.id = c.article_id "
                    "WHERE a.id IS NULL")
              for t in CHILD_TABLES]
    checks += [
        Check("analyzed_without_record", "articles marked analysed with no analysis record",
              "SELECT a.id FROM articles a LEFT JOIN analyses an ON an.article_id = a.id "
              "WHERE a.analyzed AND an.article_id IS NULL"),
        Check("record_without_analyzed", "analysis records of articles not marked analysed",
              "SELECT a.id FROM articles a JOIN analyses an ON an.article_id = a.id "
              "WHERE NOT a.analyzed"),
        Check("duplicate_of_missing", "duplicates pointing to an original that is not stored",
              "SELECT a.id FROM articles a LEFT JOIN articles o ON o.id = a.duplicate_of "
              "WHERE a.duplicate_of IS NOT NULL AND o.id IS NULL"),
        Check("duplicate_of_duplicate", "duplicates pointing to another duplicate",
              "SELECT a.id FROM articles a JOIN articles o ON o.id = a.duplicate_of "
              "WHERE o.duplicate_of IS NOT NULL"),
        Check("original_without_signature", "originals with no MinHash signature "
              "(near duplicates of them would go undetected)",
              "SELECT a.id FROM articles a LEFT JOIN minhashes m ON m.article_id = a.id "
              "WHERE a.duplicate_of IS NULL AND m.article_id IS NULL"),
        Check("repeated_original_text", "two originals with the same text (a missed duplicate)",
              "SELECT min(id) FROM articles WHERE duplicate_of IS NULL "
              "GROUP BY text_hash HAVING count(*) > 1"),
        Check("empty_article", "articles with no text", "SELECT id FROM articles "
              "WHERE text IS NULL OR length(text) = 0"),
        Check("mention_actor_missing", "mentions resolved to an actor that is not stored",
              "SELECT m.article_id FROM mentions m LEFT JOIN actors x ON x.id = m.actor_id "
              "WHERE m.actor_id IS NOT NULL AND x.id IS NULL"),
    ]
    checks += [Check(f"{t}_span_outside_text", f"{t} whose offsets fall outside the article text",
                     f"SELECT c.article_id FROM {t} c JOIN articles a ON a.id = c.article_id "
                     "WHERE c.start_char < 0 OR c.end_char < c.start_char "
                     "OR c.end_char > length(a.text)")
               for t in SPAN_TABLES]
    return checks


CHECKS: tuple[Check, ...] = tuple(_checks())


def check_store(store: Store) -> IntegrityReport:
    """Run every rule of `CHECKS` on `store`; findings come back in rule order."""
    run = lambda sql: [tuple(r.values()) for r in store.rows(sql)]  # noqa: E731
    findings = []
    for check in CHECKS:
        keys = [str(row[0]) for row in run(check.sql)]
        if keys:
            findings.append(Finding(check.name, check.meaning, len(keys), keys[:EXAMPLES]))
    articles = run("SELECT count(*) FROM articles")[0][0]
    return IntegrityReport(findings, articles=int(articles), checks=len(CHECKS))
