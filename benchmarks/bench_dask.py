"""`veille batch --engine dask` throughput with 1 and with 2 local workers, same run.

Each run starts a fresh LocalCluster and a fresh store, so model loading on the workers
is counted (as a user would see it); use enough articles for it to amortize.

    .venv/bin/python benchmarks/bench_dask.py [--n 600] [--partition-size 50]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_or_exit, write_results

from veille.run.dask_engine import DaskOptions, run_dask
from veille.ingest import ReadOptions
from veille.store import open_store


def one_run(corpus: Path, n: int, workers: int, partition_size: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        options = DaskOptions(out=Path(tmp) / "out", workers=workers,
                              partition_size=partition_size, keep_outputs=False)
        start = time.perf_counter()
        summary = run_dask([str(corpus)], store, options, read=ReadOptions(limit=n))
        seconds = time.perf_counter() - start
        store.close()
    return seconds, summary.analyzed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)
    one_s, analyzed = one_run(corpus, args.n, 1, args.partition_size)
    two_s, _ = one_run(corpus, args.n, 2, args.partition_size)
    results = {"articles": analyzed, "partition_size": args.partition_size,
               "one_worker_seconds": round(one_s, 1), "two_workers_seconds": round(two_s, 1),
               "one_worker_articles_per_s": round(analyzed / one_s, 2),
               "two_workers_articles_per_s": round(analyzed / two_s, 2),
               "speedup": round(one_s / two_s, 2)}
    write_results("dask", results, [
        ("articles analysed", str(analyzed)),
        ("1 worker, articles/s", f"{results['one_worker_articles_per_s']:.2f}"),
        ("2 workers, articles/s", f"{results['two_workers_articles_per_s']:.2f}"),
        ("speed-up", f"{results['speedup']:.2f}×"),
    ])


if __name__ == "__main__":
    main()
