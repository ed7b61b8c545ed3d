"""Write the OrangeSum articles about one topic as JSONL, for a brief read line by line.

The 100-article store of issue #23 (the brief on a real conflict) is Mali: articles whose
title names Mali, Bamako, Barkhane or the Sahel, or whose text names Mali twice,
the most Mali-heavy first, then in date order. Reproducible: the same corpus gives the
same file.

    python tools/orangesum_topic.py ../shared/data/orangesum_fr.jsonl.gz mali.jsonl
    veille ingest mali.jsonl --db mali.duckdb
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

TITLE = re.compile(r"\b(Mali(en|enne|ens|ennes)?|Bamako|Barkhane|Sahel)\b")
TEXT = re.compile(r"\bMali\b")


def pick(corpus: Path, n: int) -> list[dict]:
    """The `n` articles most about Mali (title hits first, then text mentions), by date."""
    scored = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            hits = len(TEXT.findall(r.get("text") or ""))
            in_title = bool(TITLE.search(r.get("title") or ""))
            if (in_title and hits) or hits >= 2:
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
