"""Training data for the event classifier and the one command that rebuilds the model.

Sources, all read from files (none downloaded):
  * `PLV_train.tsv` (Hu et al., ACL 2024): 1,050 English sentences, marked source and
    target, gold PLOVER root — read from `--data-dir` (../shared/data/plover by default);
  * `PLOVER_GSR_CAMEO.txt` (Open Event Data Alliance gold records): English sentences
    with source/target actor text and an (older) PLOVER label, same directory;
  * `data/fr/fr_train.tsv` in this package: French sentences written for veille
    (translations of PLV_train sentences, marked by hand; see data/fr/README.md).
The held-out split of PLV_train (`data/plv_heldout.txt`, 20% of each class, issue 21) and
the French translations of its sentences are never trained on, nor cross-validated on.
Labels are kept in PLV's label space (YIELD for CONCEDE/RETREAT), which is what the gold
files say; `classify.classify_events` splits YIELD with the trigger lexicon.
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from veille.events.features import EventInput, parse_marked

log = logging.getLogger(__name__)

#: The configuration `veille train events` uses, chosen by grouped 5-fold CV on the
#: training data only (never on the French development set).
DEFAULTS: dict = {"params": {}, "gsr": True}

#: The PLV_train sentences no model ever trains on (`data/plv_heldout.txt`, one
#: sentence_id a line): 20% of each class, drawn by `heldout_split` (seed 21).
HELDOUT_FILE = "data/plv_heldout.txt"
HELDOUT_FRACTION = 0.2
HELDOUT_SEED = 21

#: Old PLOVER labels read into PLV_train's label space.
OLD_TO_PLV: dict[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
    "CONCEDE": "YIELD", "RETREAT": "YIELD",
}


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled candidate; `group` ties a sentence to its translations for grouped CV."""

    x: EventInput
    label: str
    group: str
    origin: str


def default_data_dir(cwd: Path | None = None) -> Path:
    """../shared/data/plover beside the repository (or the working directory)."""
    here = (cwd or Path.cwd()).resolve()
    for base in (here, *here.parents):
        candidate = base.parent / "shared" / "data" / "plover"
        if (base / "pyproject.toml").is_file() and candidate.is_dir():
            return candidate
    return here.parent / "shared" / "data" / "plover"


def read_plv(path: Path, language: str = "en") -> list[Example]:
    """Examples of a PLV TSV (`marked_sentence`, `gold_root`, and an id column)."""
    if not path.is_file():
        raise FileNotFoundError(f"PLV file not found: {path}")
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            uid = row.get("uid") or row.get("sentence_id") or row.get("") or str(len(out))
            label = (row.get("gold_root") or "").strip().upper()
            out.append(Example(parse_marked(row["marked_sentence"], language), label,
                               f"plv-{uid}", "PLV_train"))
    return out


def heldout_split(examples: list[Example], *, fraction: float = HELDOUT_FRACTION,
                  seed: int = HELDOUT_SEED) -> list[str]:
    """The PLV sentence ids to hold out: `fraction` of each gold class, seeded, by id.

    A sentence id that occurs on several rows counts once, under its first row's label,
    so its rows stay on one side. Ids are sorted numerically before the seeded draw, so
    the split depends on the file's ids and labels only, not on its row order."""
    import random

    label_of: dict[str, str] = {}
    for e in examples:
        label_of.setdefault(e.group.removeprefix("plv-"), e.label)
    rng = random.Random(seed)
    chosen: list[str] = []
    for label in sorted(set(label_of.values())):
        ids = sorted((i for i, lab in label_of.items() if lab == label), key=_id_key)
        chosen += rng.sample(ids, round(len(ids) * fraction))
    return sorted(chosen, key=_id_key)


def _id_key(uid: str) -> tuple[int, str]:
    return (int(uid), uid) if uid.isdigit() else (1 << 62, uid)


def heldout_ids() -> frozenset[str]:
    """The committed held-out PLV_train sentence ids (`data/plv_heldout.txt`)."""
    text = resources.files("veille.events").joinpath(HELDOUT_FILE).read_text("utf-8")
    return frozenset(ln.strip() for ln in text.splitlines()
                     if ln.strip() and not ln.startswith("#"))


def read_french(name: str) -> list[Example]:
    """Examples of a French TSV shipped in `veille/events/data/fr/` (fr_train.tsv, fr_dev.tsv).

    A row whose origin is 'PLV_train N' shares group 'plv-N' with the English sentence it
    translates, so a grouped split never trains on one and tests on the other.
    """
    text = resources.files("veille.events").joinpath(f"data/fr/{name}").read_text("utf-8")
    out = []
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        origin = row.get("origin", "")
        m = re.match(r"PLV_train (\d+)", origin)
        group = f"plv-{m.group(1)}" if m else row["uid"]
        out.append(Example(parse_marked(row["marked_sentence"], "fr"),
                           row["gold_root"].strip().upper(), group, f"fr:{origin}"))
    return out


def _actor_text(value: object) -> str:
    """The actor text of a GSR source/target field (a list of dicts, a dict or a string)."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("actorText", "")
    return str(value or "")


def _span_of(text: str, actor_text: str) -> tuple[int, int] | None:
    i = text.find(actor_text)
    return (i, i + len(actor_text)) if i >= 0 and actor_text else None


def read_gsr(path: Path) -> list[Example]:
    """Examples of the PLOVER gold records whose source and target text occur in the sentence."""
    if not path.is_file():
        raise FileNotFoundError(f"PLOVER gold records not found: {path}")
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for rec in records:
        label = OLD_TO_PLV.get(rec.get("event", ""), rec.get("event", ""))
        text = rec.get("text") or ""
        if label == "DOCUMENT" or not text or not rec.get("source") or not rec.get("target"):
            continue
        src = _span_of(text, _actor_text(rec["source"]))
        tgt = _span_of(text, _actor_text(rec["target"]))
        if src and tgt and (src[1] <= tgt[0] or tgt[1] <= src[0]):
            out.append(Example(EventInput(text, src, tgt, "en"), label, rec["id"], "GSR"))
    return out


def training_examples(data_dir: Path, *, with_gsr: bool = True, with_french: bool = True,
                      with_heldout: bool = False) -> list[Example]:
    """Everything `veille train events` learns from, PLV_train first; never the held-out
    split (`data/plv_heldout.txt`) unless `with_heldout`."""
    if not data_dir.is_dir():
        raise FileNotFoundError(
            f"PLOVER data directory not found: {data_dir} (pass --data-dir; it must hold "
            "PLV_train.tsv and PLOVER_GSR_CAMEO.txt)")
    examples = read_plv(data_dir / "PLV_train.tsv")
    if with_gsr:
        examples += read_gsr(data_dir / "PLOVER_GSR_CAMEO.txt")
    if with_french:
        examples += read_french("fr_train.tsv")
    if not with_heldout:
        examples = without_heldout(examples)
    log.info("training on %d examples", len(examples))
    return examples


def without_heldout(examples: list[Example]) -> list[Example]:
    """The examples outside the held-out split: its PLV_train rows and their French
    translations (same `plv-<id>` group) are left out."""
    held = {f"plv-{uid}" for uid in heldout_ids()}
    kept = [e for e in examples if e.group not in held]
    log.info("held out %d examples (%s)", len(examples) - len(kept), HELDOUT_FILE)
    return kept


def split_xy(examples: Iterable[Example]) -> tuple[list[EventInput], list[str]]:
    """(inputs, labels) of examples, in order."""
    examples = list(examples)
    return [e.x for e in examples], [e.label for e in examples]


def cross_validated_predictions(examples: list[Example], make_model, *, folds: int = 5,
                                seed: int = 0) -> tuple[list[Example], list[str]]:
    """Held-out predictions for every PLV_train and French example under grouped k-fold CV.

    PLV_train rows are split into stratified folds; a French translation follows the fold
    of the English sentence it translates (so neither is ever trained on while the other
    is tested), other French rows are dealt round-robin; extra sources (GSR) only train.
    Returns the scored examples and their predictions, in the same order.
    """
    from sklearn.model_selection import StratifiedKFold

    plv = [e for e in examples if e.origin == "PLV_train"]
    fold_of: dict[str, int] = {}
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for k, (_, test) in enumerate(splitter.split(plv, [e.label for e in plv])):
        for i in test:
            fold_of[plv[i].group] = k
    extra_groups = sorted({e.group for e in examples
                           if e.origin.startswith("fr:") and e.group not in fold_of})
    for i, group in enumerate(extra_groups):
        fold_of[group] = i % folds
    scored: list[Example] = []
    predicted: list[str] = []
    for k in range(folds):
        train = [e for e in examples if fold_of.get(e.group, -1) != k]
        test = [e for e in examples if fold_of.get(e.group, -1) == k
                and (e.origin == "PLV_train" or e.origin.startswith("fr:"))]
        model = make_model().fit(*split_xy(train))
        scored += test
        predicted += [str(p) for p in model.predict([e.x for e in test])]
        log.info("fold %d/%d: trained on %d, scored %d", k + 1, folds, len(train), len(test))
    return scored, predicted


def train_event_model(data_dir: Path, out: Path | None = None, *, with_gsr: bool = DEFAULTS["gsr"],
                      with_french: bool = True):
    """Fit the event classifier on all training data and save it (default: in the package).

    Returns (model, path). Reproducible: the data files are fixed and every random
    state inside the model is seeded by scikit-learn's deterministic solvers.
    """
    from veille.events.classify import EventClassifier, model_path, save_classifier

    examples = training_examples(data_dir, with_gsr=with_gsr, with_french=with_french)
    model = EventClassifier(**DEFAULTS["params"]).fit(*split_xy(examples))
    return model, save_classifier(model, out or model_path())
