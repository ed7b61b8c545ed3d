"""Contested claims across stored articles: the same quantity or event, told differently.

Within one article, contradictions are linked at analysis time. Across articles they
can only be found once both are stored, so this pass reads the stored claims of
articles published close together (a date window: reports of one event cluster in
time), runs the same `find_contradictions`, and writes each cross-article link into
both articles' records. It is an explicit step (`veille contested`), not part of every
ingest batch, because its cost grows with the window, not with the batch.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from veille.claims.contradictions import Contradiction, find_contradictions
from veille.model import Actor, Claim, Mention
from veille.store import ArticleQuery, Store
from veille.store.read import as_date

log = logging.getLogger(__name__)

#: Most articles read in one pass; beyond it, narrow the dates.
MAX_ARTICLES = 20_000


@dataclass(frozen=True, slots=True)
class ContestedReport:
    articles: int
    claims: int
    links: int
    truncated: bool


def link_contested_across(store: Store, *, date_from: date | None = None,
                          date_to: date | None = None) -> ContestedReport:
    """Find cross-article contradictions among stored articles in [date_from, date_to]
    and record them in each claim's `contested_with`; returns what was read and linked."""
    rows = store.articles(ArticleQuery(date_from=date_from, date_to=date_to,
                                       limit=MAX_ARTICLES))
    records = {r["id"]: store.analysis_record(r["id"]) for r in rows}
    records = {k: v for k, v in records.items() if v and v.get("claims")}
    by_language: dict[str, dict[str, list[Claim]]] = defaultdict(dict)
    for article_id, record in records.items():
        by_language[record.get("language") or "fr"][article_id] = [
            stored_claim(c) for c in record["claims"]]
    published = {r["id"]: as_date(r.get("published")) for r in rows}
    found = [c for language, claims in by_language.items()
             for c in find_contradictions(claims, language=language, published=published)
             if c.a.article != c.b.article]
    changed = _mark(records, found)
    if changed:
        store.replace_records({k: records[k] for k in changed})
    total = sum(len(r["claims"]) for r in records.values())
    log.info("%d cross-article contested pairs among %d claims", len(found), total)
    return ContestedReport(len(records), total, len(found), len(rows) >= MAX_ARTICLES)


def stored_claim(c: dict[str, Any]) -> Claim:
    """A claim back from its stored record, with its speaker's resolved actor (so that a
    body and its alias stay one speaker) and its sentence (so that one sentence is one report)."""
    speaker = c.get("speaker") or {}
    actor = speaker.get("actor")
    mention = None
    if actor and speaker.get("text"):
        mention = Mention(speaker.get("start") or 0, speaker.get("end") or 0, speaker["text"],
                          Actor(actor["id"], actor.get("name") or actor["id"],
                                actor.get("kind") or "other", actor.get("country")))
    return Claim(content=c.get("content") or "", start=c.get("start") or 0,
                 end=c.get("end") or 0, speaker_text=speaker.get("text"), speaker=mention,
                 sourcing=c.get("sourcing") or "unattributed", verb=c.get("verb"),
                 stance=c.get("stance"), sentence=c.get("sentence") or "",
                 numbers=list(c.get("numbers") or []))


def _mark(records: dict[str, dict[str, Any]], found: list[Contradiction]) -> set[str]:
    """Add each link to both claims' `contested_with`; the ids of the records changed."""
    changed: set[str] = set()
    for c in found:
        for mine, other in ((c.a, c.b), (c.b, c.a)):
            claim = records[mine.article]["claims"][mine.index]
            entry = {"article": other.article, "claim": other.index, "reason": c.reason,
                     "detail": c.detail}
            links = claim.setdefault("contested_with", [])
            if entry not in links:
                links.append(entry)
                changed.add(mine.article)
    return changed
