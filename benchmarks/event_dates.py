"""Where events take their dates from: their own clause, their sentence, or publication.

Issue #20 item 3: an event takes the time expression that governs its trigger (a
dependency path inside its clause), else the nearest date in its sentence, else "on or
before publication" (flagged `date_from_article`). This script runs the full analysis on
the seeds and on the Egypt timeline documents and counts the events of each kind.

    .venv/bin/python benchmarks/event_dates.py [--seeds DIR] [--egypt DIR] [--only seeds|egypt]
        [--json]

Run on an older checkout (`PYTHONPATH=/path/to/old/src`) it gives the "before" figures;
an older `_date` says only text vs publication, so both are reported.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


def _articles(paths: list[str], published=None):
    from veille.ingest import ReadOptions, iter_articles
    from veille.model import Article

    read = ReadOptions(published=published, language="fr")
    return [a for a in iter_articles(paths, read) if isinstance(a, Article)]


def _egypt(docs: Path):
    from veille.eval.cltls import dated_folders

    out = []
    for day, folder in dated_folders(docs):
        out += _articles([str(folder)], published=day)
    return out


def count(articles) -> Counter:
    """Events per date origin: clause / sentence / publication / undated (older code:
    text / publication / undated)."""
    import veille.events.extract as extract
    from veille.run.pipeline import Pipeline

    seen: list[str] = []
    original = extract._date

    def spy(*args, **kwargs):
        found = original(*args, **kwargs)
        how = found[1]
        if isinstance(how, bool):  # the old contract: (time, from_article)
            how = "publication" if how else ("text" if found[0] is not None else "undated")
        how = how or "undated"
        seen.append(how)
        return found

    extract._date = spy
    try:
        pipeline = Pipeline()
        for i in range(0, len(articles), 16):
            pipeline.analyze(articles[i:i + 16])
    finally:
        extract._date = original
    return Counter(seen)


def _shares(counts: Counter) -> dict:
    total = sum(counts.values()) or 1
    text = total - counts.get("publication", 0) - counts.get("undated", 0)
    return {"events": sum(counts.values()), **dict(sorted(counts.items())),
            "own_text_share": round(text / total, 3),
            "publication_share": round(counts.get("publication", 0) / total, 3)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--egypt", type=Path,
                    default=SHARED / "timelines" / "clts_fr_egypt" / "docs")
    ap.add_argument("--only", choices=("seeds", "egypt"), help="one of the two sets")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    result = {}
    if args.only in (None, "seeds"):
        result["seeds"] = _shares(count(_articles([str(args.seeds)])))
    if args.only in (None, "egypt"):
        result["egypt"] = _shares(count(_egypt(args.egypt)))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, row in result.items():
            print(name, " ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
