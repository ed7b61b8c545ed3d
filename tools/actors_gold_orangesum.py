"""Build `tests/data/actors_gold_orangesum.tsv` from the hand annotation in
`tests/data/actors_gold_orangesum.ann` (and help write that annotation).

The `.ann` file is the source: one block per OrangeSum article, written by reading the
article (title + blank line + text, the text `veille.eval.actors` scores for an
`orangesum:<id>` key):

    @ orangesum-8449 dev HKG          # article id, split, the crisis it belongs to
    Hong Kong | HKG | state           # this form, every occurrence (whole words)
    manifestants | HKG | civilians | g      # `g`: a generic description
    Bamako | MLI | government | -2 -3 # not the 2nd and 3rd occurrences (places there)
    armée | FRA | military | g | @4 @5      # only the 4th and 5th occurrences …
    armée | MLI | military | g              # … the other ones are Mali's
    camp Soundiata Keïta | - | x            # kind x: claims the span, writes nothing

A form is matched case-sensitively, also with its first letter upper-cased (sentence
starts); longer forms win over shorter ones they overlap; `@n` rows claim their
occurrences before plain rows. Spans leave out the determiner, as in actors_gold.tsv.

    python tools/actors_gold_orangesum.py build            # .ann → .tsv (checked)
    python tools/actors_gold_orangesum.py show ID          # the article, numbered lines
    python tools/actors_gold_orangesum.py render ID        # the article with its spans marked
    python tools/actors_gold_orangesum.py candidates ID    # today's tagger spans not in the gold
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "tests" / "data" / "actors_gold_orangesum.ann"
TSV = ROOT / "tests" / "data" / "actors_gold_orangesum.tsv"
CORPUS = ROOT.parent / "shared" / "data" / "orangesum_fr.jsonl.gz"
WORD = r"[\wÀ-ÿ]"


@dataclass
class Rule:
    form: str
    country: str
    kind: str
    generic: bool
    only: set[int]
    skip: set[int]


@dataclass
class Block:
    doc: str
    split: str
    crisis: str
    rules: list[Rule]


def parse(path: Path = ANN) -> list[Block]:
    blocks: list[Block] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("@") else raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            doc, split, crisis = line[1:].split()
            blocks.append(Block(doc, split, crisis, []))
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) < 3:
            raise SystemExit(f"{path}:{number}: need form | country | kind")
        form, country, kind, *rest = parts
        generic = False
        only: set[int] = set()
        skip: set[int] = set()
        for extra in rest:
            for token in extra.split():
                if token == "g":
                    generic = True
                elif token.startswith("@"):
                    only.add(int(token[1:]))
                elif token.startswith("-"):
                    skip.add(int(token[1:]))
                else:
                    raise SystemExit(f"{path}:{number}: unknown flag {token!r}")
        blocks[-1].rules.append(Rule(form, country, kind, generic, only, skip))
    return blocks


def load_articles(ids: set[str]) -> dict[str, dict]:
    found = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in ids:
                found[record["id"]] = record
    return found


def article_text(record: dict) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from veille.eval.actors import orangesum_text
    return orangesum_text(record)


def occurrences(text: str, form: str) -> list[tuple[int, int]]:
    variants = {form, form[:1].upper() + form[1:]}
    spans = set()
    for variant in variants:
        pattern = re.compile(rf"(?<!{WORD}){re.escape(variant)}(?!{WORD})")
        spans.update((m.start(), m.end()) for m in pattern.finditer(text))
    return sorted(spans)


def annotate(block: Block, text: str) -> list[tuple[int, int, Rule]]:
    taken: list[tuple[int, int, Rule]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in taken)

    ordered = sorted(block.rules, key=lambda r: (not r.only, -len(r.form)))
    claimed: dict[str, set[int]] = {}
    for rule in ordered:
        spans = occurrences(text, rule.form)
        if not spans:
            raise SystemExit(f"{block.doc}: {rule.form!r} not in the text")
        for n, (start, end) in enumerate(spans, start=1):
            if rule.only and n not in rule.only:
                continue
            if n in rule.skip or n in claimed.get(rule.form, set()):
                continue
            if free(start, end):
                taken.append((start, end, rule))
                claimed.setdefault(rule.form, set()).add(n)
    return sorted(taken, key=lambda t: t[0])


def build() -> None:
    blocks = parse()
    articles = load_articles({b.doc for b in blocks})
    rows = ["doc\tchar_start\tchar_end\tmention\tcountry\tkind\tsplit\tgeneric\tcrisis"]
    for block in blocks:
        text = article_text(articles[block.doc])
        for start, end, rule in annotate(block, text):
            if rule.kind == "x":
                continue
            country = "" if rule.country in ("", "-") else rule.country
            rows.append(f"orangesum:{block.doc}\t{start}\t{end}\t{text[start:end]}\t{country}\t"
                        f"{rule.kind}\t{block.split}\t{'1' if rule.generic else ''}\t{block.crisis}")
    TSV.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{TSV.name}: {len(rows) - 1} mentions, {len(blocks)} articles")


def show(doc: str) -> None:
    record = load_articles({doc})[doc]
    print(record["date"])
    print(article_text(record))


def render(doc: str) -> None:
    block = next(b for b in parse() if b.doc == doc)
    text = article_text(load_articles({doc})[doc])
    out, at = [], 0
    for start, end, rule in annotate(block, text):
        out.append(text[at:start])
        out.append(f"[{text[start:end]}|{rule.country}|{rule.kind}]")
        at = end
    out.append(text[at:])
    print("".join(out))


def candidates(doc: str) -> None:
    sys.path.insert(0, str(ROOT / "src"))
    from datetime import date

    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.nlp import load_pipeline

    record = load_articles({doc})[doc]
    text = article_text(record)
    blocks = [b for b in parse() if b.doc == doc]
    gold = annotate(blocks[0], text) if blocks else []
    nlp = load_pipeline("fr")
    mentions = resolve_mentions(nlp(text), load_kb(), published=date.fromisoformat(record["date"]),
                                language="fr")
    for m in mentions:
        if not any(min(m.end, e) > max(m.start, s) for s, e, _ in gold):
            actor = m.actor
            print(f"{m.start}\t{m.text!r}\t{actor.id if actor else m.label}\t"
                  f"{actor.country if actor else ''}\t…{text[max(0, m.start - 40):m.end + 30]!r}")


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["build"]
    {"build": build, "show": show, "render": render, "candidates": candidates}[command](*args)
