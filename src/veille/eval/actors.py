"""Scoring actor mentions against a hand-made gold file (`veille eval actors GOLD.tsv`).

Gold format: a TSV with a header and the columns `doc, char_start, char_end, mention,
country, kind` (an optional `split` column names the split: seeds, dev, heldout; an
optional `generic` column, `1` for generic descriptions such as "l'armée", "les
manifestants", scored apart as well as by kind).

- `doc` is a document key: `seed:<file stem>` (under `seeds/`), `egypt:<day>/<file>`
  (under `timelines/clts_fr_egypt/docs/`), `orangesum:<id>` (a record of
  `orangesum_fr.jsonl.gz`: its title, a blank line, its text; dated by its `date`),
  `file:<path>` relative to the docs root, or `gold:<path>` relative to the gold file's
  own folder (a gold that ships its documents, like `tests/data/en/`).
- An optional `language` column gives each document's language (default: `--lang`), so
  one run scores French and English golds side by side.
- Offsets are character offsets into the **raw file text**, with a leading ` date
  YYYY-MM-DD` line blanked to spaces of the same length. The evaluator analyses exactly
  that text, so the gold does not depend on the boilerplate cleaner, whose output may
  change; `mention` must equal the text at those offsets (checked, whitespace folded).
- Only the annotated body is scored: from the start of the line of the first gold
  mention of a document to the end of the line of its last one. Site chrome before or
  after (menus, "À lire aussi" lists) is neither gold nor counted against the system.
- A predicted mention matches a gold one when their spans overlap (one-to-one, exact
  matches first, then the largest overlaps); exact-span figures are reported too.
  `country`/`kind` accuracies are over matched pairs; an unresolved prediction's kind is
  read from its NER label (PER → person), its country is None. Empty gold country = None.

Annotation conventions of `tests/data/actors_gold.tsv` (491 mentions, hand-written by
reading the texts; splits: `seeds` = the five seed articles, `dev` = six Egypt articles,
`heldout` = four other Egypt articles, never used while tuning):

- An actor mention names a state, body, group, person, outlet or a described group of
  people: names ("l'Iran" → `Iran`), metonyms and framing names ("Téhéran", "Entité
  sioniste"), nationality descriptions ("forces iraniennes", "responsables américains"),
  anonymous sources ("quatre sources"), civilians ("manifestants", "les Égyptiens").
  Spans leave out the determiner.
- Countries count as actors even as locations ("à Oman"), as in ACE; cities, seas,
  squares and regions do not ("à Mascate", "mer d'Oman", "place Tahrir").
- Not annotated: pronouns; bare descriptions without a name or a nationality
  ("le président", "le juge"; coreference is out of scope); role phrases in apposition to
  a name (the name is the mention); adjectives alone ("missiles iraniens").
- `country` is the actor's country when the mention, the KB entry of a named actor, or a
  named antecedent establishes it. Generic descriptions and people without a nationality
  in their sentence get the country the article is about, the reader's convention of the
  OrangeSum gold (issue #18): in the Egypt articles that is `EGY` (113 rows moved from
  none to `EGY` with that change; the one reader-unclear person, a journalist met in
  Aveyron, stays none). The seed articles, about several countries at once, keep none
  for them.
- kinds: police and riot forces are `military`; parties and movements `opposition`;
  "islamistes" `other`; "les Américains" acting as a state `government`.

`tests/data/actors_gold_orangesum.tsv` (issue #18: 20 OrangeSum articles, 2019–2020, on
crises the KB was not written for) follows the same conventions except one: a generic
description gets the country the reader gives it (the sentence, else the country the
article is about) and is flagged `generic`. Its split was fixed before any code change,
by crisis: `dev` = Mali, Hong Kong, Lebanon; `heldout` = Afghanistan, Algeria, Libya,
Venezuela. It is built from the hand annotation `actors_gold_orangesum.ann` by
`tools/actors_gold_orangesum.py build`.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from veille.errors import GoldError
from veille.model import Mention

#: Document key prefix → folder under the docs root.
DOC_FOLDERS: dict[str, str] = {"seed": "seeds", "egypt": "timelines/clts_fr_egypt/docs", "file": "",
                               "orangesum": "orangesum_fr.jsonl.gz", "gold": ""}
GOLD_COLUMNS: tuple[str, ...] = ("doc", "char_start", "char_end", "mention", "country", "kind")
_DATE_LINE = re.compile(r"^\s*date\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_EGYPT_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})/")
LABEL_KINDS: dict[str, str] = {"PER": "person", "PERSON": "person"}


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc: str
    start: int
    end: int
    mention: str
    country: str | None
    kind: str
    split: str = "all"
    generic: bool = False
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    key: str
    text: str
    published: date | None
    language: str | None = None


def load_gold(path: Path) -> list[GoldMention]:
    """The gold rows of a TSV file (see the module docstring)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in GOLD_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GoldError(f"{path}: missing columns {missing} (need {', '.join(GOLD_COLUMNS)})")
        rows = []
        for line, row in enumerate(reader, start=2):
            try:
                rows.append(GoldMention(row["doc"], int(row["char_start"]), int(row["char_end"]),
                                        row["mention"], row["country"] or None, row["kind"],
                                        row.get("split") or "all",
                                        (row.get("generic") or "").strip() in ("1", "yes", "true"),
                                        (row.get("language") or "").strip() or None))
            except (TypeError, ValueError) as err:
                raise GoldError(f"{path}:{line}: bad offsets: {err}") from err
    return rows


def _published(key: str, raw: str) -> tuple[str, date | None]:
    """The text with a leading ` date …` line blanked (same length), and the date it gave."""
    match = _DATE_LINE.match(raw)
    if match:
        year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
        return " " * match.end() + raw[match.end():], date(int(year), int(month), int(day))
    day_match = _EGYPT_DAY.search(key)
    return raw, date.fromisoformat(day_match.group(1)) if day_match else None


def orangesum_text(record: dict) -> str:
    """The text an `orangesum:<id>` key stands for: the title, a blank line, the text."""
    return f"{record['title'].strip()}\n\n{record['text']}"


@lru_cache(maxsize=4)
def _orangesum(path: Path) -> dict[str, dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {r["id"]: r for r in map(json.loads, handle)}


def read_document(key: str, docs_root: Path, gold_dir: Path | None = None) -> Document:
    """The text the gold offsets point into, and the publication date it carries
    (`gold:` keys are read under `gold_dir`, the gold file's folder)."""
    prefix, _, rest = key.partition(":")
    if prefix not in DOC_FOLDERS or not rest:
        raise GoldError(f"document key {key!r}: expected one of {sorted(DOC_FOLDERS)} + ':' + path")
    if prefix == "orangesum":
        corpus = Path(docs_root) / DOC_FOLDERS[prefix]
        try:
            record = _orangesum(corpus).get(rest)
        except OSError as err:
            raise GoldError(f"document {key!r}: cannot read {corpus}: {err}") from err
        if record is None:
            raise GoldError(f"document {key!r}: no such id in {corpus}")
        return Document(key, orangesum_text(record), date.fromisoformat(record["date"][:10]))
    if prefix == "gold" and gold_dir is None:
        raise GoldError(f"document {key!r}: a 'gold:' key needs the gold file's folder")
    path = (Path(gold_dir) if prefix == "gold" else Path(docs_root) / DOC_FOLDERS[prefix]) / rest
    if prefix == "seed":
        path = path.with_name(path.name + ".txt")
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise GoldError(f"document {key!r}: cannot read {path}: {err}") from err
    text, published = _published(key, raw)
    return Document(key, text, published)


def check_gold(gold: Sequence[GoldMention], documents: dict[str, Document]) -> None:
    """Raise if a gold row's `mention` is not the text at its offsets (a stale gold file)."""
    for row in gold:
        found = " ".join(documents[row.doc].text[row.start:row.end].split())
        if found != " ".join(row.mention.split()):
            raise GoldError(f"{row.doc} [{row.start}:{row.end}]: gold says {row.mention!r}, "
                            f"text has {found!r}")


# --------------------------------------------------------------------------- matching

@dataclass(frozen=True, slots=True)
class Predicted:
    start: int
    end: int
    text: str
    country: str | None
    kind: str | None
    actor_id: str | None

    @classmethod
    def from_mention(cls, m: Mention) -> Predicted:
        if m.actor is not None:
            return cls(m.start, m.end, m.text, m.actor.country, m.actor.kind, m.actor.id)
        return cls(m.start, m.end, m.text, None, LABEL_KINDS.get(m.label or ""), None)


def body_region(text: str, gold: Sequence[GoldMention]) -> tuple[int, int]:
    """From the start of the first gold mention's line to the end of the last one's line."""
    start = text.rfind("\n", 0, min(g.start for g in gold)) + 1
    end = text.find("\n", max(g.end for g in gold))
    return start, len(text) if end < 0 else end


def match_mentions(gold: Sequence[GoldMention], predicted: Sequence[Predicted]
                   ) -> list[tuple[GoldMention, Predicted]]:
    """One-to-one pairs of overlapping spans: exact spans first, then the largest overlaps."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                exact = (g.start, g.end) == (p.start, p.end)
                candidates.append((not exact, -overlap, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gold[gi], predicted[pi]))
    return pairs


@dataclass(slots=True)
class Slice:
    """Recall and country accuracy of one group of gold mentions (a kind, the generic ones)."""

    gold: int = 0
    matched: int = 0
    country_ok: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / self.matched if self.matched else 0.0

    def add(self, matched: bool, country_ok: bool) -> None:
        self.gold += 1
        self.matched += matched
        self.country_ok += matched and country_ok

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "matched": self.matched, "recall": round(self.recall, 4),
                "country_accuracy": round(self.country_accuracy, 4)}


@dataclass(slots=True)
class Score:
    """Counts for one split; the ratios are properties so splits add up by counts."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    country_ok: int = 0
    kind_ok: int = 0
    misses: list[GoldMention] = field(default_factory=list)
    spurious: list[tuple[str, Predicted]] = field(default_factory=list)
    wrong: list[tuple[GoldMention, Predicted]] = field(default_factory=list)
    #: By gold kind, and over the gold rows flagged `generic` ("l'armée", "les manifestants").
    kinds: dict[str, Slice] = field(default_factory=dict)
    generic: Slice = field(default_factory=Slice)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def country_accuracy(self) -> float:
        return self.country_ok / self.matched if self.matched else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_ok / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"gold": self.gold, "predicted": self.predicted, "matched": self.matched,
                "exact_span": self.exact, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "country_accuracy": round(self.country_accuracy, 4),
                "kind_accuracy": round(self.kind_accuracy, 4),
                "generic": self.generic.as_dict(),
                "kinds": {k: v.as_dict() for k, v in sorted(self.kinds.items())}}


def score_document(score: Score, doc: Document, gold: Sequence[GoldMention],
                   mentions: Iterable[Mention]) -> None:
    """Add one document's counts to `score`."""
    lo, hi = body_region(doc.text, gold)
    predicted = [Predicted.from_mention(m) for m in mentions if lo <= m.start and m.end <= hi]
    pairs = match_mentions(gold, predicted)
    score.gold += len(gold)
    score.predicted += len(predicted)
    score.matched += len(pairs)
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    score.misses += [g for g in gold if id(g) not in matched_g]
    score.spurious += [(doc.key, p) for p in predicted if id(p) not in matched_p]
    for g, p in pairs:
        score.exact += (g.start, g.end) == (p.start, p.end)
        score.country_ok += g.country == p.country
        score.kind_ok += g.kind == p.kind
        if g.country != p.country or g.kind != p.kind:
            score.wrong.append((g, p))
    predicted_for = {id(g): p for g, p in pairs}
    for g in gold:
        p = predicted_for.get(id(g))
        ok = p is not None and g.country == p.country
        score.kinds.setdefault(g.kind, Slice()).add(p is not None, ok)
        if g.generic:
            score.generic.add(p is not None, ok)


Resolver = Callable[[Sequence[Document]], list[list[Mention]]]


def evaluate(gold: Sequence[GoldMention], docs_root: Path, resolver: Resolver,
             splits: Sequence[str] = (), gold_dir: Path | None = None) -> dict[str, Score]:
    """Scores by split (plus "all") of `resolver` on the gold's documents."""
    rows = [g for g in gold if not splits or g.split in splits]
    keys = list(dict.fromkeys(g.doc for g in rows))
    languages = {g.doc: g.language for g in rows}
    documents = {key: dataclasses.replace(read_document(key, docs_root, gold_dir),
                                          language=languages[key]) for key in keys}
    check_gold(rows, documents)
    predictions = resolver([documents[k] for k in keys])
    scores: dict[str, Score] = {}
    for key, mentions in zip(keys, predictions):
        doc_gold = [g for g in rows if g.doc == key]
        for split in (doc_gold[0].split, "all"):
            score_document(scores.setdefault(split, Score()), documents[key], doc_gold, mentions)
    return scores


def pipeline_resolver(language: str = "fr", actors: Sequence[Path] = ()) -> Resolver:
    """The real thing: spaCy pipeline + KB + `resolve_mentions`, batch over documents;
    each document in its own language when the gold gives one, else in `language`."""
    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.nlp import load_pipeline

    def run(documents: Sequence[Document]) -> list[list[Mention]]:
        kb = load_kb(tuple(actors))
        found: dict[int, list[Mention]] = {}
        for lang in dict.fromkeys(d.language or language for d in documents):
            group = [(i, d) for i, d in enumerate(documents) if (d.language or language) == lang]
            docs = load_pipeline(lang).pipe(d.text for _, d in group)
            for doc, (i, d) in zip(docs, group):
                found[i] = resolve_mentions(doc, kb, published=d.published, language=lang)
        return [found[i] for i in range(len(documents))]

    return run
