"""How well events are extracted from whole articles: the seed gold of issue 5.

The gold (`tests/data/seed_events.tsv`) lists, per seed article, a sentence fragment and the
event it must yield: type, source, target, status. An extracted event matches when its
sentence holds the fragment and type, actors and status agree; an actor matches by KB id or
by country ("USA" matches the US armed forces), "-" means no actor. CONSULT is symmetric.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from veille.model import Event, Mention

#: Event types whose two actors play the same part ("talks between A and B").
SYMMETRIC_TYPES = frozenset({"CONSULT"})


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One expected event of a seed article."""

    seed: str
    sentence: str
    type: str
    source: str
    target: str
    statuses: tuple[str, ...]


def load_seed_gold(path: Path) -> list[GoldEvent]:
    """The gold rows of a seed-event TSV (comment lines start with #)."""
    lines = [ln for ln in path.read_text("utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [GoldEvent(r["seed"], r["sentence"], r["type"], r["source"], r["target"],
                      tuple(r["status"].split("|"))) for r in rows]


def actor_matches(expected: str, m: Mention | None) -> bool:
    """Whether a role filler is the expected actor (id or country; '-' for none)."""
    if expected == "-":
        return m is None
    if m is None or m.actor is None:
        return False
    return expected in (m.actor.id, m.actor.country)


def event_matches(gold: GoldEvent, e: Event) -> bool:
    """Whether an extracted event is the gold one (sentence, type, actors and status)."""
    if gold.sentence not in e.sentence or e.type != gold.type or e.status not in gold.statuses:
        return False
    if actor_matches(gold.source, e.source) and actor_matches(gold.target, e.target):
        return True
    return gold.type in SYMMETRIC_TYPES and actor_matches(gold.source, e.target) and \
        actor_matches(gold.target, e.source)


def seed_recall(gold: list[GoldEvent], events: dict[str, list[Event]]) -> dict:
    """Found and missed gold events; `events` maps a seed prefix ("001") to its events.

    For a miss, `near` lists what was extracted from that sentence, to see which part
    (type, actor, status) went wrong."""
    found, missed = [], []
    for g in gold:
        mine = events.get(g.seed, [])
        if any(event_matches(g, e) for e in mine):
            found.append(g)
        else:
            near = [f"{e.type} {_who(e.source)}->{_who(e.target)} {e.status}"
                    for e in mine if g.sentence in e.sentence]
            missed.append({"gold": g, "near": near})
    return {"found": found, "missed": missed, "recall": len(found) / len(gold) if gold else 0.0}


def _who(m: Mention | None) -> str:
    if m is None:
        return "-"
    return m.actor.id if m.actor is not None else repr(m.text)
