"""Flatten analyses into table rows: engine-independent, shared by every store engine."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timezone
from typing import Any

from veille.model import Analysis
from veille.store.base import Record
from veille.store.read import event_day

Rows = dict[str, list[dict[str, Any]]]

#: Tables holding what analysis found; replaced together when an article is re-analysed.
ANALYSIS_TABLES: tuple[str, ...] = ("mentions", "times", "places", "events", "claims", "analyses")


def article_row(record: Record, now: datetime) -> dict[str, Any]:
    a = record.analysis.article
    return {
        "id": a.id, "url": a.url, "source": a.source, "title": a.title,
        "published": a.published, "date_precision": a.date_precision,
        "date_origin": a.date_origin, "language": a.language, "text": a.text,
        "raw_hash": a.raw_hash, "text_hash": record.text_hash, "origin": a.origin,
        "duplicate_of": record.duplicate_of, "similarity": record.similarity,
        "truncated": a.truncated, "boilerplate_removed": len(a.boilerplate_removed),
        "analyzed": record.analyzed,
        "quality": json.dumps(record.analysis.to_dict()["quality"], ensure_ascii=False),
        "ingested_at": now,
    }


def analysis_rows(analysis: Analysis) -> Rows:
    """Rows for every analysis table of one article (the article row itself excluded)."""
    aid = analysis.article.id
    rows: Rows = {name: [] for name in (*ANALYSIS_TABLES, "actors")}
    for i, m in enumerate(analysis.mentions):
        rows["mentions"].append({"article_id": aid, "idx": i, "start_char": m.start,
                                 "end_char": m.end, "text": m.text,
                                 "actor_id": m.actor.id if m.actor else None,
                                 "label": m.label, "method": m.method})
        if m.actor is not None:
            rows["actors"].append({"id": m.actor.id, "name": m.actor.name, "kind": m.actor.kind,
                                   "country": m.actor.country, "sector": m.actor.sector})
    for i, t in enumerate(analysis.times):
        rows["times"].append({"article_id": aid, "idx": i, "start_char": t.start,
                              "end_char": t.end, "text": t.text, "value": t.value,
                              "type": t.type, "granularity": t.granularity,
                              "relative": t.relative, "span_start": t.span_start,
                              "span_end": t.span_end, "mod": t.mod, "anchor": t.anchor})
    for i, p in enumerate(analysis.places):
        rows["places"].append({"article_id": aid, "idx": i, "start_char": p.start,
                               "end_char": p.end, "text": p.text, "name": p.name,
                               "country": p.country, "lat": p.lat, "lon": p.lon})
    published = analysis.article.published
    rows["events"] = [_event_row(aid, i, e, published) for i, e in enumerate(analysis.events)]
    rows["claims"] = [_claim_row(aid, i, c) for i, c in enumerate(analysis.claims)]
    record = analysis.to_dict()
    record.pop("text", None)
    rows["analyses"].append({"article_id": aid,
                             "record": json.dumps(record, ensure_ascii=False, default=str)})
    return rows


def _event_row(aid: str, i: int, e: Any, published: date | None) -> dict[str, Any]:
    value = e.date.value if e.date else None
    return {
        "article_id": aid, "idx": i, "type": e.type, "mode": e.mode,
        "source_actor": e.source.actor.id if e.source and e.source.actor else None,
        "source_text": e.source.text if e.source else None,
        "target_actor": e.target.actor.id if e.target and e.target.actor else None,
        "target_text": e.target.text if e.target else None,
        "status": e.status, "negated": e.negated,
        "date_value": value, "date_mod": e.date.mod if e.date else None,
        "date_from_article": e.date_from_article,
        "day": event_day(value, e.date_from_article, published),
        "place_name": e.place.name if e.place else None,
        "place_country": e.place.country if e.place else None,
        "lat": e.place.lat if e.place else None, "lon": e.place.lon if e.place else None,
        "trigger": e.trigger, "sentence": e.sentence, "start_char": e.start,
        "end_char": e.end, "cameo_root": e.cameo_root, "quad_class": e.quad_class,
        "intensity": e.intensity, "confidence": e.confidence,
        "attributed_to": e.attributed_to,
    }


def _claim_row(aid: str, i: int, c: Any) -> dict[str, Any]:
    return {
        "article_id": aid, "idx": i, "speaker_text": c.speaker_text,
        "speaker_actor": c.speaker.actor.id if c.speaker and c.speaker.actor else None,
        "sourcing": c.sourcing, "content": c.content, "direct": c.direct, "verb": c.verb,
        "stance": c.stance, "relayed_by": json.dumps(list(c.relayed_by), ensure_ascii=False),
        "start_char": c.start, "end_char": c.end,
    }


def batch_rows(records: Iterable[Record]) -> Rows:
    """All rows of a batch, table by table, ready for one bulk insert per table."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    out: Rows = {"articles": [], "minhashes": [], "actors": [],
                 **{name: [] for name in ANALYSIS_TABLES}}
    seen_actors: set[str] = set()
    for record in records:
        out["articles"].append(article_row(record, now))
        if record.signature is not None:
            out["minhashes"].append({"article_id": record.analysis.article.id,
                                     "signature": record.signature})
        if not record.analyzed:
            continue
        for table, rows in analysis_rows(record.analysis).items():
            if table == "actors":
                rows = [r for r in rows if r["id"] not in seen_actors]
                seen_actors.update(r["id"] for r in rows)
            out[table].extend(rows)
    return out
