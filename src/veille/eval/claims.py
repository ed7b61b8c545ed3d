"""Scoring claim extraction against a hand-made gold: `veille eval claims GOLD.jsonl`.

The gold file is self-contained JSON lines, so the evaluation runs anywhere:

- `{"type": "document", "doc": "seed:001_…", "split": "dev", "language": "fr", "text": …}` —
  the text that was annotated exhaustively (every claim in it is in the gold);
- `{"type": "claim", "doc": …, "split": …, "sentence": …, "content": …, "speaker": …,
  "sourcing": …, "speaker_kind": …, "speaker_country": …, "relayed_by": […], …}` —
  one claim, located by text (its paragraph, then its content inside it), never by
  offsets, so the gold survives changes to boilerplate cleaning.

A predicted claim matches a gold claim of the same document when their content spans
overlap by at least half of the shorter one (one-to-one, best overlap first). On matched
pairs: content and speaker token-overlap F1, speaker accuracy (speaker token F1 ≥ 0.5, or
both without a speaker), speaker-kind and country accuracy (the resolved actor's, else the
claim's own `speaker_kind`), sourcing-class accuracy and relay accuracy.

Annotation rules of `tests/data/claims_gold.jsonl` (read from the texts, not from the
extractor's output):

- a claim is a statement introduced by a reporting verb with propositional content
  ("a déclaré que…", "a menacé l'Iran de…", "a-t-il dit" after a quote), by "selon X" /
  "d'après X", or a direct quote with its speaker; appeals whose content is only an
  infinitive or a noun ("a appelé à manifester", "a condamné les violences") are events,
  not claims; a quote continued without a new attribution belongs to the last speaker;
- the outlet's own sentences stating a count or a share (not a date, an age or a
  duration) are claims with sourcing `unattributed` and no speaker;
- the speaker is the name when the text gives one ("Ahmed Ali", not "le porte-parole
  de l'armée"), resolved through pronouns ("Il a souligné" → Vedant Patel), else the
  description ("quatre sources"); vague or inanimate sources ("les analyses en
  circulation", "Les leçons du passé", "on dit") are `unattributed`;
- classes: `named_official` (state, government body, armed forces, international
  organisation, office holder, official text), `named_other` (named person or group
  outside government: parties in opposition, activists, experts), `anonymous` (no name:
  "un responsable américain", "des témoins"), `media_relay` (an outlet or its journalist
  speaks), `unattributed`; a relay ("cités par le Financial Times") goes to `relayed_by`.

Splits: `dev` = the five seeds and the 2011–2012 Egypt articles (tuned on); `heldout` =
the 2013 Egypt articles (never used to change the extractor).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.errors import GoldError
from veille.model import Claim
from veille.text import words

#: Minimum share of the shorter content span two claims must share to be the same claim.
MATCH_OVERLAP = 0.5
#: Minimum speaker token F1 for a speaker to count as right ("Patel" for "Vedant Patel" is).
SPEAKER_F1 = 0.5


@dataclass(slots=True)
class GoldClaim:
    record: dict[str, Any]
    start: int
    end: int


@dataclass(slots=True)
class GoldDoc:
    key: str
    split: str
    language: str
    text: str
    claims: list[GoldClaim] = field(default_factory=list)


def _locate(text: str, sentence: str, content: str, used: set[tuple[int, int]]) -> tuple[int, int]:
    """Offsets of `content` inside the first unused occurrence of its `sentence` in `text`."""
    pos = text.find(sentence)
    while pos >= 0:
        inner = text.find(content, pos, pos + len(sentence))
        if inner >= 0 and (inner, inner + len(content)) not in used:
            return inner, inner + len(content)
        pos = text.find(sentence, pos + 1)
    raise GoldError(f"gold content not found in its document: {content[:60]!r}")


def load_gold(path: Path) -> list[GoldDoc]:
    """Documents with their located gold claims, in file order."""
    docs: dict[str, GoldDoc] = {}
    used: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldError(f"{path}:{n}: not JSON ({err})") from err
        if rec.get("type") == "document":
            docs[rec["doc"]] = GoldDoc(rec["doc"], rec.get("split", "dev"), rec.get("language", "fr"), rec["text"])
        elif rec.get("type") == "claim":
            doc = docs.get(rec["doc"])
            if doc is None:
                raise GoldError(f"{path}:{n}: claim before its document {rec['doc']!r}")
            start, end = _locate(doc.text, rec["sentence"], rec["content"], used[doc.key])
            used[doc.key].add((start, end))
            doc.claims.append(GoldClaim(rec, start, end))
        else:
            raise GoldError(f"{path}:{n}: 'type' must be 'document' or 'claim'")
    return list(docs.values())


def tokens(text: str | None) -> Counter[str]:
    return Counter(words(text or ""))


def token_f1(a: str | None, b: str | None) -> float:
    """Bag-of-tokens F1 of two strings (1.0 when both are empty)."""
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(tb.values()), common / sum(ta.values())
    return 2 * p * r / (p + r)


def match_claims(gold: list[GoldClaim], pred: list[Claim]) -> list[tuple[GoldClaim, Claim]]:
    """One-to-one pairs of gold and predicted claims whose contents overlap enough, best first."""
    scored = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            shorter = min(g.end - g.start, p.end - p.start) or 1
            if overlap / shorter >= MATCH_OVERLAP:
                scored.append((overlap / max(g.end - g.start, p.end - p.start, 1), gi, pi))
    pairs, seen_g, seen_p = [], set(), set()
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in seen_g and pi not in seen_p:
            seen_g.add(gi)
            seen_p.add(pi)
            pairs.append((gold[gi], pred[pi]))
    return pairs


def _pred_kind(claim: Claim) -> str | None:
    if claim.speaker is not None and claim.speaker.actor is not None:
        return claim.speaker.actor.kind
    return claim.speaker_kind


def _pred_country(claim: Claim) -> str | None:
    if claim.speaker is not None and claim.speaker.actor is not None and claim.speaker.actor.country:
        return claim.speaker.actor.country
    return claim.speaker_country


def _speaker_right(gold: dict[str, Any], pred: Claim) -> bool:
    if not gold.get("speaker"):
        return not pred.speaker_text or pred.sourcing == "unattributed"
    return token_f1(gold["speaker"], pred.speaker_text) >= SPEAKER_F1


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    pred: int = 0
    matched: int = 0
    content_f1: float = 0.0
    speaker_f1: float = 0.0
    speaker_right: int = 0
    kind: Counter[str] = field(default_factory=Counter)
    country: Counter[str] = field(default_factory=Counter)
    sourcing: Counter[str] = field(default_factory=Counter)
    relay: Counter[str] = field(default_factory=Counter)
    confusion: Counter[str] = field(default_factory=Counter)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add_pair(self, g: GoldClaim, p: Claim) -> None:
        rec = g.record
        self.matched += 1
        self.content_f1 += token_f1(rec["content"], p.content)
        self.speaker_f1 += token_f1(rec.get("speaker"), p.speaker_text)
        right = _speaker_right(rec, p)
        self.speaker_right += right
        if rec.get("speaker_kind"):
            self.kind["n"] += 1
            self.kind["ok"] += _pred_kind(p) == rec["speaker_kind"]
        if rec.get("speaker_country"):
            self.country["n"] += 1
            self.country["ok"] += _pred_country(p) == rec["speaker_country"]
        self.sourcing["n"] += 1
        self.sourcing["ok"] += p.sourcing == rec["sourcing"]
        self.confusion[f"{rec['sourcing']}→{p.sourcing}"] += 1
        if rec.get("relayed_by"):
            self.relay["n"] += 1
            self.relay["ok"] += any(token_f1(r, q) >= 0.5 for r in rec["relayed_by"] for q in p.relayed_by)
        if not right or p.sourcing != rec["sourcing"]:
            self.errors.append({"doc": rec["doc"], "content": rec["content"][:80], "gold_speaker": rec.get("speaker"),
                                "pred_speaker": p.speaker_text, "gold_sourcing": rec["sourcing"],
                                "pred_sourcing": p.sourcing})

    def summary(self) -> dict[str, Any]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        ratio = lambda c: round(c["ok"] / c["n"], 3) if c["n"] else None  # noqa: E731
        m = self.matched or 1
        return {
            "gold_claims": self.gold, "predicted_claims": self.pred, "matched": self.matched,
            "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "content_overlap_f1": round(self.content_f1 / m, 3),
            "speaker_overlap_f1": round(self.speaker_f1 / m, 3),
            "speaker_accuracy": round(self.speaker_right / m, 3),
            "speaker_kind_accuracy": ratio(self.kind), "speaker_country_accuracy": ratio(self.country),
            "sourcing_accuracy": ratio(self.sourcing), "relay_accuracy": ratio(self.relay),
            "sourcing_confusion": dict(self.confusion.most_common()),
        }


def evaluate_claims(docs: Iterable[GoldDoc], *, extract: Callable[[GoldDoc], list[Claim]],
                    with_errors: bool = False) -> dict[str, Any]:
    """Scores per split and over all documents; `extract` runs the system on one gold document."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    missed: list[dict[str, Any]] = []
    spurious: list[dict[str, Any]] = []
    for doc in docs:
        pred = extract(doc)
        pairs = match_claims(doc.claims, pred)
        for split in (doc.split, "all"):
            t = tallies[split]
            t.gold += len(doc.claims)
            t.pred += len(pred)
            for g, p in pairs:
                t.add_pair(g, p)
        hit_g = {id(g) for g, _ in pairs}
        hit_p = {id(p) for _, p in pairs}
        missed += [{"doc": doc.key, "content": g.record["content"][:100]} for g in doc.claims if id(g) not in hit_g]
        spurious += [{"doc": doc.key, "speaker": p.speaker_text, "content": p.content[:100]} for p in pred
                     if id(p) not in hit_p]
    result: dict[str, Any] = {split: t.summary() for split, t in sorted(tallies.items())}
    if with_errors:
        result["errors"] = {"missed": missed, "spurious": spurious, "wrong": tallies["all"].errors}
    return result


def spacy_extractor(*, with_actors: bool = False) -> Callable[[GoldDoc], list[Claim]]:
    """The system under test: the language's spaCy pipeline, then `extract_claims`.

    With `with_actors`, the actors resolver's mentions are passed in as the pipeline does
    (speaker actors then come from the knowledge base).
    """
    from veille.claims import extract_claims
    from veille.nlp import load_pipeline

    def run(doc: GoldDoc) -> list[Claim]:
        parsed = load_pipeline(doc.language)(doc.text)
        mentions = []
        if with_actors:
            from veille.actors.kb import load_kb
            from veille.actors.resolve import resolve_mentions

            mentions = resolve_mentions(parsed, load_kb(()), published=None, language=doc.language)
        return extract_claims(parsed, mentions=mentions, language=doc.language)

    return run
