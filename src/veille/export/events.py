"""Events out of the store: a GDELT-like table (CSV, Parquet, JSON Lines) or PLOVER JSON.

One row per real event: mentions of the same event across articles are merged by
`veille.stories.eventdedup.merge_events`, which gives the GDELT counts (NumMentions,
NumArticles, NumSources). Place, URL and actor names come from the event's first
mention that has them.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from veille.events.ontology import load_ontology
from veille.stories.eventdedup import EventCluster, merge_events
from veille.stories.events_rows import load_event_rows
from veille.store import Store
from veille.store.read import ArticleFilter, article_where

log = logging.getLogger(__name__)

FORMATS = ("csv", "parquet", "jsonl", "plover")
COLUMNS = ("GlobalEventID", "Day", "Actor1Code", "Actor1Name", "Actor1CountryCode",
           "Actor2Code", "Actor2Name", "Actor2CountryCode", "EventType", "EventMode",
           "Status", "CAMEORoot", "QuadClass", "QuadClassName", "Intensity", "NumMentions",
           "NumArticles", "NumSources", "ActionGeo_FullName", "ActionGeo_CountryCode",
           "ActionGeo_Lat", "ActionGeo_Long", "SourceURL", "ArticleID", "Sentence")


def _details(store: Store, clusters: Sequence[EventCluster]) -> dict[tuple[str, int], dict]:
    """Columns the event rows leave out (place, coordinates, URL, CAMEO root, mode)."""
    out: dict[tuple[str, int], dict] = {}
    originals, params = article_where(ArticleFilter())
    for r in store.rows("SELECT e.article_id, e.idx, e.mode, e.cameo_root, e.place_name, "
                        "e.place_country, e.lat, e.lon, e.source_text, e.target_text, a.url "
                        f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {originals}",
                        params):
        out[(r["article_id"], r["idx"])] = r
    return out


def _actor_names(store: Store) -> dict[str, dict]:
    return {r["id"]: r for r in store.rows("SELECT id, name, country FROM actors")}


def gdelt_rows(store: Store) -> list[dict[str, Any]]:
    """The store's events as GDELT-like rows, oldest first."""
    clusters = merge_events(load_event_rows(store))
    details, actors = _details(store, clusters), _actor_names(store)
    out = [_gdelt_row(c, details, actors) for c in clusters]
    return sorted(out, key=lambda r: (r["Day"] or "9999", r["GlobalEventID"]))


def _gdelt_row(c: EventCluster, details: dict, actors: dict) -> dict[str, Any]:
    first = c.mentions[0]
    info = [details.get((m.article_id, m.idx), {}) for m in c.mentions]
    placed = next((d for d in info if d.get("lat") is not None), info[0] if info else {})
    head = info[0] if info else {}
    a1, a2 = actors.get(c.source_actor or "", {}), actors.get(c.target_actor or "", {})
    return {
        "GlobalEventID": c.id, "Day": c.day.isoformat() if c.day else None,
        "Actor1Code": c.source_actor, "Actor1Name": a1.get("name") or head.get("source_text"),
        "Actor1CountryCode": a1.get("country"),
        "Actor2Code": c.target_actor, "Actor2Name": a2.get("name") or head.get("target_text"),
        "Actor2CountryCode": a2.get("country"),
        "EventType": c.type, "EventMode": head.get("mode") or "", "Status": first.status,
        "CAMEORoot": head.get("cameo_root"),
        "QuadClass": load_ontology().quad_code(first.quad_class),  # GDELT's 1..4
        "QuadClassName": first.quad_class, "Intensity": first.intensity,
        "NumMentions": len(c.mentions), "NumArticles": c.num_articles,
        "NumSources": c.num_sources, "ActionGeo_FullName": placed.get("place_name"),
        "ActionGeo_CountryCode": placed.get("place_country") or c.place_country,
        "ActionGeo_Lat": placed.get("lat"), "ActionGeo_Long": placed.get("lon"),
        "SourceURL": next((d.get("url") for d in info if d.get("url")), None),
        "ArticleID": first.article_id, "Sentence": first.sentence,
    }


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One GDELT-like row as a PLOVER event record (field names of the OEDA gold records)."""
    def actor(code: str | None, name: str | None) -> list[dict[str, Any]]:
        return [{"actorText": name, "code": code}] if code or name else []

    return {"id": row["GlobalEventID"], "date": row["Day"], "event": row["EventType"],
            "mode": row["EventMode"], "context": "", "source": actor(row["Actor1Code"], row["Actor1Name"]),
            "target": actor(row["Actor2Code"], row["Actor2Name"]), "status": row["Status"],
            "text": row["Sentence"], "language": None, "url": row["SourceURL"],
            "location": {"placeName": row["ActionGeo_FullName"], "country": row["ActionGeo_CountryCode"],
                         "lat": row["ActionGeo_Lat"], "lon": row["ActionGeo_Long"]},
            "counts": {"mentions": row["NumMentions"], "articles": row["NumArticles"],
                       "sources": row["NumSources"]}}


def export_events(store: Store, out: Path | TextIO, *, format: str = "csv") -> int:
    """Write the store's events to `out` (a path, or a text stream for csv/jsonl/plover);
    returns how many events were written."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r} (use {', '.join(FORMATS)})")
    data = gdelt_rows(store)
    if format == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs a file path (--out)")
        table = pa.Table.from_pylist(data, schema=_parquet_schema())
        pq.write_table(table, out)
        return len(data)
    stream = out.open("w", encoding="utf-8", newline="") if isinstance(out, Path) else out
    try:
        _write_text(data, stream, format)
    finally:
        if isinstance(out, Path):
            stream.close()
    return len(data)


def _write_text(data: list[dict[str, Any]], stream: TextIO, format: str) -> None:
    if format == "csv":
        writer = csv.DictWriter(stream, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(data)
    elif format == "jsonl":
        for row in data:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        json.dump([plover_record(r) for r in data], stream, ensure_ascii=False, indent=1)
        stream.write("\n")


def _parquet_schema() -> pa.Schema:
    ints = {"QuadClass", "NumMentions", "NumArticles", "NumSources"}
    floats = {"Intensity", "ActionGeo_Lat", "ActionGeo_Long"}
    return pa.schema([(c, pa.int32() if c in ints else pa.float64() if c in floats else pa.string())
                      for c in COLUMNS])
