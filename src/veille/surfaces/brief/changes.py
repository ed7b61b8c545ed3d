"""What changed since the last brief, for a saved selection.

An analyst follows one crisis for weeks: `veille brief --save NAME` keeps the brief's
selection (query, story, actors, date window) under a name, with a snapshot of what that
brief said — the articles it read, every actor's article and mention counts, its key
dates, its contested pairs, its escalation trend. `veille brief --since-last NAME`
writes the brief of the same selection with a section that compares it with that
snapshot (new articles, new actors and actors whose counts moved, new key dates, new
contested claims, a changed trend), each line cited like the rest of the brief, then
keeps the new snapshot for next time.

Saved selections live in the store's `meta` table (key `brief.saved.NAME`, a JSON
value), which both engines have: no schema change, and a store copied elsewhere keeps
its selections.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from veille.store import Store
from veille.surfaces.brief.cite import Citation, Citer

META_PREFIX = "brief.saved."
#: At most this many lines per kind of change (the rest is counted, not listed).
MAX_LINES = 6
#: The selection fields a saved brief keeps (language and links are the reader's choice).
SELECTION_FIELDS = ("query", "story", "actors", "date_from", "date_to", "max_actors")


@dataclass(frozen=True, slots=True)
class Saved:
    """A saved selection: its name, the brief options it selects, and its last snapshot."""

    name: str
    options: dict[str, Any]
    snapshot: dict[str, Any]


def contested_key(pair: dict[str, Any]) -> str:
    """One contested pair, as the two claims it sets against each other (article:offset)."""
    a, b = pair["a"], pair["b"]
    return f"{a['article_id']}:{a['start']}|{b['article_id']}:{b['start']}"


def snapshot(brief: Any) -> dict[str, Any]:
    """What `brief` said, as JSON-ready data: enough to tell the next brief what is new."""
    esc = brief.escalation or {}
    return {"generated": brief.generated,
            "articles": sorted(a["id"] for a in brief.articles),
            "actors": {k: list(v) for k, v in sorted(brief.actor_counts.items())},
            "dates": [d["date"] for d in brief.timeline],
            "contested": sorted(contested_key(p) for p in brief.contested),
            "escalation": {"trend": esc.get("trend"), "actors": esc.get("actors", [])}
            if esc else None}


def selection_of(options: Any) -> dict[str, Any]:
    """The filters of `options` (a BriefOptions) as JSON-ready data."""
    data = asdict(options)
    out = {k: data[k] for k in SELECTION_FIELDS}
    out["actors"] = list(out["actors"])
    for k in ("date_from", "date_to"):
        out[k] = out[k].isoformat() if out[k] else None
    return out


def options_from(base: Any, selection: dict[str, Any]) -> Any:
    """`base` (a BriefOptions: language, links) with the saved `selection`'s filters."""
    values = {k: selection.get(k) for k in SELECTION_FIELDS if k in selection}
    values["actors"] = tuple(values.get("actors") or ())
    for k in ("date_from", "date_to"):
        values[k] = date.fromisoformat(values[k]) if values.get(k) else None
    return replace(base, **values)


def save_selection(store: Store, name: str, brief: Any) -> None:
    """Keep `brief`'s selection and snapshot under `name` (replacing the previous one)."""
    value = {"options": selection_of(brief.options), "snapshot": snapshot(brief)}
    store.write_meta({META_PREFIX + name: json.dumps(value, ensure_ascii=False)})


def load_selection(store: Store, name: str) -> Saved | None:
    """The selection saved under `name`, or None when there is none."""
    raw = store.read_meta(META_PREFIX + name)
    if raw is None:
        return None
    value = json.loads(raw)
    return Saved(name, value["options"], value["snapshot"])


def saved_names(store: Store) -> list[str]:
    """The names of the selections saved in `store` (for an error that lists them)."""
    rows = store.rows("SELECT key FROM meta WHERE key LIKE ? ORDER BY key", [META_PREFIX + "%"])
    return [r["key"][len(META_PREFIX):] for r in rows]


def _escalation_cite(brief: Any, records: dict[str, dict], citer: Citer) -> Citation | None:
    """The sentence of the latest event the escalation series counted."""
    for point in reversed((brief.escalation or {}).get("series", [])):
        for ref in reversed(point.get("events", [])):
            aid, _, idx = str(ref).rpartition("#")
            events = records.get(aid, {}).get("events", [])
            if idx.isdigit() and int(idx) < len(events) and aid in citer.texts:
                return citer.sentence(aid, events[int(idx)].get("start") or 0)
    return None


def _actor_changes(previous: dict[str, Any], brief: Any, new_ids: set[str], citer: Citer,
                   book: Any, counts: Any) -> tuple[list[dict], list[dict]]:
    """Actors first named since the snapshot, and those whose counts moved, each cited at
    its first mention in a new article (else its first mention)."""
    before = previous.get("actors", {})
    fresh, moved = [], []
    for key in counts.ranked():
        after = [counts.articles(key), counts.mentions[key]]
        if before.get(key) == after:
            continue
        firsts = counts.first[key]
        aid = next((a for a in firsts if a in new_ids), next(iter(firsts)))
        row = {"id": key, "name": book.name(key), "after": after, "before": before.get(key),
               "cite": citer.sentence(aid, firsts[aid])}
        (moved if key in before else fresh).append(row)
    moved.sort(key=lambda r: (-(r["after"][0] - r["before"][0]), -(r["after"][1] - r["before"][1])))
    return fresh, moved


def changes_since(previous: dict[str, Any], brief: Any, records: dict[str, dict],
                  citer: Citer, book: Any, counts: Any) -> dict[str, Any]:
    """Everything `brief` says that the `previous` snapshot did not, each item cited.

    Articles: those selected now and not then (cited at their first sentence), with the
    events and claims they hold. Actors: new ones and those whose article or mention
    counts moved. Key dates and contested pairs: those the previous brief did not show.
    Escalation: the trend, when it or its pair of sides changed. Lists are cut at
    `MAX_LINES`; the totals say how many there were."""
    new_ids = {a["id"] for a in brief.articles} - set(previous.get("articles", []))
    articles = [a for a in brief.articles if a["id"] in new_ids]
    fresh, moved = _actor_changes(previous, brief, new_ids, citer, book, counts)
    old_dates = set(previous.get("dates", []))
    old_pairs = set(previous.get("contested", []))
    esc_before = previous.get("escalation") or {}
    esc_after = brief.escalation or {}
    escalation = None
    if (esc_before.get("trend"), esc_before.get("actors")) != (esc_after.get("trend"),
                                                               esc_after.get("actors")):
        escalation = {"before": esc_before.get("trend"), "after": esc_after.get("trend"),
                      "actors": esc_after.get("actors") or esc_before.get("actors") or [],
                      "cite": _escalation_cite(brief, records, citer)}
    dates = [d for d in brief.timeline if d["date"] not in old_dates]
    pairs = [p for p in brief.contested if contested_key(p) not in old_pairs]
    return {
        "since": previous.get("generated"),
        "articles": [{**a, "cite": citer.sentence(a["id"], 0)} for a in articles[:MAX_LINES]],
        "articles_total": len(articles),
        "events": sum(len(records.get(i, {}).get("events", [])) for i in new_ids),
        "claims": sum(len(records.get(i, {}).get("claims", [])) for i in new_ids),
        "new_actors": fresh[:MAX_LINES], "new_actors_total": len(fresh),
        "moved_actors": moved[:MAX_LINES], "moved_actors_total": len(moved),
        "dates": dates[:MAX_LINES], "dates_total": len(dates),
        "contested": pairs[:MAX_LINES], "contested_total": len(pairs),
        "escalation": escalation,
        "nothing": not (articles or fresh or moved or dates or pairs or escalation),
    }
