"""Build the English gold (issue #24) from its hand-annotated sources.

Sources: `tests/data/en/gold_source_{dev,heldout}.yaml`, one record per article written for
this gold (wire style: Reuters, AP and BBC conventions — datelines, bylines, "reporting
by…; editing by…"), annotated inline while writing:

    [[mention|COUNTRY|kind]]      an actor mention (4th field `g`: a generic description)
    {{expression|VALUE|TYPE}}     a time expression with its TIMEX3 value (empty: unresolved)

and a `claims:` list ({content, speaker, sourcing, kind, country, direct}). The split is
by crisis and was fixed before any analysis code changed: `en-dev` = Sudan, Ukraine,
Haiti, Myanmar, Red Sea/Yemen; `en-heldout` = Sahel, Taiwan Strait, Venezuela, DR Congo,
Horn of Africa, South Caucasus.

Conventions are the French golds' (see `veille.eval.actors`, `veille.eval.claims`,
`tests/data/time_gold.tsv`), read for English: a possessive country is its own mention
("[[Sudan]]'s army"); adjectives alone ("Houthi-run", "Kenyan-led") are not mentions;
datelines ("PORT SUDAN, March 12 (Reuters) -"), bylines and "Reporting by …; Editing by …"
lines are furniture: nothing in them is annotated, headlines are not annotated either (the
scored region starts at the first mention's line). Generic descriptions get the country
the reader gives them (the OrangeSum gold's rule). Weekdays are resolved the wire's way:
"said on Tuesday" in a Wednesday story is the day before.

    python tools/en_gold.py build     # sources → docs/*.txt, actors/time/claims golds (checked)
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "data" / "en"
SOURCES = ("gold_source_dev.yaml", "gold_source_heldout.yaml")
MARK = re.compile(r"\[\[(?P<actor>[^\]]+)\]\]|\{\{(?P<time>[^}]+)\}\}")
SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s|$)")


def strip(marked: str) -> tuple[str, list[tuple[int, int, list[str]]], list[tuple[int, int, list[str]]]]:
    """The plain text and the actor and time spans of marked-up text."""
    out, actors, times, pos = [], [], [], 0
    length = 0
    for match in MARK.finditer(marked):
        out.append(marked[pos:match.start()])
        length += match.start() - pos
        fields = (match.group("actor") or match.group("time")).split("|")
        start, end = length, length + len(fields[0])
        (actors if match.group("actor") else times).append((start, end, fields))
        out.append(fields[0])
        length = end
        pos = match.end()
    out.append(marked[pos:])
    return "".join(out), actors, times


def paragraph(text: str, start: int, end: int) -> str:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return text[lo:len(text) if hi < 0 else hi]


def time_context(text: str, start: int, end: int) -> str:
    """The paragraph up to the end of the expression's sentence: the expression is then
    its last occurrence, as `veille.eval.time` wants."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    stop = SENTENCE_END.search(text, end, hi)
    return text[lo:stop.end() if stop else hi]


def build() -> None:
    actor_rows = ["doc\tchar_start\tchar_end\tmention\tcountry\tkind\tsplit\tgeneric\tlanguage"]
    time_rows = ["# English time gold (issue #24): built by tools/en_gold.py from "
                 "tests/data/en/gold_source_*.yaml; values written by hand.",
                 "split\tdoc\tanchor\texpression\tvalue\ttype\ttext"]
    claims: list[str] = []
    (HERE / "docs").mkdir(exist_ok=True)
    for source in SOURCES:
        for rec in yaml.safe_load((HERE / source).read_text("utf-8")):
            text, actors, times = strip(rec["text"])
            published = str(rec["published"])
            header = f" date {published}\n"
            (HERE / "docs" / f"{rec['id']}.txt").write_text(header + text, encoding="utf-8")
            key = f"gold:docs/{rec['id']}.txt"
            for start, end, f in actors:
                country, kind = f[1], f[2]
                generic = "1" if len(f) > 3 and f[3] == "g" else ""
                actor_rows.append("\t".join([key, str(start + len(header)), str(end + len(header)),
                                             f[0], country, kind, rec["split"], generic, "en"]))
            for start, end, f in times:
                context = time_context(text, start, end)
                time_rows.append("\t".join([rec["split"], f"{rec['id']}.txt",
                                            published, f[0], f[1], f[2], context]))
            claims.append(json.dumps({"type": "document", "doc": key, "split": rec["split"],
                                      "language": "en", "text": text}, ensure_ascii=False))
            for c in rec.get("claims") or ():
                at = text.find(c["content"])
                if at < 0:
                    sys.exit(f"{rec['id']}: claim content not in the text: {c['content']!r}")
                claims.append(json.dumps({
                    "type": "claim", "doc": key, "split": rec["split"],
                    "sentence": paragraph(text, at, at + len(c["content"])), "content": c["content"],
                    "speaker": c.get("speaker"), "sourcing": c["sourcing"],
                    "speaker_kind": c.get("kind"), "speaker_country": c.get("country"),
                    "direct": bool(c.get("direct")), "relayed_by": [], "count": None, "date": None},
                    ensure_ascii=False))
    (HERE / "actors_gold_en.tsv").write_text("\n".join(actor_rows) + "\n", encoding="utf-8")
    (HERE / "time_gold_en.tsv").write_text("\n".join(time_rows) + "\n", encoding="utf-8")
    (HERE / "claims_gold_en.jsonl").write_text("\n".join(claims) + "\n", encoding="utf-8")
    print(f"{len(actor_rows) - 1} actor mentions, {len(time_rows) - 2} times, "
          f"{sum(json.loads(c)['type'] == 'claim' for c in claims)} claims")


if __name__ == "__main__":
    if sys.argv[1:] != ["build"]:
        sys.exit(__doc__)
    build()
