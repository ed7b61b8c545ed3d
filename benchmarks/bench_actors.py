"""Actor resolution + place linking time against the spaCy time on the same articles.

Baseline measured in the same run: `fr_core_news_md` `nlp.pipe` over the first N OrangeSum
articles. Then `resolve_mentions` + `find_places` on the very same Doc objects. One-time
costs (loading the KB, compiling the index and the gazetteer) are measured apart: they
are paid once per process, not per article. Both wall time and this process's CPU time
are reported: on a shared machine the CPU-time ratio is the one that does not depend on
what else runs. Usage:

    .venv/bin/python benchmarks/bench_actors.py [--n 500] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_records, peak_rss_mb, published_of, write_results

from veille.actors.index import index_for
from veille.actors.kb import load_kb
from veille.actors.resolve import resolve_mentions
from veille.nlp import load_pipeline
from veille.places import find_places, load_gazetteer



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="first N articles (default 500)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    records = corpus_records(args.corpus, args.n)
    texts = [r.get("text") or "" for r in records]

    nlp = load_pipeline("fr")
    start = time.perf_counter()
    kb = load_kb()
    index_for(kb, "fr")
    load_gazetteer("fr")
    setup_s = time.perf_counter() - start

    start, cpu = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=64))
    spacy_s, spacy_cpu = time.perf_counter() - start, time.process_time() - cpu

    methods: Counter[str] = Counter()
    n_places = 0
    start, cpu = time.perf_counter(), time.process_time()
    for doc, record in zip(docs, records):
        mentions = resolve_mentions(doc, kb, published=published_of(record.get("date")), language="fr")
        n_places += len(find_places(doc, language="fr", mentions=mentions))
        methods.update(m.method or "?" for m in mentions)
    resolve_s, resolve_cpu = time.perf_counter() - start, time.process_time() - cpu

    words = sum(len(doc) for doc in docs)
    results = {
        "articles": len(docs), "tokens": words,
        "spacy_seconds": round(spacy_s, 3), "resolve_and_places_seconds": round(resolve_s, 3),
        "ratio_resolve_to_spacy": round(resolve_s / spacy_s, 4),
        "spacy_cpu_seconds": round(spacy_cpu, 3), "resolve_cpu_seconds": round(resolve_cpu, 3),
        "ratio_cpu": round(resolve_cpu / spacy_cpu, 4),
        "one_time_setup_seconds": round(setup_s, 3),
        "mentions": sum(methods.values()), "mentions_by_method": dict(methods.most_common()),
        "places": n_places, "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    write_results("actors", results, [
        ("articles / tokens", f"{len(docs)} / {words}"),
        ("spaCy fr_core_news_md nlp.pipe", f"{spacy_s:.2f} s"),
        ("resolve_mentions + find_places", f"{resolve_s:.2f} s"),
        ("ratio (resolution / spaCy), wall", f"{resolve_s / spacy_s:.3f}"),
        ("ratio (resolution / spaCy), CPU time", f"{resolve_cpu / spacy_cpu:.3f}"),
        ("one-time setup (KB, index, gazetteer)", f"{setup_s:.2f} s"),
        ("mentions / places", f"{sum(methods.values())} / {n_places}"),
    ])


if __name__ == "__main__":
    main()
