"""The stored `annotate` records read back, and what readers derive from them.

The API and the brief both show claims' contradictions, which are kept only in the
records (the claims table has no column for them); both read them here, so they show
the same contested pairs.
"""

from __future__ import annotations

import json
from typing import Any

from veille.store.base import Store
from veille.store.read import in_list


def analysis_records(store: Store, article_ids: set[str] | None = None) -> dict[str, dict]:
    """The stored `annotate` records (without text) of `article_ids`, or of every original."""
    sql = ("SELECT an.article_id, an.record FROM analyses an JOIN articles a "
           "ON a.id = an.article_id WHERE a.duplicate_of IS NULL")
    params: list[Any] = []
    if article_ids is not None:
        if not article_ids:
            return {}
        ids = sorted(article_ids)
        sql += f" AND an.article_id IN {in_list(ids)}"
        params = ids
    out = {}
    for r in store.rows(sql, params):
        rec = r["record"]
        out[r["article_id"]] = json.loads(rec) if isinstance(rec, str) else rec
    return out


def contested_index(store: Store, article_ids: set[str]) -> dict[tuple[str, int], list[dict]]:
    """(article id, claim start) → its contested partners, read from the analysis records
    (contradictions are only kept there: the claims table has no column for them)."""
    out: dict[tuple[str, int], list[dict]] = {}
    for aid, rec in analysis_records(store, article_ids).items():
        claims = rec.get("claims", [])
        for claim in claims:
            partners = []
            for c in claim.get("contested_with") or []:
                other_aid = c.get("article") or aid
                other = claims[c["claim"]] if other_aid == aid and 0 <= c.get("claim", -1) < len(claims) else None
                partners.append({"article_id": other_aid, "reason": c.get("reason"),
                                 "detail": c.get("detail"),
                                 "start": other["start"] if other else None,
                                 "content": other["content"] if other else None})
            if partners:
                out[(aid, claim["start"])] = partners
    return out


def contested_pairs(store: Store, article_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """Each contested pair once: both claims with their speaker, sourcing and offsets."""
    records = analysis_records(store, article_ids)
    pairs, seen = [], set()
    for aid, rec in sorted(records.items()):
        claims = rec.get("claims", [])
        for i, claim in enumerate(claims):
            for c in claim.get("contested_with") or []:
                other_aid = c.get("article") or aid
                other_claims = records.get(other_aid, {}).get("claims", [])
                j = c.get("claim", -1)
                key = tuple(sorted([(aid, i), (other_aid, j)]))
                if key in seen or not 0 <= j < len(other_claims):
                    continue
                seen.add(key)
                pairs.append({"reason": c.get("reason"), "detail": c.get("detail"),
                              "a": _claim_view(aid, i, claim),
                              "b": _claim_view(other_aid, j, other_claims[j])})
    return pairs


def _claim_view(article_id: str, index: int, claim: dict[str, Any]) -> dict[str, Any]:
    speaker = claim.get("speaker") or {}
    return {"article_id": article_id, "index": index, "content": claim.get("content"),
            "sentence": claim.get("sentence"), "start": claim.get("start"),
            "end": claim.get("end"), "sourcing": claim.get("sourcing"),
            "speaker": speaker.get("text"),
            "speaker_actor": (speaker.get("actor") or {}).get("id")}
