"""Scoring the event classifier on PLV-format gold: accuracy, macro-F1, per class, confusion.

Gold files follow the PLV TSV layout of Hu et al. (ACL 2024): a `uid` (or `sentence_id`)
column, `marked_sentence` with `<s>…</s>` and `<t>…</t>`, and `gold_root`. Old PLOVER's
YIELD is scored in PLV's label space: a predicted CONCEDE or RETREAT counts as YIELD when
the gold says YIELD, so figures compare with published PLV results.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

from veille.events.classify import EventClassifier, classify_events
from veille.events.features import EventInput, guess_language, parse_marked
from veille.events.train import DEFAULTS, cross_validated_predictions, training_examples

log = logging.getLogger(__name__)

#: Gold labels of older PLOVER releases and the predicted types that count for them.
PLV_EQUIVALENTS: dict[str, frozenset[str]] = {"YIELD": frozenset({"CONCEDE", "RETREAT", "YIELD"})}


@dataclass(frozen=True, slots=True)
class GoldRow:
    uid: str
    x: EventInput
    gold: str


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class EventScores:
    """What `veille eval events` reports."""

    n: int
    accuracy: float
    macro_f1: float
    per_class: list[ClassScore]
    labels: list[str]
    confusion: list[list[int]]


def read_gold(path: Path, language: str = "auto") -> list[GoldRow]:
    """The rows of a PLV-format gold TSV ('auto' guesses each sentence's language)."""
    if not path.is_file():
        raise FileNotFoundError(f"gold file not found: {path}")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        missing = {"marked_sentence", "gold_root"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for i, row in enumerate(reader):
            uid = row.get("uid") or row.get("sentence_id") or row.get("") or str(i)
            x = parse_marked(row["marked_sentence"], language)
            if language == "auto":
                x = replace(x, language=guess_language(x.sentence))
            rows.append(GoldRow(uid, x, row["gold_root"].strip().upper()))
    return rows


def in_gold_space(gold: str, predicted: str) -> str:
    """The prediction as the gold's label space reads it (CONCEDE/RETREAT → YIELD)."""
    return gold if predicted in PLV_EQUIVALENTS.get(gold, ()) else predicted


def score(gold: Sequence[str], predicted: Sequence[str]) -> EventScores:
    """Accuracy, macro-F1 over the gold labels, per-class scores and a confusion matrix."""
    pred = [in_gold_space(g, p) for g, p in zip(gold, predicted)]
    if "YIELD" in gold:
        pred = ["YIELD" if p in ("CONCEDE", "RETREAT") else p for p in pred]
    labels = sorted(set(gold))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per_class = [ClassScore(lab, float(p[i]), float(r[i]), float(f[i]), int(s[i]))
                 for i, lab in enumerate(labels)]
    shown = labels + sorted(set(pred) - set(labels))
    return EventScores(
        n=len(gold), accuracy=float(accuracy_score(gold, pred)),
        macro_f1=float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
        per_class=per_class, labels=shown,
        confusion=confusion_matrix(gold, pred, labels=shown).tolist())


def evaluate_events(gold_path: Path, *, predictions_path: Path | None = None,
                    language: str = "auto",
                    model: EventClassifier | None = None) -> EventScores:
    """Classify every gold row, optionally write `uid<TAB>predicted` rows, and score."""
    rows = read_gold(gold_path, language)
    preds = classify_events([r.x for r in rows], model)
    if predictions_path is not None:
        predictions_path.parent.mkdir(parents=True, exist_ok=True)
        with predictions_path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
            writer.writerow(["uid", "predicted", "confidence", "gold_root"])
            for r, p in zip(rows, preds):
                writer.writerow([r.uid, p.type, f"{p.confidence:.3f}", r.gold])
    return score([r.gold for r in rows], [p.type for p in preds])


def cross_validate_events(data_dir: Path, *, folds: int = 5, seed: int = 0,
                          with_gsr: bool = DEFAULTS["gsr"],
                          with_french: bool = True) -> dict[str, EventScores]:
    """Grouped k-fold scores on PLV_train (English) and on the French training sentences.

    Here, not in `events.train`: scoring is evaluation, and `eval` imports `events`, never
    the other way round.

    Returns {"PLV_train (en)": EventScores, "fr_train (fr)": EventScores}.
    """
    examples = training_examples(data_dir, with_gsr=with_gsr, with_french=with_french)
    scored, predicted = cross_validated_predictions(
        examples, lambda: EventClassifier(**DEFAULTS["params"]), folds=folds, seed=seed)
    out = {}
    for name, keep in (("PLV_train (en)", lambda e: e.origin == "PLV_train"),
                       ("fr_train (fr)", lambda e: e.origin.startswith("fr:"))):
        pairs = [(e.label, p) for e, p in zip(scored, predicted) if keep(e)]
        if pairs:
            out[name] = score([g for g, _ in pairs], [p for _, p in pairs])
    return out
