"""Score the time tagger on French TimeBank 1.1 (ISO-TimeML), TempEval-3 style.

French TimeBank (Bittar et al., ACL 2011; LGPL-LR) is 108 articles of L'Est
Républicain with inline TIMEX3 tags (`tid, type, value, mod, anchorTimeID`). The
document creation time is a TIMEX3 in `<DCT>` (functionInDocument="CREATION_TIME"),
outside `<TEXT>`: it is the publication date given to the tagger, never a gold
expression to find.

Scores, per split (documents listed in a split file, `doc<TAB>split`), TempEval-3's
definitions (UzZaman et al. 2013):
- extraction, strict (same character span) and relaxed (the spans overlap),
  precision over tagged expressions, recall over gold ones, one-to-one matching;
- value accuracy over relaxed matches, and value F1: a relaxed match counts only when
  the values are equal (precision over tagged, recall over gold); type likewise;
- mod accuracy over relaxed matches (no mod on either side counts as equal).

One equivalence is read into values: ISO-TimeML writes a decade `196X` and a century
`18XX`, TIMEX3 1.2 writes `196` and `18`; both spellings name the same period, so a
trailing run of X is dropped on both sides before comparing.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from veille.model import TimeValue
from veille.time import tag_times

#: HeidelTime on French TimeBank, whole corpus (Moriceau & Tannier 2014, as published).
HEIDELTIME = {"relaxed_f1": 0.9097, "value_f1": 0.7363, "type_f1": 0.8266}


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One TIMEX3 of the text: its span in the plain text and its attributes."""

    tid: str
    start: int
    end: int
    text: str
    type: str
    value: str | None
    mod: str | None = None
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class TimebankDoc:
    """A TimeBank article: plain text (tags stripped), its creation date, its TIMEX3s."""

    name: str
    dct: date
    text: str
    timexes: tuple[GoldTimex, ...]


def load_document(path: Path) -> TimebankDoc:
    """Read one .tml file: the DCT from <DCT>, the text of <TEXT> with its TIMEX3 offsets."""
    root = ET.parse(path).getroot()
    dct_timex = root.find("DCT/TIMEX3")
    if dct_timex is None:
        raise ValueError(f"{path}: no <DCT><TIMEX3/></DCT>")
    dct = date.fromisoformat(dct_timex.get("value", "")[:10])
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT>")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []

    def walk(elem: ET.Element) -> None:
        start = sum(map(len, pieces))
        pieces.append(elem.text or "")
        for child in elem:
            walk(child)
            pieces.append(child.tail or "")
        if elem.tag == "TIMEX3":
            end = sum(map(len, pieces))
            timexes.append(GoldTimex(
                tid=elem.get("tid", ""), start=start, end=end, text="".join(pieces)[start:end],
                type=elem.get("type", ""), value=elem.get("value"), mod=elem.get("mod"),
                anchor=elem.get("anchorTimeID")))

    walk(body)
    text = "".join(pieces)
    return TimebankDoc(path.stem, dct, text, tuple(sorted(timexes, key=lambda t: t.start)))


def load_corpus(directory: Path) -> list[TimebankDoc]:
    """Every .tml under `directory` (its Data/ folder if it has one), sorted by name."""
    data = directory / "Data" if (directory / "Data").is_dir() else directory
    paths = sorted(data.glob("*.tml"))
    if not paths:
        raise ValueError(f"no .tml files in {data}")
    return [load_document(p) for p in paths]


def make_split(names: Sequence[str], *, seed: int = 20, dev_share: float = 0.5) -> dict[str, str]:
    """Documents to "dev" or "heldout": a seeded shuffle of the sorted names, cut at dev_share."""
    ordered = sorted(names)
    random.Random(seed).shuffle(ordered)
    cut = round(len(ordered) * dev_share)
    return {name: ("dev" if i < cut else "heldout") for i, name in enumerate(ordered)}


def read_split(path: Path) -> dict[str, str]:
    """A split file: `doc<TAB>split` lines, `#` comments, a `doc split` header."""
    split: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("doc\t"):
            continue
        name, part = line.split("\t")
        split[name] = part
    return split


def write_split(path: Path, split: dict[str, str], comment: str) -> None:
    lines = [f"# {line}" for line in comment.splitlines()] + ["doc\tsplit"]
    lines += [f"{name}\t{split[name]}" for name in sorted(split)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def canonical_value(value: str | None) -> str | None:
    """Decade and century spellings made one ('196X' -> '196', '18XX' -> '18')."""
    if value is None:
        return None
    return re.sub(r"^(\d{2,3})X+$", r"\1", value)


@dataclass(slots=True)
class Counts:
    """TempEval-3 counts for one split."""

    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    mod: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def f1(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.system if self.system else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"gold": self.gold, "system": self.system}
        for name in ("strict", "relaxed", "value", "type"):
            p, r, f = self.f1(getattr(self, name))
            out[name] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
        for name in ("value", "type", "mod"):
            out[f"{name}_accuracy"] = round(getattr(self, name) / self.relaxed, 4) \
                if self.relaxed else 0.0
        return out


@dataclass(slots=True)
class TimebankReport:
    """Counts per split and every disagreement (missed, spurious, wrong attribute)."""

    counts: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"splits": {k: v.to_dict() for k, v in self.counts.items()},
                "heideltime_whole_corpus": HEIDELTIME, "errors": self.errors}


def match(gold: Sequence[GoldTimex], system: Sequence[TimeValue]) -> list[tuple[int, int]]:
    """One-to-one relaxed matches (gold index, system index), the largest overlap first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            overlap = min(g.end, s.end) - max(g.start, s.start)
            if overlap > 0:
                pairs.append((-overlap, i, j))
    used_g: set[int] = set()
    used_s: set[int] = set()
    chosen = []
    for _, i, j in sorted(pairs):
        if i not in used_g and j not in used_s:
            used_g.add(i)
            used_s.add(j)
            chosen.append((i, j))
    return sorted(chosen)


def score_document(doc: TimebankDoc, system: Sequence[TimeValue],
                   errors: list[dict[str, Any]] | None = None) -> Counts:
    """TempEval-3 counts for one document; disagreements appended to `errors`."""
    counts = Counts(gold=len(doc.timexes), system=len(system))
    pairs = match(doc.timexes, system)
    for i, j in pairs:
        g, s = doc.timexes[i], system[j]
        counts.relaxed += 1
        counts.strict += (g.start, g.end) == (s.start, s.end)
        value_ok = canonical_value(g.value) == canonical_value(s.value)
        counts.value += value_ok
        counts.type += g.type == s.type
        counts.mod += (g.mod or None) == (getattr(s, "mod", None) or None)
        if errors is not None and not value_ok:
            errors.append(_error(doc, "value", g, s))
    if errors is not None:
        matched_g = {i for i, _ in pairs}
        matched_s = {j for _, j in pairs}
        errors.extend(_error(doc, "missed", g, None) for i, g in enumerate(doc.timexes)
                      if i not in matched_g)
        errors.extend(_error(doc, "spurious", None, s) for j, s in enumerate(system)
                      if j not in matched_s)
    return counts


def _error(doc: TimebankDoc, kind: str, gold: GoldTimex | None,
           system: TimeValue | None) -> dict[str, Any]:
    start = min(x.start for x in (gold, system) if x is not None)
    end = max(x.end for x in (gold, system) if x is not None)
    left = max(doc.text.rfind(".", 0, start), doc.text.rfind("\n", 0, start)) + 1
    right_dot = doc.text.find(".", end)
    right = len(doc.text) if right_dot < 0 else right_dot + 1
    return {
        "doc": doc.name, "dct": doc.dct.isoformat(), "kind": kind,
        "gold": None if gold is None else {"text": gold.text, "value": gold.value,
                                           "type": gold.type, "mod": gold.mod,
                                           "anchor": gold.anchor},
        "system": None if system is None else {"text": system.text, "value": system.value,
                                               "type": system.type,
                                               "mod": getattr(system, "mod", None)},
        "context": doc.text[left:right].strip(),
    }


def tag_corpus(docs: Sequence[TimebankDoc], *, use_docs: bool = True) -> list[list[TimeValue]]:
    """veille's tags for each document, its DCT as publication date."""
    parsed: Iterable[Any] = [None] * len(docs)
    if use_docs:
        from veille.nlp import load_pipeline

        parsed = load_pipeline("fr").pipe(d.text for d in docs)
    return [tag_times(d.text, published=d.dct, precision="day", language="fr", doc=p)
            for d, p in zip(docs, parsed)]


def evaluate(docs: Sequence[TimebankDoc], split: dict[str, str], *,
             use_docs: bool = True) -> TimebankReport:
    """Counts per split ("all" too) and the disagreements, documents not in `split` skipped."""
    docs = [d for d in docs if d.name in split]
    report = TimebankReport()
    for doc, times in zip(docs, tag_corpus(docs, use_docs=use_docs)):
        errors: list[dict[str, Any]] = []
        counts = score_document(doc, times, errors)
        for error in errors:
            error["split"] = split[doc.name]
            error["class"] = error_class(error, doc)
        report.errors.extend(errors)
        for key in (split[doc.name], "all"):
            report.counts[key].add(counts)
    return report


# ----- error classes -------------------------------------------------------------------

_ANAPHORA = re.compile(r"\b(?:même|veille|lendemain|ce\s+jour|cette\s+date|ce\s+moment|"
                       r"suivante?|précédente?|plus\s+tard|plus\s+tôt|auparavant|avant-veille|"
                       r"surlendemain|ici)\b", re.I)
_REF_OR_MOD = re.compile(r"^(?:PRESENT_REF|PAST_REF|FUTURE_REF)$|^\d{2,3}X*$")
_BARE_DAY = re.compile(r"^\s*(?:le\s+)?\d{1,2}(?:er)?\s*$", re.I)
_YEARLESS = re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|janvier|"
                       r"février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|"
                       r"décembre|soir|matin|nuit|après-midi)\b", re.I)
_YEAR = re.compile(r"\b\d{4}\b")

#: The error classes of issue #20, in the order a table lists them.
CLASSES = ("tense", "chronology", "conventions", "anaphora", "other")


def error_class(error: dict[str, Any], doc: TimebankDoc) -> str:
    """Which of issue #20's error classes a disagreement belongs to (a heuristic, stated):
    anaphora when the gold value counts from another expression than the DCT or the words
    are anaphoric; chronology for a bare day number; conventions for REF values, decades,
    centuries, a mod or a type disagreement; tense for a yearless day, weekday, month or
    part of day resolved on the wrong side of the DCT; other otherwise."""
    gold, system = error["gold"], error["system"]
    words = (gold or system)["text"]
    if gold is not None and gold["anchor"] not in (None, "t0", "t1") or _ANAPHORA.search(words):
        return "anaphora"
    if _BARE_DAY.match(words):
        return "chronology"
    if gold is not None and (gold["mod"] or _REF_OR_MOD.match(gold["value"] or "")):
        return "conventions"
    if system is not None and _REF_OR_MOD.match(system["value"] or ""):
        return "conventions"
    if gold is not None and system is not None and gold["type"] != system["type"]:
        return "conventions"
    if (error["kind"] == "value" and _YEARLESS.search(words) and not _YEAR.search(words)
            and _wrong_side(gold["value"], system["value"], doc.dct)):
        return "tense"
    return "other"


def _wrong_side(gold: str | None, got: str | None, dct: date) -> bool:
    """Gold and system values lie on different sides of the DCT (before, on, after)."""
    if not gold or not got or not gold[:4].isdigit() or not got[:4].isdigit():
        return False
    day = dct.isoformat()

    def side(value: str) -> int:
        v = value[:10]
        d = day[:len(v)]
        return (v > d) - (v < d)

    return side(gold) != side(got)


def class_table(errors: Iterable[dict[str, Any]], split: str) -> dict[str, Counter[str]]:
    """{class: Counter(missed=, spurious=, value=)} for one split."""
    table: dict[str, Counter[str]] = {c: Counter() for c in CLASSES}
    for e in errors:
        if e["split"] == split:
            table[e["class"]][e["kind"]] += 1
    return table


def summary_rows(report: TimebankReport) -> list[dict[str, Any]]:
    """One flat row per split (dev, heldout, all), then HeidelTime's published line."""
    rows = []
    for key in ("dev", "heldout", "all"):
        if key not in report.counts:
            continue
        d = report.counts[key].to_dict()
        rows.append({"split": key, "gold": d["gold"], "system": d["system"],
                     "strict_f1": d["strict"]["f1"], "relaxed_p": d["relaxed"]["p"],
                     "relaxed_r": d["relaxed"]["r"], "relaxed_f1": d["relaxed"]["f1"],
                     "value_accuracy": d["value_accuracy"], "value_f1": d["value"]["f1"],
                     "type_f1": d["type"]["f1"], "mod_accuracy": d["mod_accuracy"]})
    rows.append({"split": "HeidelTime (published, all)", **HEIDELTIME})
    return rows


#: The split file fixed before tuning (issue #20), shipped with the tests.
DEFAULT_SPLIT = Path(__file__).resolve().parents[3] / "tests" / "data" / "timebank_split.tsv"


def run(directory: Path, split_path: Path | None = None, *,
        use_docs: bool = True) -> TimebankReport:
    """Load French TimeBank under `directory`, read the split (every document "all" if no
    split file is found), tag and score."""
    docs = load_corpus(directory)
    path = split_path or DEFAULT_SPLIT
    split = read_split(path) if path.is_file() else {d.name: "all" for d in docs}
    return evaluate(docs, split, use_docs=use_docs)


def report_lines(report: TimebankReport) -> list[str]:
    """The summary as plain text lines: one per split, HeidelTime's line, the error classes."""
    head = ("split", "gold", "system", "strict_f1", "relaxed_p", "relaxed_r", "relaxed_f1",
            "value_accuracy", "value_f1", "type_f1", "mod_accuracy")
    lines = ["\t".join(head)]
    for row in summary_rows(report):
        lines.append("\t".join(str(row.get(k, "-")) for k in head))
    for split in ("dev", "heldout"):
        if split in report.counts:
            table = class_table(report.errors, split)
            cells = ", ".join(f"{c}: {dict(v) or '-'}" for c, v in table.items())
            lines.append(f"errors by class ({split}): {cells}")
    return lines
