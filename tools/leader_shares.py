"""How many actor ids one leader's mentions are spread over, on one conflict's articles
(issue #18: "one actor id carries >= 95% of each main leader's mentions").

No selection of its own: it reads the articles `tools/orangesum_topic.py` picked, either
the store built from them (the mentions as the pipeline resolved them, what the brief
sees; duplicates already dropped) or the JSONL itself (resolved here, every line). For
each leader it counts the mentions whose text matches the leader's pattern, by actor id.
Run from the repo root:

    python tools/orangesum_topic.py ../shared/data/orangesum_fr.jsonl.gz mali.jsonl -n 120
    veille ingest mali.jsonl --db mali.duckdb
    python tools/leader_shares.py mali.duckdb        # or: mali.jsonl

A share below 95% names the ids the rest went to: the splitting to fix.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date

#: The conflict's leaders (mention text pattern).
LEADERS: dict[str, str] = {
    "Keïta (IBK)": r"Ke[iï]ta\b|\bIBK\b",
    "Macron": r"Macron\b",
    "Goïta": r"Go[iï]ta\b",
    "Koufa": r"Kouffa|Koufa\b",
    "Ag Ghaly": r"Ghaly|Ghali\b",
    "Bah Ndaw": r"N'?[Dd]aw\b",
    "Moctar Ouane": r"Ouane\b",
    "Boubou Cissé": r"Boubou Ciss[ée]|Premier ministre Ciss[ée]",
    "Mahmoud Dicko": r"Dicko\b",
    "Soumaïla Cissé": r"Soumaïla Ciss[ée]|Soumaila Ciss[ée]",
}


def store_mentions(db: str) -> tuple[int, list[tuple[str, str | None]]]:
    """(articles analysed, [(mention text, actor id)]) from a store."""
    from veille.store import open_store

    with open_store(db, read_only=True) as store:
        n = store.rows("SELECT count(*) AS n FROM articles WHERE analyzed")[0]["n"]
        rows = store.rows("SELECT text, actor_id FROM mentions")
    return n, [(r["text"], r["actor_id"]) for r in rows]


def jsonl_mentions(path: str) -> tuple[int, list[tuple[str, str | None]]]:
    """(articles, [(mention text, actor id)]) resolving a JSONL's articles here."""
    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.eval.actors import orangesum_text
    from veille.nlp import load_pipeline

    with open(path, encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    kb, nlp = load_kb(()), load_pipeline("fr")
    found = []
    for record, doc in zip(records, nlp.pipe(orangesum_text(r) for r in records)):
        published = date.fromisoformat(record["date"][:10])
        for mention in resolve_mentions(doc, kb, published=published, language="fr"):
            found.append((mention.text, mention.actor.id if mention.actor else None))
    return len(records), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", help="a store (.duckdb, postgresql://) or the JSONL "
                        "written by tools/orangesum_topic.py")
    args = parser.parse_args()
    read = jsonl_mentions if args.articles.endswith(".jsonl") else store_mentions
    n_articles, mentions = read(args.articles)
    counts: dict[str, Counter] = {name: Counter() for name in LEADERS}
    for text, actor_id in mentions:
        for name, pattern in LEADERS.items():
            if re.search(pattern, text):
                counts[name][actor_id] += 1
    print(f"{n_articles} articles")
    for name, ids in counts.items():
        total = sum(ids.values())
        if not total:
            print(f"{name}: no mention")
            continue
        top, n = ids.most_common(1)[0]
        rest = ", ".join(f"{i}: {c}" for i, c in ids.most_common()[1:6])
        print(f"{name}: {n}/{total} = {n / total:.3f} on {top}" + (f" (rest: {rest})" if rest else ""))


if __name__ == "__main__":
    main()
