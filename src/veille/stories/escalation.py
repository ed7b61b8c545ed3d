"""Escalation index: is a dyad (or a set of actors) heating up or calming down?

For the events among a set of actors: a daily series split into the four quad classes
(count and summed intensity, each normalised by the day's total event volume in the
store, as GDELT normalises by its daily article count), a trend (least-squares slope
of the daily net conflict share), change alerts (a type or quad class whose daily rate
over the last `recent_days` is at least `min_ratio` times its rate over the previous
`baseline_days`), and one indicator per axis of the analyst's brief: regional
alliances (cooperation network), diplomatic commitments (AGREE/CONSULT flow), risks of
misreading (THREATEN plus contested-claim flow).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from veille.events.ontology import load_ontology, quad_classes
from veille.stories.events_rows import EventRow, load_event_rows
from veille.store import Store
from veille.store.read import as_date, in_list

_WORDS = {2: "doubled", 3: "tripled", 4: "quadrupled"}


@lru_cache(maxsize=1)
def escalation_parameters() -> dict[str, Any]:
    """The parameters shipped in `stories/data/escalation.yaml`."""
    text = resources.files("veille.stories").joinpath("data/escalation.yaml").read_text("utf-8")
    return yaml.safe_load(text)


@dataclass(slots=True)
class DayPoint:
    """One day of the series: per quad class, event count and summed |intensity|."""

    day: date
    counts: dict[str, int]
    intensity: dict[str, float]
    volume: int                     # all events of the day in the store (normaliser)

    @property
    def net_conflict(self) -> float:
        """(conflict − cooperation intensity) / volume: > 0 hostile, < 0 cooperative."""
        conflict = self.intensity["verbal_conflict"] + self.intensity["material_conflict"]
        coop = self.intensity["verbal_cooperation"] + self.intensity["material_cooperation"]
        return (conflict - coop) / self.volume if self.volume else 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.day.isoformat(), "volume": self.volume}
        for q in quad_classes():
            out[f"{q}_count"] = self.counts[q]
            out[f"{q}_index"] = round(self.intensity[q] / self.volume, 4) if self.volume else 0.0
        out["net_conflict"] = round(self.net_conflict, 4)
        return out


@dataclass(frozen=True, slots=True)
class Alert:
    """A sharp change: `what` happened `ratio` times as often lately as before."""

    what: str
    recent: int
    baseline: int
    ratio: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "recent": self.recent, "baseline": self.baseline,
                "ratio": None if math.isinf(self.ratio) else round(self.ratio, 2),
                "message": self.message}


@dataclass(slots=True)
class EscalationReport:
    actors: tuple[str, ...]
    start: date | None
    end: date | None
    series: list[DayPoint] = field(default_factory=list)
    slope: float = 0.0
    trend: str = "no data"
    alerts: list[Alert] = field(default_factory=list)
    axes: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"actors": list(self.actors),
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
                "trend": self.trend, "slope": round(self.slope, 5),
                "alerts": [a.to_dict() for a in self.alerts],
                "series": [p.to_dict() for p in self.series], "axes": self.axes}


def _side(actor: str | None, country: str | None, actors: Sequence[str]) -> str | None:
    """Which of `actors` this end is: itself, or its country (IRNGOV counts as IRN)."""
    if actor in actors:
        return actor
    return country if country in actors else None


def involves(row: EventRow, actors: Sequence[str]) -> bool:
    """Both ends in `actors` (a dyad or a group) and not the same one, or one end when only
    one actor is asked; an actor also stands for the institutions of its country."""
    src = _side(row.source_actor, row.source_country, actors)
    tgt = _side(row.target_actor, row.target_country, actors)
    if len(actors) == 1:
        return src is not None or tgt is not None
    return src is not None and tgt is not None and src != tgt


def daily_series(events: Iterable[EventRow], actors: Sequence[str], start: date, end: date,
                 volume: dict[date, int] | None = None) -> list[DayPoint]:
    """One point per day from `start` to `end`; `volume` defaults to the events' own count."""
    counts: dict[date, Counter] = defaultdict(Counter)
    weight: dict[date, Counter] = defaultdict(Counter)
    every: Counter = Counter()
    quads = quad_classes()  # from the PLOVER ontology data
    for row in events:
        if row.day is None or row.status == "denied":
            continue
        every[row.day] += 1
        if involves(row, actors) and row.quad_class in quads:
            counts[row.day][row.quad_class] += 1
            weight[row.day][row.quad_class] += abs(row.intensity or 0.0)
    volume = volume if volume is not None else every
    out = []
    for k in range((end - start).days + 1):
        day = start + timedelta(days=k)
        out.append(DayPoint(day, {q: counts[day][q] for q in quads},
                            {q: float(weight[day][q]) for q in quads},
                            max(volume.get(day, 0), sum(counts[day].values()))))
    return out


def trend_of(series: Sequence[DayPoint]) -> tuple[float, str]:
    """(slope per day of net conflict over days with events, 'escalating' | 'de-escalating' |
    'stable' | 'no data')."""
    points = [(p.day.toordinal(), p.net_conflict) for p in series if p.volume]
    if len(points) < 3:
        return 0.0, "no data"
    x, y = np.array(points, dtype=float).T
    slope = float(np.polyfit(x - x[0], y, 1)[0])
    threshold = escalation_parameters()["trend_threshold"]
    if slope > threshold:
        return slope, "escalating"
    if slope < -threshold:
        return slope, "de-escalating"
    return slope, "stable"


def change_alerts(events: Iterable[EventRow], actors: Sequence[str], end: date) -> list[Alert]:
    """Types and quad classes whose recent daily rate is `min_ratio`× their baseline rate."""
    p = escalation_parameters()
    recent_from = end - timedelta(days=p["recent_days"] - 1)
    base_from = recent_from - timedelta(days=p["baseline_days"])
    recent: Counter = Counter()
    base: Counter = Counter()
    for row in events:
        if row.day is None or row.status == "denied" or not involves(row, actors):
            continue
        bucket = recent if recent_from <= row.day <= end else \
            base if base_from <= row.day < recent_from else None
        if bucket is not None:
            bucket[row.type] += 1
            if row.quad_class:
                bucket[row.quad_class] += 1
    alerts = []
    for what, n in recent.items():
        rate_recent = n / p["recent_days"]
        rate_base = base[what] / p["baseline_days"]
        ratio = rate_recent / rate_base if rate_base else math.inf
        if n >= p["min_recent"] and ratio >= p["min_ratio"]:
            alerts.append(Alert(what, n, base[what], ratio, _message(what, actors, ratio, p)))
    return sorted(alerts, key=lambda a: (-a.ratio, a.what))


def _message(what: str, actors: Sequence[str], ratio: float, p: dict[str, Any]) -> str:
    label = what.lower().replace("_", " ")
    label = {"threaten": "threats", "assault": "assaults", "agree": "agreements",
             "consult": "consultations"}.get(label, label + " events")
    who = " and ".join(actors) if len(actors) <= 3 else ", ".join(actors)
    if math.isinf(ratio):
        change = "appeared"
    else:
        change = _WORDS.get(round(ratio), f"rose ×{ratio:.1f}")
    return (f"{label} between {who} {change} over the last {p['recent_days']} days "
            f"vs the previous {p['baseline_days']}")


def axes_indicators(events: Sequence[EventRow], actors: Sequence[str],
                    contested: dict[date, int]) -> dict[str, Any]:
    """The three axes of the brief, each as a small readable indicator."""
    p = escalation_parameters()
    network: Counter = Counter()
    commitments: Counter = Counter()
    misreading: Counter = Counter()
    for row in events:
        if row.day is None or row.status == "denied":
            continue
        ends = {row.source_country or row.source_actor, row.target_country or row.target_actor}
        touches = bool(ends & set(actors))
        if touches and load_ontology().is_cooperation(row.quad_class) \
                and None not in ends and len(ends) == 2:
            network[" – ".join(sorted(ends))] += 1  # type: ignore[arg-type]
        if involves(row, actors) and row.type in p["commitment_types"]:
            commitments[row.day.isoformat()] += 1
        if involves(row, actors) and row.type in p["misreading_types"]:
            misreading[row.day.isoformat()] += 1
    for day, n in contested.items():
        misreading[day.isoformat()] += n
    return {
        "regional_alliances": [{"pair": k, "cooperation_events": v}
                               for k, v in network.most_common(15)],
        "diplomatic_commitments": dict(sorted(commitments.items())),
        "risks_of_misreading": dict(sorted(misreading.items())),
    }


def contested_claims_by_day(store: Store, actors: Sequence[str]) -> dict[date, int]:
    """Claims marked contested (`contested_with`) in articles naming `actors`, per day."""
    if not actors:
        return {}
    sql = ("SELECT a.published, an.record FROM analyses an JOIN articles a ON a.id = "
           "an.article_id WHERE a.published IS NOT NULL AND a.id IN (SELECT m.article_id "
           f"FROM mentions m WHERE m.actor_id IN {in_list(actors)})")
    out: Counter = Counter()
    for r in store.rows(sql, list(actors)):
        record = r["record"] if isinstance(r["record"], dict) else json.loads(r["record"])
        n = sum(1 for c in record.get("claims", []) if c.get("contested_with"))
        if n:
            out[as_date(r["published"])] += n
    return dict(out)


def escalation_index(events: Sequence[EventRow], actors: Sequence[str], *,
                     end: date | None = None, window_days: int = 30,
                     contested: dict[date, int] | None = None) -> EscalationReport:
    """The report for `actors` over the `window_days` ending on `end` (default: last event)."""
    days = [r.day for r in events if r.day is not None and involves(r, actors)]
    report = EscalationReport(tuple(actors), None, None)
    if not days:
        return report
    report.end = end or max(days)
    report.start = report.end - timedelta(days=window_days - 1)
    report.series = daily_series(events, actors, report.start, report.end)
    report.slope, report.trend = trend_of(report.series)
    report.alerts = change_alerts(events, actors, report.end)
    report.axes = axes_indicators(events, actors, contested or {})
    return report


def escalation_from_store(store: Store, actors: Sequence[str], *, end: date | None = None,
                          window_days: int = 30) -> EscalationReport:
    """`escalation_index` over the store's events (the volume: every stored event per day)."""
    return escalation_index(load_event_rows(store), actors, end=end, window_days=window_days,
                            contested=contested_claims_by_day(store, actors))
