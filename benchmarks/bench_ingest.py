"""Ingest throughput without NLP: read → clean → date → language → dedup → DuckDB.

Baseline measured in the same run: decompressing and `json.loads`-ing the same lines,
the floor any JSONL ingest pays. CPU time is reported beside wall time: on a shared
machine it is the figure that does not depend on what else runs. Usage:

    .venv/bin/python benchmarks/bench_ingest.py [--n 5000] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_or_exit, first_lines, peak_rss_mb, write_results

from veille.ingest import ReadOptions
from veille.ingest.templates import LineMemory
from veille.run.runner import RunOptions, ingest
from veille.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000, help="first N articles (default 5000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-templates", action="store_true",
                        help="without the template-line memory `veille ingest` uses by default")
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)

    start = time.perf_counter()
    parsed = [json.loads(line) for line in first_lines(corpus, args.n)]
    baseline_s = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        start, cpu = time.perf_counter(), time.process_time()
        memory = None if args.no_templates else LineMemory()  # as `veille ingest` does
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=args.n, line_memory=memory),
                         run=RunOptions(analyze=False, batch_size=1000))
        ingest_s = time.perf_counter() - start
        cpu_s = time.process_time() - cpu
        store.close()

    rate = summary.read / ingest_s
    results = {
        "articles": summary.read, "stored": summary.stored,
        "exact_duplicates": summary.exact_duplicates,
        "near_duplicates": summary.near_duplicates, "skipped": len(summary.skipped),
        "ingest_seconds": round(ingest_s, 2), "ingest_articles_per_s": round(rate, 1),
        "ingest_cpu_seconds": round(cpu_s, 2),
        "ingest_articles_per_cpu_s": round(summary.read / cpu_s, 1),
        "baseline_json_seconds": round(baseline_s, 2),
        "baseline_articles_per_s": round(len(parsed) / baseline_s, 1),
        "ratio_to_baseline": round(rate / (len(parsed) / baseline_s), 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    write_results("ingest", results, [
        ("articles", str(summary.read)),
        ("ingest (no NLP), articles/s", f"{rate:.0f}"),
        ("ingest (no NLP), articles per CPU-second", f"{summary.read / cpu_s:.0f}"),
        ("baseline gzip+json.loads, articles/s", f"{results['baseline_articles_per_s']:.0f}"),
        ("near / exact duplicates", f"{summary.near_duplicates} / {summary.exact_duplicates}"),
        ("peak RSS", f"{results['peak_rss_mb']:.0f} MB"),
    ])


if __name__ == "__main__":
    main()
