"""How well events are extracted from whole articles: the seed gold of issue 5, and the
end-to-end score of PLV-format sentences with their marks removed (issue 21, `end_to_end`).

The gold (`tests/data/seed_events.tsv`) lists, per seed article, a sentence fragment and the
event it must yield: type, source, target, status. An extracted event matches when its
sentence holds the fragment and type, actors and status agree; an actor matches by KB id or
by country ("USA" matches the US armed forces), "-" means no actor. The ontology's joint
types (`joint` in events/data/plover.yaml: CONSULT, AGREE…) are symmetric: their actors may
be read either way round.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from veille.model import Event, Mention


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
    return gold.type in symmetric_types() and actor_matches(gold.source, e.target) and \
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


# --- end to end: the whole pipeline on unmarked PLV-format sentences (issue 21) -----------

#: The fraction of predicted events that are right is `precision`; the fraction of gold
#: sentences with at least one right event is `recall`. A PLV sentence marks one event, so
#: a right extra event of the sentence counts against precision: read it as a lower bound.


#: The confidence at and above which `veille eval events --end-to-end` reports how many
#: events are right (issue 21: "of events at confidence >= 0.8, how many are right").
CONFIDENT = 0.8


@dataclass(frozen=True, slots=True)
class EndToEndRow:
    """What the pipeline made of one gold sentence."""

    uid: str
    language: str
    gold: str
    right: bool
    source_found: bool
    target_found: bool
    both_found: bool
    predicted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EndToEndScores:
    """What `veille eval events --end-to-end` reports, over one set of sentences."""

    n: int
    events: int
    right_events: int
    precision: float
    recall: float
    f1: float
    source_found: float
    target_found: float
    type_given_both: float
    rows: tuple[EndToEndRow, ...]
    #: Reliability of the confidence: the events at confidence >= CONFIDENT, and how many
    #: of them are right.
    confident_events: int = 0
    confident_right: int = 0

    def to_dict(self, *, with_rows: bool = False) -> dict:
        out = {k: getattr(self, k) for k in (
            "n", "events", "right_events", "precision", "recall", "f1", "source_found",
            "target_found", "type_given_both", "confident_events", "confident_right")}
        if with_rows:
            out["rows"] = [_row_dict(r) for r in self.rows]
        return out


def _row_dict(r: EndToEndRow) -> dict:
    return {k: getattr(r, k) for k in EndToEndRow.__slots__}


@lru_cache(maxsize=1)
def symmetric_types() -> frozenset[str]:
    """The types whose two actors may be read either way: the ontology's `joint` types
    (coordinated doers act with each other: AGREE, CONSULT…)."""
    from veille.events.ontology import load_ontology

    return frozenset(t.name for t in load_ontology().types if t.joint)


def overlaps(span: tuple[int, int] | None, m: Mention | None) -> bool:
    """Whether an extracted actor mention overlaps a gold span (both present)."""
    return span is not None and m is not None and m.start < span[1] and span[0] < m.end


def _type_right(gold: str, predicted: str) -> bool:
    from veille.eval.events import in_gold_space

    return in_gold_space(gold, predicted) == gold


def judge(gold_type: str, source: tuple[int, int] | None, target: tuple[int, int] | None,
          events: list[Event], symmetric: frozenset[str]) -> tuple[list[bool], bool, bool, bool]:
    """Per event whether it is the gold one, then source found, target found, both found.

    An event is right when its type is the gold's (PLV's YIELD takes CONCEDE and RETREAT),
    its source overlaps the gold source and its target the gold target — either way round
    for a symmetric (joint) type. "Source found": some event's source overlaps the gold
    source; "both found": one event holds both actors in their places."""
    def placed(e: Event) -> bool:
        if overlaps(source, e.source) and overlaps(target, e.target):
            return True
        return gold_type in symmetric and overlaps(source, e.target) and \
            overlaps(target, e.source)

    verdicts = [placed(e) and _type_right(gold_type, e.type) for e in events]
    return (verdicts, any(overlaps(source, e.source) for e in events),
            any(overlaps(target, e.target) for e in events), any(placed(e) for e in events))


def end_to_end(gold_path: Path, *, language: str = "auto", pipeline=None) -> EndToEndScores:
    """Run the whole pipeline on each gold sentence with its marks removed, and score it."""
    from veille.eval.events import read_gold
    from veille.model import Article
    from veille.run.pipeline import Pipeline

    rows = read_gold(gold_path, language)
    pipeline = pipeline or Pipeline()
    articles = [Article(text=r.x.sentence, language=r.x.language) for r in rows]
    analyses = pipeline.analyze(articles)
    return score_end_to_end(rows, [a.events for a in analyses])


def score_end_to_end(rows, events_per_row: list[list[Event]]) -> EndToEndScores:
    """Scores of the events extracted from each gold row (`eval.events.GoldRow`)."""
    symmetric = symmetric_types()
    judged: list[EndToEndRow] = []
    n_events = right_events = confident = confident_right = 0
    for r, events in zip(rows, events_per_row):
        verdicts, src, tgt, both = judge(r.gold, r.x.source, r.x.target, events, symmetric)
        n_events += len(events)
        right_events += sum(verdicts)
        sure = [v for v, e in zip(verdicts, events) if e.confidence >= CONFIDENT]
        confident += len(sure)
        confident_right += sum(sure)
        judged.append(EndToEndRow(
            r.uid, r.x.language, r.gold, any(verdicts), src, tgt, both,
            tuple(f"{e.type} {_text(e.source)} -> {_text(e.target)}" for e in events)))
    n = len(judged)
    precision = right_events / n_events if n_events else 0.0
    recall = sum(j.right for j in judged) / n if n else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    both = [j for j in judged if j.both_found]
    return EndToEndScores(
        n=n, events=n_events, right_events=right_events, precision=precision, recall=recall,
        f1=f1, source_found=sum(j.source_found for j in judged) / n if n else 0.0,
        target_found=sum(j.target_found for j in judged) / n if n else 0.0,
        type_given_both=sum(j.right for j in both) / len(both) if both else 0.0,
        confident_events=confident, confident_right=confident_right,
        rows=tuple(judged))


def _text(m: Mention | None) -> str:
    return "-" if m is None else m.text
