"""Score furniture removal against scraped pages whose every line was labelled by hand.

The gold (`tests/data/furniture/`, one TSV per document) holds each raw line as
`LABEL<TAB>line`: `C` content, `F` furniture, `-` blank (not scored), after three
`# source:`, `# outlet:`, `# split:` header lines. Each document is put back together
and run through what ingest runs on a `.txt` file (the ` date` header split off, then
`veille.ingest.clean`); a furniture line counts as removed, a content line as kept, by
the line's decision. Shares are over lines, per split (`dev` for tuning, `heldout` for
reporting), with a per-document table and the lines each document got wrong.

Template lines (`ingest.templates`) are learned the way a store learns them, without
labels: a `LineMemory` observes every gold document's raw lines (both splits: a store
holds every page it was given), and any other unlabelled pages named (`learn`), before
each document is cleaned.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from veille.ingest.clean import line_decisions
from veille.ingest.dates import split_header
from veille.ingest.templates import LineMemory

LABELS = ("C", "F", "-")


class GoldError(ValueError):
    """A gold file that does not follow the format."""


@dataclass(frozen=True, slots=True)
class GoldDoc:
    name: str
    source: str
    outlet: str
    split: str
    lines: list[str]
    labels: list[str]


@dataclass(slots=True)
class DocScore:
    name: str
    outlet: str
    split: str
    furniture: int = 0
    furniture_removed: int = 0
    content: int = 0
    content_kept: int = 0
    reasons: Counter = field(default_factory=Counter)
    #: Furniture lines left in, content lines removed (with the reason).
    missed: list[str] = field(default_factory=list)
    lost: list[tuple[str, str]] = field(default_factory=list)


def load_gold(folder: Path) -> list[GoldDoc]:
    """Every `*.tsv` document of `folder`, sorted by name."""
    files = sorted(Path(folder).glob("*.tsv"))
    if not files:
        raise GoldError(f"no .tsv document in {folder}")
    return [_load_doc(path) for path in files]


def _load_doc(path: Path) -> GoldDoc:
    meta: dict[str, str] = {}
    lines: list[str] = []
    labels: list[str] = []
    for n, row in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not row:
            continue
        if row.startswith("# ") and not lines:
            key, _, value = row[2:].partition(":")
            meta[key.strip()] = value.strip()
            continue
        label, tab, line = row.partition("\t")
        if not tab or label not in LABELS:
            raise GoldError(f"{path.name}:{n}: expected LABEL<TAB>line with LABEL in {LABELS}")
        labels.append(label)
        lines.append(line)
    if meta.get("split") not in ("dev", "heldout"):
        raise GoldError(f"{path.name}: '# split: dev' or '# split: heldout' is required")
    return GoldDoc(path.stem, meta.get("source", ""), meta.get("outlet", ""), meta["split"],
                   lines, labels)


def learned_memory(docs: list[GoldDoc], learn: list[Path] | tuple[Path, ...] = ()) -> LineMemory:
    """A line memory that has read every gold document (no labels) and the `.txt` pages
    under the `learn` folders, as a store holding them all would have."""
    memory = LineMemory()
    for doc in docs:
        memory.observe(split_header("\n".join(doc.lines))[1].splitlines())
    for folder in learn:
        for path in sorted(Path(folder).rglob("*.txt")):
            memory.observe(split_header(path.read_text(encoding="utf-8", errors="replace"))[1]
                           .splitlines())
    return memory


def decisions(doc: GoldDoc, furniture: str = "patterns",
              memory: LineMemory | None = None) -> list[str | None]:
    """Why each gold line is removed by ingest's cleaning, None when kept."""
    _stated, body = split_header("\n".join(doc.lines))
    made = [why for _line, why in line_decisions(body, furniture=furniture, memory=memory)]
    if len(made) > len(doc.lines):
        raise GoldError(f"{doc.name}: a line holds a line break other than \\n")
    return made + [None] * (len(doc.lines) - len(made))  # trailing blank lines


def score_document(doc: GoldDoc, furniture: str = "patterns",
                   memory: LineMemory | None = None) -> DocScore:
    score = DocScore(doc.name, doc.outlet, doc.split)
    for line, label, why in zip(doc.lines, doc.labels, decisions(doc, furniture, memory)):
        if why is not None:
            score.reasons[why] += 1
        if label == "F":
            score.furniture += 1
            if why is not None:
                score.furniture_removed += 1
            else:
                score.missed.append(line)
        elif label == "C":
            score.content += 1
            if why is None:
                score.content_kept += 1
            else:
                score.lost.append((line, why))
    return score


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def evaluate_furniture(docs: list[GoldDoc], *, furniture: str = "patterns",
                       memory: LineMemory | None = None) -> dict:
    """Per split: documents, furniture lines and the share removed, content lines and the share
    kept, removals by reason; then one row per document with its missed and lost lines.
    `furniture` is the cleaning mode scored (`clean.FURNITURE_MODES`), `memory` the template
    lines known (`learned_memory`; None: none)."""
    scores = [score_document(doc, furniture, memory) for doc in docs]
    splits: dict[str, dict] = {}
    for name in ("dev", "heldout", "all"):
        chosen = [s for s in scores if name == "all" or s.split == name]
        if not chosen:
            continue
        furniture = sum(s.furniture for s in chosen)
        content = sum(s.content for s in chosen)
        removed = sum(s.furniture_removed for s in chosen)
        kept = sum(s.content_kept for s in chosen)
        reasons: Counter = Counter()
        for s in chosen:
            reasons.update(s.reasons)
        splits[name] = {"documents": len(chosen), "furniture": furniture,
                        "furniture_removed": removed, "furniture_removed_share": _share(removed, furniture),
                        "content": content, "content_kept": kept,
                        "content_kept_share": _share(kept, content),
                        "removed_by_reason": dict(sorted(reasons.items()))}
    documents = [{"name": s.name, "outlet": s.outlet, "split": s.split,
                  "furniture": s.furniture, "furniture_removed": s.furniture_removed,
                  "furniture_removed_share": _share(s.furniture_removed, s.furniture),
                  "content": s.content, "content_kept": s.content_kept,
                  "content_kept_share": _share(s.content_kept, s.content),
                  "missed": s.missed, "lost": [{"line": line, "reason": why} for line, why in s.lost]}
                 for s in scores]
    return {"splits": splits, "documents": documents}
