"""Escalation index: is a dyad of sides (or a set of actors) heating up or calming down?

Sides, not actor ids: each end of an event is put in its camp (`stories.camps`: a state
with its government, military, officials and the armed groups it backs), so Hezbollah
against Israel counts for the Iran–Israel dyad and "IRNGOV" stands for Iran. The series
follows the data — from the dyad's first event to its last, in days, weeks or months as
the span asks (`buckets`), unless a window is asked for — and each point lists the events
it counts, so that every bar links back to its sentences. An event weighs its extraction
confidence, less when its day is only the article's date (`undated_weight`) and when it
is not reported as having occurred (`status_weights`). Below `min_events` events there is
no trend and no alert: the report says "not enough events" instead of guessing.

For the events among the sides: a series split into the four quad classes
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

from veille.events.ontology import load_ontology, quad_classes
from veille.stories.camps import Camps, load_camps
from veille.stories.events_rows import EventRow, load_event_rows
from veille.stories.selection import LeftOut
from veille.store import Store
from veille.store.read import as_date, in_list
from veille.yamlfile import load_yaml

_WORDS = {2: "doubled", 3: "tripled", 4: "quadrupled"}
#: The trend of a series with fewer events than `min_events`: said, rather than guessed.
NOT_ENOUGH = "not enough events"


@lru_cache(maxsize=1)
def escalation_parameters() -> dict[str, Any]:
    """The parameters shipped in `stories/data/escalation.yaml`."""
    text = resources.files("veille.stories").joinpath("data/escalation.yaml").read_text("utf-8")
    return load_yaml(text)


@dataclass(slots=True)
class DayPoint:
    """One point of the series (a day, or `days` days from `day`): per quad class, event
    count and summed weighted |intensity|, and the events counted (`article#index`)."""

    day: date
    counts: dict[str, int]
    intensity: dict[str, float]
    volume: int                     # all events of the period in the store (normaliser)
    days: int = 1
    events: list[str] = field(default_factory=list)

    @property
    def net_conflict(self) -> float:
        """(conflict − cooperation intensity) / volume: > 0 hostile, < 0 cooperative."""
        conflict = self.intensity["verbal_conflict"] + self.intensity["material_conflict"]
        coop = self.intensity["verbal_cooperation"] + self.intensity["material_cooperation"]
        return (conflict - coop) / self.volume if self.volume else 0.0

    @property
    def conflict(self) -> float:
        """Weighted conflict intensity (verbal and material) of the point."""
        return self.intensity["verbal_conflict"] + self.intensity["material_conflict"]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.day.isoformat(),
                               "to": (self.day + timedelta(days=self.days - 1)).isoformat(),
                               "volume": self.volume}
        for q in quad_classes():
            out[f"{q}_count"] = self.counts[q]
            out[f"{q}_index"] = round(self.intensity[q] / self.volume, 4) if self.volume else 0.0
        out["net_conflict"] = round(self.net_conflict, 4)
        out["events"] = list(self.events)
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
    sides: tuple[str, ...] = ()
    events: int = 0
    bucket_days: int = 1
    peaks: list[DayPoint] = field(default_factory=list)
    #: The sides' events with no day (nor their article's): not in the series, counted.
    left_out: LeftOut = field(default_factory=LeftOut)

    def to_dict(self) -> dict[str, Any]:
        return {"actors": list(self.actors), "sides": list(self.sides),
                "from": self.start.isoformat() if self.start else None,
                "to": self.end.isoformat() if self.end else None,
                "events": self.events, "min_events": escalation_parameters()["min_events"],
                "bucket_days": self.bucket_days,
                "trend": self.trend, "slope": round(self.slope, 5),
                "alerts": [a.to_dict() for a in self.alerts],
                "peaks": [p.to_dict() for p in self.peaks],
                "series": [p.to_dict() for p in self.series], "axes": self.axes,
                "left_out_undated": self.left_out.to_dict()}


def _camps(camps: Camps | None) -> Camps:
    return camps if camps is not None else load_camps()


def sides_of(row: EventRow, camps: Camps | None = None) -> tuple[str | None, str | None]:
    """The camps of an event's two ends (None for an end on no side)."""
    c = _camps(camps)
    return (c.camp_of(row.source_actor, row.source_country, row.source_kind),
            c.camp_of(row.target_actor, row.target_country, row.target_kind))


def involves(row: EventRow, actors: Sequence[str], camps: Camps | None = None) -> bool:
    """Both ends on the sides of `actors` (a dyad or a group) and not on the same one, or
    one end when only one is asked; each id stands for its whole camp."""
    c = _camps(camps)
    wanted = {c.side(a) for a in actors}
    src, tgt = sides_of(row, c)
    # an actor on no side (no country, in no camp) still stands for itself when asked for
    src = src or (row.source_actor if row.source_actor in wanted else None)
    tgt = tgt or (row.target_actor if row.target_actor in wanted else None)
    src, tgt = (src if src in wanted else None), (tgt if tgt in wanted else None)
    if len(wanted) == 1:
        return src is not None or tgt is not None
    return src is not None and tgt is not None and src != tgt


def event_weight(row: EventRow) -> float:
    """What one event counts for: its confidence (1 when unknown: None, or the 0.0 an
    `Event` is built with before a classifier scores it), times `undated_weight` when its
    day is only the article's, times its status's weight."""
    p = escalation_parameters()
    weight = row.confidence if row.confidence else 1.0
    if not row.date_explicit:
        weight *= p["undated_weight"]
    return weight * p["status_weights"].get(row.status, 1.0)


def daily_series(events: Iterable[EventRow], actors: Sequence[str], start: date, end: date,
                 volume: dict[date, int] | None = None, *, bucket_days: int = 1,
                 camps: Camps | None = None) -> list[DayPoint]:
    """One point per `bucket_days` from `start` to `end`; `volume` defaults to the events' own count."""
    c = _camps(camps)
    counts: dict[int, Counter] = defaultdict(Counter)
    weight: dict[int, Counter] = defaultdict(Counter)
    refs: dict[int, list[str]] = defaultdict(list)
    every: Counter = Counter()
    quads = quad_classes()  # from the PLOVER ontology data
    for row in events:
        if row.day is None or row.status == "denied" or not start <= row.day <= end:
            continue
        k = (row.day - start).days // bucket_days
        every[k] += 1
        if involves(row, actors, c) and row.quad_class in quads:
            counts[k][row.quad_class] += 1
            weight[k][row.quad_class] += abs(row.intensity or 0.0) * event_weight(row)
            refs[k].append(row.ref)
    if volume is not None:
        every = Counter()
        for day, n in volume.items():
            if start <= day <= end:
                every[(day - start).days // bucket_days] += n
    out = []
    for k in range((end - start).days // bucket_days + 1):
        out.append(DayPoint(start + timedelta(days=k * bucket_days), {q: counts[k][q] for q in quads},
                            {q: float(weight[k][q]) for q in quads},
                            max(every.get(k, 0), sum(counts[k].values())), bucket_days, refs[k]))
    return out


def trend_of(series: Sequence[DayPoint], *, min_events: int | None = None) -> tuple[float, str]:
    """(slope per point of net conflict over points with events, 'escalating' |
    'de-escalating' | 'stable' | 'no data' | 'not enough events' (fewer than `min_events`))."""
    p = escalation_parameters()
    minimum = p["min_events"] if min_events is None else min_events
    n = sum(sum(point.counts.values()) for point in series)
    if n < minimum:
        return 0.0, NOT_ENOUGH if n else "no data"
    points = [(i, point.net_conflict) for i, point in enumerate(series) if point.volume]
    if len(points) < 3:
        return 0.0, "no data"
    x, y = np.array(points, dtype=float).T
    slope = float(np.polyfit(x - x[0], y, 1)[0])
    threshold = p["trend_threshold"]
    if slope > threshold:
        return slope, "escalating"
    if slope < -threshold:
        return slope, "de-escalating"
    return slope, "stable"


def bucket_for(span_days: int) -> int:
    """Days per point for a series spanning `span_days`: a day for weeks of events, a week
    for months, a month for years (`buckets` in escalation.yaml)."""
    for longest, days in escalation_parameters()["buckets"]:
        if span_days <= longest:
            return int(days)
    return int(escalation_parameters()["buckets"][-1][1])


def peaks_of(series: Sequence[DayPoint], count: int | None = None) -> list[DayPoint]:
    """The points of highest weighted conflict, highest first (at most `peaks`)."""
    n = escalation_parameters()["peaks"] if count is None else count
    hot = [p for p in series if p.conflict > 0]
    return sorted(hot, key=lambda p: (-p.conflict, p.day))[:n]


def change_alerts(events: Iterable[EventRow], actors: Sequence[str], end: date, *,
                  camps: Camps | None = None) -> list[Alert]:
    """Types and quad classes whose recent daily rate is `min_ratio`× their baseline rate."""
    p = escalation_parameters()
    c = _camps(camps)
    recent_from = end - timedelta(days=p["recent_days"] - 1)
    base_from = recent_from - timedelta(days=p["baseline_days"])
    recent: Counter = Counter()
    base: Counter = Counter()
    for row in events:
        if row.day is None or row.status == "denied" or not involves(row, actors, c):
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
                     end: date | None = None, window_days: int | None = None,
                     contested: dict[date, int] | None = None,
                     camps: Camps | None = None) -> EscalationReport:
    """The report for the sides of `actors`: over the `window_days` ending on `end` when a
    window is asked for, else over the dyad's own events (first to last, or to `end`)."""
    c = _camps(camps)
    mine = [r for r in events if r.day is not None and r.status != "denied" and involves(r, actors, c)]
    days = [r.day for r in mine if end is None or r.day <= end]
    report = EscalationReport(tuple(actors), None, None, sides=tuple(dict.fromkeys(c.side(a) for a in actors)))
    undated = [r for r in events if r.day is None and r.status != "denied"
               and involves(r, actors, c)]
    report.left_out = LeftOut(len({r.article_id for r in undated}), len(undated))
    if not days:
        return report
    report.end = end or max(days)
    report.start = report.end - timedelta(days=window_days - 1) if window_days else min(days)
    report.bucket_days = bucket_for((report.end - report.start).days + 1)
    report.series = daily_series(events, actors, report.start, report.end,
                                 bucket_days=report.bucket_days, camps=c)
    report.events = sum(len(p.events) for p in report.series)
    report.slope, report.trend = trend_of(report.series)
    if report.events >= escalation_parameters()["min_events"]:  # no reading of a handful
        report.alerts = change_alerts(events, actors, report.end, camps=c)
        report.peaks = peaks_of(report.series)
    report.axes = axes_indicators(events, actors, contested or {})
    return report


def camp_dyads(events: Iterable[EventRow], camps: Camps | None = None) -> list[tuple[tuple[str, str], int]]:
    """Pairs of sides by how many events they share (both ends on a side, not the same one),
    most first: what `veille escalation` shows when no actors are given."""
    c = _camps(camps)
    counts: Counter = Counter()
    for row in events:
        if row.day is None or row.status == "denied":
            continue
        src, tgt = sides_of(row, c)
        if src and tgt and src != tgt:
            counts[tuple(sorted((src, tgt)))] += 1
    return counts.most_common()


def escalation_from_store(store: Store, actors: Sequence[str] = (), *, end: date | None = None,
                          window_days: int | None = None,
                          camps: Camps | None = None) -> EscalationReport:
    """`escalation_index` over the store's events for the sides of `actors`, or for the two
    sides with the most events between them when no actors are given."""
    rows = load_event_rows(store)
    c = _camps(camps)
    if not actors:
        ranked = camp_dyads(rows, c)
        if not ranked:
            return EscalationReport((), None, None)
        actors = ranked[0][0]
    return escalation_index(rows, actors, end=end, window_days=window_days, camps=c,
                            contested=contested_claims_by_day(store, actors))
