"""Where events take their dates from: their own clause, their sentence, or publication.

Issue #20 item 3: an event takes the time expression that governs its trigger (a
dependency path inside its clause), else the nearest date in its sentence, else "on or
before publication" (flagged `date_from_article`). This script runs the full analysis on
the seeds and on the Egypt timeline documents and counts the events of each kind.

    .venv/bin/python benchmarks/event_dates.py [--seeds DIR] [--egypt DIR] [--only seeds|egypt]
        [--json]

Each set is reported twice on the same candidates: with this code's rule, and with the
rule before it (the time expression nearest the trigger in its predicate's subtree, else
in its sentence, else the article's date), so other changes to the tree cancel out.
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


def _old_rule(times, c, published) -> str:
    """How the rule before issue #20 item 3 dated the same candidate: the time expression
    nearest the trigger inside its predicate's subtree, else anywhere in its sentence,
    else the article's date."""
    import veille.events.extract as extract

    found = extract._nearest([t for t in times if t.value and t.type in ("DATE", "TIME")], c)
    if found is not None:
        return "text"
    return "publication" if published is not None else "undated"


def count(articles) -> tuple[Counter, Counter]:
    """Events per date origin, (this code's rule, the rule before #20 item 3) on the same
    candidates: clause / sentence / publication / undated, and text / publication /
    undated. On an older checkout whose `_date` returns (time, from_article), the first
    counts text / publication / undated too."""
    import veille.events.extract as extract
    from veille.run.pipeline import Pipeline

    seen: list[str] = []
    before: list[str] = []
    original = extract._date

    def spy(times, c, published, *args, **kwargs):
        found = original(times, c, published, *args, **kwargs)
        how = found[1]
        if isinstance(how, bool):  # the old contract: (time, from_article)
            how = "publication" if how else ("text" if found[0] is not None else "undated")
        seen.append(how or "undated")
        if hasattr(extract, "_nearest"):
            before.append(_old_rule(times, c, published))
        return found

    extract._date = spy
    try:
        pipeline = Pipeline()
        for i in range(0, len(articles), 16):
            pipeline.analyze(articles[i:i + 16])
    finally:
        extract._date = original
    return Counter(seen), Counter(before)


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
    sets = {"seeds": lambda: _articles([str(args.seeds)]), "egypt": lambda: _egypt(args.egypt)}
    for name, load in sets.items():
        if args.only in (None, name):
            now, before = count(load())
            result[name] = _shares(now)
            result[f"{name} (rule before #20 item 3, same candidates)"] = _shares(before)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for name, row in result.items():
            print(name, " ".join(f"{k}={v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
