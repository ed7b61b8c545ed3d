"""How many actor ids one leader's mentions are spread over, on one conflict's articles
(issue #18: "one actor id carries >= 95% of each main leader's mentions").

Selects the OrangeSum articles that name the conflict's country in their title or lede
(the first 600 characters), resolves their actor mentions, and for each leader counts
the mentions whose text matches the leader's pattern, by actor id. Run from the repo root:

    python tools/leader_shares.py ../shared/data/orangesum_fr.jsonl.gz

A share below 95% names the ids the rest went to: the splitting to fix.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from datetime import date

#: The conflict's selection pattern (title or lede) and its leaders (mention text pattern).
CONFLICT = r"\bMali\b|maliens?\b|maliennes?\b|Bamako"
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
LEDE_CHARS = 600


def select(path: str) -> list[dict]:
    """The corpus records naming the conflict's country in their title or lede."""
    pattern = re.compile(CONFLICT, re.I)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return [r for r in records if pattern.search(f"{r['title']} {r['text'][:LEDE_CHARS]}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="orangesum_fr.jsonl.gz")
    args = parser.parse_args()
    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.eval.actors import orangesum_text
    from veille.nlp import load_pipeline

    records = select(args.corpus)
    kb, nlp = load_kb(()), load_pipeline("fr")
    counts: dict[str, Counter] = {name: Counter() for name in LEADERS}
    texts = [orangesum_text(r) for r in records]
    for record, doc in zip(records, nlp.pipe(texts)):
        published = date.fromisoformat(record["date"][:10])
        for mention in resolve_mentions(doc, kb, published=published, language="fr"):
            for name, pattern in LEADERS.items():
                if re.search(pattern, mention.text):
                    counts[name][mention.actor.id if mention.actor else None] += 1
    print(f"{len(records)} articles")
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
