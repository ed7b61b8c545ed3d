"""Time tagging cost against the spaCy time on the same articles, measured in the same run.

Baseline: `fr_core_news_md` `nlp.pipe` over the first N OrangeSum articles. Then
`tag_times` on the very same texts and Doc objects (the Doc gives it the tense of each
clause), each article anchored on its own `date`. Compiling the rule table is a
one-time cost per process, measured apart. Usage:

    .venv/bin/python benchmarks/bench_time.py [--n 500] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_records, peak_rss_mb, published_of, write_results

from veille.nlp import load_pipeline
from veille.time import tag_times
from veille.time.rules import load_table



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="first N articles (default 500)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    records = corpus_records(args.corpus, args.n)
    texts = [r.get("text") or "" for r in records]

    nlp = load_pipeline("fr")
    start = time.perf_counter()
    load_table("fr")
    setup_s = time.perf_counter() - start

    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    spacy_s = time.perf_counter() - start

    types: Counter[str] = Counter()
    unresolved = 0
    start = time.perf_counter()
    for doc, record in zip(docs, records):
        times = tag_times(doc.text, published=published_of(record.get("date")), language="fr",
                          doc=doc)
        types.update(t.type for t in times)
        unresolved += sum(t.value is None for t in times)
    tag_s = time.perf_counter() - start

    tokens = sum(len(doc) for doc in docs)
    ratio = tag_s / spacy_s
    results = {
        "articles": len(docs), "tokens": tokens,
        "spacy_seconds": round(spacy_s, 3), "tag_times_seconds": round(tag_s, 3),
        "ratio_tag_times_to_spacy": round(ratio, 4), "one_time_setup_seconds": round(setup_s, 3),
        "times": sum(types.values()), "times_by_type": dict(types.most_common()),
        "unresolved": unresolved, "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    write_results("time", results, [
        ("articles / tokens", f"{len(docs)} / {tokens}"),
        ("spaCy fr_core_news_md nlp.pipe", f"{spacy_s:.2f} s"),
        ("tag_times", f"{tag_s:.2f} s"),
        ("ratio (tag_times / spaCy)", f"{ratio:.3f}"),
        ("one-time setup (compile the rule table)", f"{setup_s:.3f} s"),
        ("time expressions (unresolved)", f"{sum(types.values())} ({unresolved})"),
    ])


if __name__ == "__main__":
    main()
