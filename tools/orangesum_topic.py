"""Write the OrangeSum articles about one topic as JSONL, for a brief read line by line.

The one selection of the Mali (Sahel war) store that the conflict checks share: the brief
of issue #23, the leader shares of #18 (`tools/leader_shares.py` reads this file or the
store built from it) and the event sample of #21. Articles whose title names Mali,
Bamako, Barkhane or the Sahel, or whose text names Mali or Barkhane twice; the `-n`
most Mali-heavy (title hits first, then text hits), written in date order. Reproducible:
the same corpus gives the same file. OrangeSum repeats articles: with -n 120, about 110
remain once `veille ingest` drops the duplicates.

    python tools/orangesum_topic.py ../shared/data/orangesum_fr.jsonl.gz mali.jsonl -n 120
    veille ingest mali.jsonl --db mali.duckdb
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

TITLE = re.compile(r"\b(Mali(en|enne|ens|ennes)?|Bamako|Barkhane|Sahel)\b")
TEXT = re.compile(r"\b(Mali|Barkhane)\b")


def pick(corpus: Path, n: int) -> list[dict]:
    """The `n` articles most about Mali (title hits first, then text mentions), by date."""
    scored = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            hits = len(TEXT.findall(r.get("text") or ""))
            in_title = bool(TITLE.search(r.get("title") or ""))
            if in_title or hits >= 2:
                scored.append((not in_title, -hits, r.get("date") or "", r["id"], r))
    chosen = [s[-1] for s in sorted(scored)[:n]]
    return sorted(chosen, key=lambda r: (r.get("date") or "", r["id"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=100)
    args = ap.parse_args()
    rows = pick(args.corpus, args.n)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    print(f"{len(rows)} articles written to {args.out}")


if __name__ == "__main__":
    main()
