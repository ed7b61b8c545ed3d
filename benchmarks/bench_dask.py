"""`veille batch --engine dask` throughput with 1 and with 2 local workers, same run.

Each run starts a fresh LocalCluster and a fresh store. The workers load the pipeline
(model, knowledge base, gazetteers) before the first partition (`DaskOptions.warm`); the
speed-up is timed from then, since start-up is paid once per worker whatever the corpus
size; the time from the very start (what a user waits for) is reported beside it.

    .venv/bin/python benchmarks/bench_dask.py [--n 2400] [--partition-size 50]
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


def one_run(corpus: Path, n: int, workers: int,
            partition_size: int) -> tuple[float, float, int]:
    """Seconds from the start, seconds from the workers being warm, articles analysed."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        options = DaskOptions(out=Path(tmp) / "out", workers=workers,
                              partition_size=partition_size, keep_outputs=False)
        ready: list[float] = []
        start = time.perf_counter()
        summary = run_dask([str(corpus)], store, options, read=ReadOptions(limit=n),
                           on_ready=lambda: ready.append(time.perf_counter()))
        end = time.perf_counter()
        store.close()
    return end - start, end - ready[0], summary.analyzed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2400)
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)
    one_total, one_s, analyzed = one_run(corpus, args.n, 1, args.partition_size)
    two_total, two_s, _ = one_run(corpus, args.n, 2, args.partition_size)
    results = {"articles": analyzed, "partition_size": args.partition_size,
               "one_worker_seconds": round(one_s, 1), "two_workers_seconds": round(two_s, 1),
               "one_worker_articles_per_s": round(analyzed / one_s, 2),
               "two_workers_articles_per_s": round(analyzed / two_s, 2),
               "speedup": round(one_s / two_s, 2),
               "one_worker_seconds_from_start": round(one_total, 1),
               "two_workers_seconds_from_start": round(two_total, 1),
               "speedup_from_start": round(one_total / two_total, 2)}
    write_results("dask", results, [
        ("articles analysed", str(analyzed)),
        ("1 worker, articles/s (workers warm)", f"{results['one_worker_articles_per_s']:.2f}"),
        ("2 workers, articles/s (workers warm)", f"{results['two_workers_articles_per_s']:.2f}"),
        ("speed-up (workers warm)", f"{results['speedup']:.2f}×"),
        ("speed-up from the start (cluster and model loading included)",
         f"{results['speedup_from_start']:.2f}×"),
    ])


if __name__ == "__main__":
    main()
