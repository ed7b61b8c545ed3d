"""Story clustering in the stream, not on the gold alone: every OrangeSum article of the
months the stories gold touches, read as `veille ingest` reads them (furniture, template
lines and title suffixes learned, no NLP), clustered on text only (no actors), in date
order. Prints the B-cubed score of one gold split's articles inside that stream and the
largest stories, the two things a change to `stories.yaml` must not trade off silently:
on the gold alone a lower threshold joins split stories; in the stream it also grows
stories of hundreds of unrelated articles.

    PYTHONPATH=src python benchmarks/stories_stream.py [--split dev] [--set threshold=0.15]

The read articles are cached (`--cache`), so a second run with other parameters only
clusters (about a minute of CPU for 27,000 articles).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from datetime import date
from pathlib import Path

from veille.eval.stories import bcubed, load_gold
from veille.ingest import ReadOptions
from veille.ingest.jsonl_reader import articles_from_records
from veille.ingest.templates import LineMemory
from veille.model import Article
from veille.stories.online import OnlineClusterer, story_parameters
from veille.stories.selection import SelectedArticle

ROOT = Path(__file__).resolve().parents[1]


def read_stream(corpus: Path, months: set[str], cache: Path) -> list[list]:
    """[id, published, title, lead] of every article of `months`, cached as JSON."""
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        records = [r for r in map(json.loads, handle) if r["date"][:7] in months]
    lead = story_parameters()["lead_chars"]
    started = time.process_time()
    rows = [[r["id"], a.published.isoformat() if a.published else None, a.title, a.text[:lead]]
            for r, a in zip(records, articles_from_records(
                records, "orangesum", ReadOptions(line_memory=LineMemory())))
            if isinstance(a, Article)]
    print(f"read {len(rows)} articles in {time.process_time() - started:.1f} CPU s",
          file=sys.stderr)
    cache.write_text(json.dumps(rows), encoding="utf-8")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", default=ROOT / "tests/data/stories_gold.tsv", type=Path)
    parser.add_argument("--corpus", default=ROOT / "../shared/data/orangesum_fr.jsonl.gz",
                        type=Path)
    parser.add_argument("--split", default="dev", help="gold split scored (tune on dev)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a stories.yaml parameter for this run")
    parser.add_argument("--cache", default=Path("/tmp/veille_stories_stream.json"), type=Path)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    params = story_parameters()
    for item in args.set:
        key, _, value = item.partition("=")
        params[key] = type(params[key])(float(value))
    gold = load_gold(args.gold)
    months = {g_date[:7] for g_date in _gold_dates(args.gold)}
    rows = read_stream(args.corpus, months, args.cache)
    articles = sorted((SelectedArticle(i, date.fromisoformat(d) if d else None, None, None,
                                       t, "fr", x) for i, d, t, x in rows),
                      key=lambda a: (a.published or date.min, a.id))
    clusterer = OnlineClusterer()
    started = time.process_time()
    clusterer.add_all(articles, {})
    stories = clusterer.changed()
    print(f"{len(articles)} articles, {len(stories)} stories, "
          f"{time.process_time() - started:.1f} CPU s", file=sys.stderr)
    story_of = {a.id: s.id for s in stories for a, _ in s.members}
    truth = {g.id: g.story for g in gold if g.split == args.split and g.id in story_of}
    p, r, f = bcubed({i: story_of[i] for i in truth}, truth)
    print(f"{args.split} in the stream: B-cubed P {p:.3f} R {r:.3f} F1 {f:.3f} "
          f"({len(truth)} articles)")
    for story in sorted(stories, key=lambda s: -s.size)[: args.top]:
        print(f"{story.size:6d}  {(story.title or story.opening)[:90]}")


def _gold_dates(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.split("\t")[3] for line in handle
                if not line.startswith(("#", "story\t")) and line.count("\t") >= 3]


if __name__ == "__main__":
    main()
