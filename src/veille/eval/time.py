"""Score the time tagger on a gold TSV, side by side with dateparser on the same expressions.

Gold format (tab-separated, `#` lines are comments, first other line is the header):
`split, doc, anchor, expression, value, type, text`. `anchor` is the article date at
its precision (2024-05-17, 2024-03, 2024) or empty when unknown; `value` is the
TIMEX3 value, empty when the expression must stay unresolved; `text` holds the
sentence itself, so the file runs anywhere, optionally preceded by the article text
before it (for expressions that count from an earlier date: "le lendemain", a
chronology's bare days); the expression is its last occurrence in `text`. A split whose name starts with "en" is
read as English, any other as French.

Scores, per split and overall:
- detection recall: the gold expression overlaps a tagged expression;
- exact-value accuracy: a tagged expression overlapping it has exactly the gold
  value (over all gold rows, so a miss counts as wrong).
dateparser gets the same rows: detection through `search_dates` on the text, value
through `parse` of the gold expression itself with the anchor as RELATIVE_BASE,
written at the gold's own granularity (a generous reading: it is never asked to
know that "en janvier" is a month).
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from veille.languages import profile
from veille.model import TimeValue, parse_partial_date
from veille.time import tag_times
from veille.time.calendar_math import iso_week

log = logging.getLogger(__name__)

COLUMNS = ("split", "doc", "anchor", "expression", "value", "type", "text")
HEADER = "\t".join(COLUMNS)
#: The language of a gold split not named "<code>-…" (the French golds: seed, orangesum…).
DEFAULT_GOLD_LANGUAGE = "fr"


@dataclass(frozen=True, slots=True)
class GoldTime:
    """One gold expression in its sentence, with the article date it is read against."""

    split: str
    doc: str
    anchor: date | None
    precision: str
    expression: str
    value: str | None
    type: str
    text: str

    @property
    def span(self) -> tuple[int, int]:
        """The expression's last occurrence: `text` may hold the article before the sentence
        (anaphora, chronology headings), the sentence itself coming last."""
        start = self.text.rfind(self.expression)
        return start, start + len(self.expression)


@dataclass(slots=True)
class Score:
    """Counts for one system on one split."""

    n: int = 0
    detected: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.detected / self.n if self.n else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "detected": self.detected, "correct": self.correct,
                "recall": round(self.recall, 4), "accuracy": round(self.accuracy, 4)}


@dataclass(slots=True)
class TimeReport:
    """Scores per split for veille and dateparser, and the rows veille got wrong."""

    veille: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    dateparser: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"veille": {k: v.to_dict() for k, v in self.veille.items()},
                "dateparser": {k: v.to_dict() for k, v in self.dateparser.items()},
                "errors": self.errors}


def parse_anchor(raw: str) -> tuple[date | None, str]:
    """'2024-05-17' -> day, '2024-03' -> month (first day), '2024' -> year, '' -> unknown."""
    raw = raw.strip()
    if not raw:
        return None, "unknown"
    return parse_partial_date(raw)  # the one date parser, as on the command line


def load_gold(path: Path) -> list[GoldTime]:
    """Read a gold TSV; a row whose expression is not in its text is an error in the file."""
    rows: list[GoldTime] = []
    header_seen = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(cells) != COLUMNS:
                raise ValueError(f"{path}: header must be {HEADER!r}, got {line!r}")
            continue
        if len(cells) != len(COLUMNS):
            raise ValueError(f"{path}:{lineno}: expected {len(COLUMNS)} columns, got {len(cells)}")
        split, doc, anchor, expression, value, type_, text = cells
        if expression not in text:
            raise ValueError(f"{path}:{lineno}: expression {expression!r} not found in its text")
        day, precision = parse_anchor(anchor)
        rows.append(GoldTime(split, doc, day, precision, expression, value or None, type_, text))
    return rows


def _overlapping(times: Iterable[TimeValue], span: tuple[int, int]) -> list[TimeValue]:
    return [t for t in times if t.start < span[1] and span[0] < t.end]


def _language(row: GoldTime) -> str:
    """The language of a gold row: a split named "<code>-…" of a known language is in that
    language ("en-dev"); the other splits are the French golds'."""
    code, sep, _ = row.split.partition("-")
    return code if sep and profile(code) is not None else DEFAULT_GOLD_LANGUAGE


def tag_gold(rows: list[GoldTime], *, use_docs: bool = True) -> list[list[TimeValue]]:
    """veille's tags for each gold row's text, each language's texts parsed once with its
    spaCy pipeline as the analysis does (the parse gives the tense of a bare weekday)."""
    docs: list[Any] = [None] * len(rows)
    if use_docs:
        from veille.nlp import load_pipeline

        by_language: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            by_language.setdefault(_language(row), []).append(i)
        for language, indices in by_language.items():
            nlp = load_pipeline(language)
            for i, doc in zip(indices, nlp.pipe(rows[i].text for i in indices)):
                docs[i] = doc
    return [tag_times(r.text, published=r.anchor, precision=r.precision,  # type: ignore[arg-type]
                      language=_language(r), doc=d) for r, d in zip(rows, docs)]


def dateparser_value(row: GoldTime) -> tuple[bool, str | None]:
    """(detected, value) for dateparser on the row, the value written at the gold granularity."""
    import dateparser
    from dateparser.search import search_dates

    lang = _language(row)
    base = datetime.combine(row.anchor or date.today(), datetime.min.time())
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    found = search_dates(row.text, languages=[lang], settings=settings) or []
    start, end = row.span
    detected = False
    for substring, _ in found:
        for m in re.finditer(re.escape(substring), row.text):
            detected = detected or (m.start() < end and start < m.end())
    parsed = dateparser.parse(row.expression, languages=[lang], settings=settings)
    return detected, _at_granularity(parsed.date(), row.value) if parsed else None


def _at_granularity(d: date, gold: str | None) -> str:
    """A date written like the gold value (day, week, month, quarter, year, part of day)."""
    if gold is None:
        return d.isoformat()
    if re.fullmatch(r"\d{4}-W\d\d", gold):
        return iso_week(d)
    if re.fullmatch(r"\d{4}-Q\d", gold):
        return f"{d.year}-Q{(d.month - 1) // 3 + 1}"
    if re.fullmatch(r"\d{4}-\d\d", gold):
        return d.isoformat()[:7]
    if re.fullmatch(r"\d{4}", gold):
        return str(d.year)
    pod = re.fullmatch(r"\d{4}-\d\d-\d\d(T\w\w)", gold)
    return d.isoformat() + (pod.group(1) if pod else "")


def evaluate(rows: list[GoldTime], *, with_dateparser: bool = True,
             use_docs: bool = True) -> TimeReport:
    """Detection recall and exact-value accuracy per split, veille and dateparser."""
    report = TimeReport()
    for row, times in zip(rows, tag_gold(rows, use_docs=use_docs)):
        hits = _overlapping(times, row.span)
        ok = any(t.value == row.value for t in hits)
        for key in (row.split, "all"):
            score = report.veille[key]
            score.n += 1
            score.detected += bool(hits)
            score.correct += ok
        if not ok:
            report.errors.append({"split": row.split, "doc": row.doc, "expression": row.expression,
                                  "gold": row.value, "got": [(t.text, t.value) for t in hits],
                                  "anchor": row.anchor.isoformat() if row.anchor else None})
        if with_dateparser:
            detected, value = dateparser_value(row)
            for key in (row.split, "all"):
                score = report.dateparser[key]
                score.n += 1
                score.detected += detected
                score.correct += value == row.value
    return report
