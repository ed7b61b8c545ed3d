"""The analyst's brief as data: selection, actors, key dates, contested claims, sourcing,
escalation and sources — each item carrying the citation of the sentence it rests on.

Rendering (Markdown or HTML, French or English) is `veille.surfaces.brief.render`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from veille.actors.generic import KIND_STEMS
from veille.store import Store
from veille.store.read import ArticleFilter, article_where
from veille.store.records import analysis_records, contested_pairs
from veille.surfaces.brief.cite import Citation, Citer

log = logging.getLogger(__name__)

#: Ids of country-less generic actors ("les milices" → REB); "REB-IRQ" is a national one.
GENERIC_STEMS = frozenset(KIND_STEMS.values())
# Actor kinds that make a row of the actors table (people, media and anonymous sources
# appear as speakers of claims instead).
TABLE_KINDS = ("state", "government", "military", "armed_group", "opposition", "igo", "ngo")


@dataclass(frozen=True, slots=True)
class BriefOptions:
    query: str | None = None
    story: str | None = None
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    lang: str = "fr"
    base_url: str = "http://127.0.0.1:8000"
    max_actors: int = 10


@dataclass(slots=True)
class Brief:
    options: BriefOptions
    generated: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    contested: list[dict[str, Any]] = field(default_factory=list)
    sourcing: dict[str, int] = field(default_factory=dict)
    anonymous: list[Citation] = field(default_factory=list)
    escalation: dict[str, Any] | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)


def selected_articles(store: Store, opts: BriefOptions) -> list[dict[str, Any]]:
    """Original articles matching the options, oldest first, text included."""
    where, params = article_where(ArticleFilter(
        search=opts.query, actors=tuple(opts.actors), story=opts.story,
        date_from=opts.date_from, date_to=opts.date_to))
    return store.rows("SELECT a.id, a.published, a.source, a.title, a.url, a.language, a.text "
                      f"FROM articles a WHERE {where} ORDER BY a.published NULLS LAST, a.id",
                      params)


def generic_group_owners(records: dict[str, dict]) -> dict[str, str]:
    """Generic groups of the selection ("les milices", REB) → their one national variant.

    Articles say "les milices irakiennes" once and "les milices" ten times after. Each
    mention stays as written in the store (a bare "milices" names no country); the brief,
    which reads the whole selection, counts the bare ones with the national group when
    the selection names exactly one national variant of that kind (REB-IRQ and no
    REB-SYR). With two or more it cannot tell which one, and keeps the generic row.
    """
    seen = {((m.get("actor") or {}).get("id"), (m.get("actor") or {}).get("country"))
            for rec in records.values() for m in rec.get("mentions", [])
            if (m.get("actor") or {}).get("kind") in TABLE_KINDS}
    generic = {aid for aid, country in seen if not country and aid in GENERIC_STEMS}
    owners = {}
    for stem in generic:
        variants = {aid for aid, country in seen
                    if aid and country and aid == f"{stem}-{country}"}
        if len(variants) == 1:
            owners[stem] = variants.pop()
    return owners


def actor_rows(records: dict[str, dict], citer: Citer, max_actors: int) -> list[dict[str, Any]]:
    """The actors table: who is named most, what they did and had done to them (events),
    what they say (claims) and the risks their events carry; each with citations."""
    owners = generic_group_owners(records)
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    info: dict[str, dict] = {}
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for aid, rec in sorted(records.items()):
        for m in rec.get("mentions", []):
            actor = m.get("actor")
            if actor and actor.get("kind") in TABLE_KINDS:
                key = owners.get(actor["id"], actor["id"])
                if key == actor["id"]:
                    info[key] = actor
                mentions[key] += 1
                articles[key].add(aid)
                written[key][m.get("text") or ""] += 1
                first.setdefault(key, (aid, m["start"]))
    ranked = sorted(mentions, key=lambda a: (-len(articles[a]), -mentions[a], a))[:max_actors]
    out = []
    for a in ranked:
        merged = sorted(g for g, owner in owners.items() if owner == a)
        row = _actor_row(a, info[a], len(articles[a]), mentions[a], first[a], records, citer,
                         ids={a, *merged})
        row["merged"] = merged
        row["written"] = [t for t, _ in written[a].most_common(3) if t]
        out.append(row)
    return out


def _actor_row(actor_id: str, actor: dict, n_articles: int, n_mentions: int,
               first: tuple[str, int], records: dict[str, dict], citer: Citer,
               ids: set[str] | None = None) -> dict[str, Any]:
    """One table row; `ids` are the actor ids counted as this actor (itself by default)."""
    ids = ids or {actor_id}
    roles: Counter[str] = Counter()
    risks, claims = [], []
    for aid, rec in sorted(records.items()):
        for e in rec.get("events", []):
            sides = [side for side in ("source", "target")
                     if ((e.get(side) or {}).get("actor") or {}).get("id") in ids]
            if not e.get("quad_class") or e.get("negated"):
                continue
            for side in sides:
                roles[f"{side}_{e['quad_class']}"] += 1
                if (side == "target" and "conflict" in e["quad_class"]) \
                        or e.get("status") == "threatened":
                    risks.append(citer.sentence(aid, e["start"]))
            if not sides and actor.get("kind") == "state" \
                    and (e.get("place") or {}).get("country") == actor_id:
                roles[f"place_{e['quad_class']}"] += 1  # Oman: where the talks are held
        for c in rec.get("claims", []):
            who = ((c.get("speaker") or {}).get("actor") or {}).get("id")
            if who in ids:
                claims.append(citer.sentence(aid, c["start"]))
    return {"id": actor_id, "name": actor.get("name"), "kind": actor.get("kind"),
            "country": actor.get("country"), "articles": n_articles, "mentions": n_mentions,
            "roles": _top_roles(roles), "events": sum(roles.values()),
            "risks": [c for c in risks if c][:2], "claims": [c for c in claims if c][:2],
            "claim_count": len(claims), "cite": citer.sentence(*first)}


def _top_roles(roles: Counter[str], n: int = 2) -> list[str]:
    """The `n` most frequent roles, what the actor did or had done to it before where
    things happened on its soil (Iraq negotiates; Oman, party to nothing, hosts talks)."""
    ranked = sorted(roles.items(), key=lambda kv: (kv[0].startswith("place_"), -kv[1], kv[0]))
    return [r for r, _ in ranked[:n]]


def timeline_rows(store: Store, opts: BriefOptions, citer: Citer) -> list[dict[str, Any]]:
    """Key dates from `veille.stories.timeline`, each summary sentence cited."""
    from veille.stories.timeline import TimelineQuery, build_timeline

    q = TimelineQuery(query=opts.query, actors=opts.actors, story=opts.story,
                      date_from=opts.date_from, date_to=opts.date_to, max_dates=10, per_date=2)
    out = []
    for entry in build_timeline(store, q):
        items = []
        for sentence in entry.summary:
            cite = next((c for s in entry.sources
                         if (c := citer.find(s["article_id"], sentence))), None)
            items.append({"text": sentence, "cite": cite})
        out.append({"date": entry.date.isoformat(), "items": items})
    return out


def sourcing_profile(records: dict[str, dict]) -> dict[str, int]:
    """How the key facts (the claims) are sourced: named, anonymous, unattributed, relayed."""
    counts = Counter(c.get("sourcing") or "unattributed"
                     for rec in records.values() for c in rec.get("claims", []))
    named = sum(n for k, n in counts.items() if k.startswith("named"))
    return {"total": sum(counts.values()), "anonymous": counts["anonymous"],
            "unattributed": counts["unattributed"], "named": named,
            "media_relay": counts["media_relay"]}


def escalation_summary(store: Store, actors: list[str]) -> dict[str, Any] | None:
    """The escalation report for the main actors, or None when there are no events."""
    from veille.stories.escalation import escalation_from_store

    if not actors:
        return None
    report = escalation_from_store(store, actors[:2] if len(actors) > 1 else actors)
    if not report.series:
        return None
    return report.to_dict()


def build_brief(store: Store, opts: BriefOptions) -> Brief:
    """Everything the brief says, computed from the store for `opts`."""
    selected = selected_articles(store, opts)
    ids = {a["id"] for a in selected}
    records = analysis_records(store, ids)
    citer = Citer({a["id"]: a["text"] for a in selected}, opts.base_url)
    brief = Brief(opts, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    brief.articles = [{k: v for k, v in a.items() if k != "text"} for a in selected]
    brief.actors = actor_rows(records, citer, opts.max_actors)
    brief.timeline = timeline_rows(store, opts, citer) if selected else []
    brief.contested = [{**p, "cite_a": citer.sentence(p["a"]["article_id"], p["a"]["start"]),
                        "cite_b": citer.sentence(p["b"]["article_id"], p["b"]["start"])}
                       for p in contested_pairs(store, ids) if p["a"]["article_id"] in citer.texts
                       and p["b"]["article_id"] in citer.texts]
    brief.sourcing = sourcing_profile(records)
    anonymous = {c.number: c for aid, rec in sorted(records.items())
                 for claim in rec.get("claims", []) if claim.get("sourcing") == "anonymous"
                 and (c := citer.sentence(aid, claim["start"]))}
    brief.anonymous = list(anonymous.values())[:6]
    esc_actors = list(opts.actors) or [a["id"] for a in brief.actors if a["kind"] == "state"]
    brief.escalation = escalation_summary(store, esc_actors)
    days = [a["published"] for a in selected if a["published"]]
    brief.counts = {"articles": len(selected),
                    "sources": len({a["source"] or a["id"] for a in selected}),
                    "first": min(days).isoformat() if days else "?",
                    "last": max(days).isoformat() if days else "?",
                    "actors": len(brief.actors),
                    "events": sum(len(r.get("events", [])) for r in records.values()),
                    "claims": brief.sourcing["total"], "contested": len(brief.contested)}
    brief.citations = citer.cited
    return brief
