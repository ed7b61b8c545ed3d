"""Actors-stage time with and without the generated Phoenix KB (issue #18), same process.

The first N OrangeSum articles are parsed once by `fr_core_news_md`; then
`resolve_mentions` runs over the very same Docs with the curated KB alone (the KB before
`data/phoenix.yaml`) and with the whole package KB, in alternating rounds, and the best
round of each is kept (CPU time of this process, so other jobs on the machine matter
less). One-time costs (reading the YAML, compiling the index) are reported apart. Usage:

    .venv/bin/python benchmarks/bench_actors_kb.py [--n 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_records, published_of, write_results

from veille.actors.build_phoenix import OUTPUT_NAME
from veille.actors.index import index_for
from veille.actors.kb import _package_files, build_kb
from veille.actors.resolve import resolve_mentions
from veille.nlp import load_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="first N articles (default 200)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    records = corpus_records(args.corpus, args.n)
    nlp = load_pipeline("fr")
    docs = list(nlp.pipe([r.get("text") or "" for r in records], batch_size=64))

    kbs, setup = {}, {}
    files = _package_files()
    for name, chosen in (("curated", [p for p in files if p.name != OUTPUT_NAME]), ("with_phoenix", files)):
        start = time.perf_counter()
        kbs[name] = build_kb(chosen)
        index_for(kbs[name], "fr")
        setup[name] = round(time.perf_counter() - start, 3)

    best = {name: float("inf") for name in kbs}
    mentions = {}
    for _ in range(args.rounds):
        for name, kb in kbs.items():
            cpu = time.process_time()
            found = [resolve_mentions(doc, kb, published=published_of(r.get("date")), language="fr")
                     for doc, r in zip(docs, records)]
            best[name] = min(best[name], time.process_time() - cpu)
            mentions[name] = sum(len(f) for f in found)
    results = {
        "articles": len(docs),
        "actors": {name: len(kb) for name, kb in kbs.items()},
        "setup_s": setup,
        "resolve_cpu_s": {name: round(v, 3) for name, v in best.items()},
        "mentions": mentions,
        "overhead": round(best["with_phoenix"] / best["curated"] - 1, 4),
    }
    table = [("articles", str(len(docs))),
             *((f"actors ({n})", str(len(kb))) for n, kb in kbs.items()),
             *((f"KB load + index, s ({n})", str(v)) for n, v in setup.items()),
             *((f"resolve CPU s, best of {args.rounds} ({n})", f"{v:.3f}") for n, v in best.items()),
             *((f"mentions ({n})", str(v)) for n, v in mentions.items()),
             ("actors-stage overhead of the Phoenix KB", f"{results['overhead']:+.1%}")]
    write_results("actors_kb", results, table)


if __name__ == "__main__":
    main()
