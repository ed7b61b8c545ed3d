"""Event deduplication across articles: the mentions of one real event become one event.

GDELT counts an event once per article that reports it; here mentions with the same
PLOVER type, the same (source, target) dyad, the same status family, compatible days
and compatible places merge into one `EventCluster`, which counts its articles and
outlets (GDELT's NumArticles / NumSources) and keeps every mention's provenance.
Mentions whose both actors are unresolved are never merged: nothing says they are the
same.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any


from veille.model import sha1_hex
from veille.stories.events_rows import EventRow
from veille.store import Store
from veille.yamlfile import load_yaml

_STATUS_FAMILY = {"occurred": "real", "reported": "real", "threatened": "intent",
                  "planned": "intent", "hypothetical": "intent", "denied": "denied"}


@lru_cache(maxsize=1)
def dedup_parameters() -> dict[str, Any]:
    text = resources.files("veille.stories").joinpath("data/eventdedup.yaml").read_text("utf-8")
    return load_yaml(text)


@dataclass(slots=True)
class EventCluster:
    """One real event and every mention of it."""

    type: str
    source_actor: str | None
    target_actor: str | None
    mentions: list[EventRow] = field(default_factory=list)

    @property
    def id(self) -> str:
        first = min((m.article_id, m.idx) for m in self.mentions)
        return "ev" + sha1_hex(f"{first[0]}#{first[1]}")[:12]

    @property
    def day(self) -> date | None:
        """The day most mentions name (explicit dates first), else the earliest article day."""
        explicit = Counter(m.day for m in self.mentions if m.date_explicit and m.day)
        if explicit:
            return sorted(explicit.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        days = [m.day for m in self.mentions if m.day]
        return min(days) if days else None

    @property
    def num_articles(self) -> int:
        return len({m.article_id for m in self.mentions})

    @property
    def num_sources(self) -> int:
        return len({m.source or m.article_id for m in self.mentions})

    @property
    def place_country(self) -> str | None:
        places = Counter(m.place_country for m in self.mentions if m.place_country)
        return places.most_common(1)[0][0] if places else None

    def to_dict(self) -> dict[str, Any]:
        first = self.mentions[0]
        return {"id": self.id, "type": self.type, "source_actor": self.source_actor,
                "target_actor": self.target_actor,
                "date": self.day.isoformat() if self.day else None,
                "place_country": self.place_country, "quad_class": first.quad_class,
                "intensity": first.intensity, "num_mentions": len(self.mentions),
                "num_articles": self.num_articles, "num_sources": self.num_sources,
                "mentions": [{"article_id": m.article_id, "idx": m.idx, "source": m.source,
                              "sentence": m.sentence} for m in self.mentions]}


def compatible(a: EventRow, cluster: EventCluster) -> bool:
    """Whether mention `a` can be one more report of `cluster`'s event."""
    p = dedup_parameters()
    for b in cluster.mentions:
        if a.day is None or b.day is None:
            continue
        limit = p["explicit_days"] if a.date_explicit and b.date_explicit else p["article_days"]
        if abs((a.day - b.day).days) > limit:
            return False
        if a.place_country and b.place_country and a.place_country != b.place_country:
            return False
    return True


def merge_events(rows: Iterable[EventRow]) -> list[EventCluster]:
    """The real events behind `rows`, oldest first; each mention in exactly one cluster."""
    groups: dict[tuple, list[EventRow]] = defaultdict(list)
    singles: list[EventCluster] = []
    for row in rows:
        if row.source_actor is None and row.target_actor is None:
            singles.append(EventCluster(row.type, None, None, [row]))
            continue
        family = _STATUS_FAMILY.get(row.status, row.status)
        groups[(row.type, row.source_actor, row.target_actor, family)].append(row)
    clusters = list(singles)
    for (kind, src, tgt, _), members in groups.items():
        members.sort(key=lambda r: (r.day or date.max, not r.date_explicit))
        open_: list[EventCluster] = []
        for row in members:
            target = next((c for c in open_ if compatible(row, c)), None)
            if target is None:
                target = EventCluster(kind, src, tgt)
                open_.append(target)
            target.mentions.append(row)
        clusters.extend(open_)
    return sorted(clusters, key=lambda c: (c.day or date.max, c.id))


def store_event_clusters(store: Store, clusters: Sequence[EventCluster]) -> None:
    """Replace the store's event clusters with `clusters`."""
    store.ensure_schema("veille.stories")
    store.execute("DELETE FROM event_cluster_mentions")
    store.execute("DELETE FROM event_clusters")
    store.executemany("INSERT INTO event_clusters (id, type, source_actor, target_actor, "
                      "date_value, place_country, quad_class, intensity, num_mentions, "
                      "num_articles, num_sources) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      [(c.id, c.type, c.source_actor, c.target_actor,
                  c.day.isoformat() if c.day else None, c.place_country,
                  c.mentions[0].quad_class, c.mentions[0].intensity, len(c.mentions),
                  c.num_articles, c.num_sources) for c in clusters])
    store.executemany("INSERT INTO event_cluster_mentions (cluster_id, article_id, idx) "
                      "VALUES (?, ?, ?)",
                      [(c.id, m.article_id, m.idx) for c in clusters for m in c.mentions])
