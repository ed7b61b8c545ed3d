"""Is memory flat with corpus size? One whole-pipeline run, RSS sampled against articles read.

A streaming pipeline should hold about the same memory after 20,000 articles as after
2,000. Running twice (2k, then 20k) would compare two peaks with different warm-ups, so
this runs once over the larger corpus and records the process-tree RSS with the number
of articles written to the store so far (counted at `store.write`, after analysis); the
peak up to the checkpoint is compared with the peak over the whole run.

    .venv/bin/python benchmarks/bench_memory.py [--n 20000] [--checkpoint 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, TreeRSS, corpus_or_exit, write_results

from veille.ingest import ReadOptions
from veille.run.runner import RunOptions, ingest
from veille.store import open_store


class RSSCurve(TreeRSS):
    """TreeRSS that also keeps (articles written, tree RSS MB) at every sample."""

    def __init__(self, every_s: float = 1.0) -> None:
        super().__init__(every_s)
        self.written = 0
        self.curve: list[tuple[int, float]] = []
        self.main_curve: list[tuple[int, float]] = []  # the reading/writing process alone
        self.worker_peak_mb = 0.0

    def sampled(self, sizes_mb: dict[int, float], me: int) -> None:
        self.curve.append((self.written, round(sum(sizes_mb.values()), 1)))
        self.main_curve.append((self.written, round(sizes_mb.get(me, 0.0), 1)))
        self.worker_peak_mb = max([self.worker_peak_mb,
                                   *(v for pid, v in sizes_mb.items() if pid != me)])


def peak_until(curve: list[tuple[int, float]], articles: int) -> float:
    return max((mb for read, mb in curve if read <= articles), default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--checkpoint", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)

    with tempfile.TemporaryDirectory() as tmp, RSSCurve() as rss:
        store = open_store(Path(tmp) / "bench.duckdb")
        write = store.write

        def counted_write(batch: list) -> int:
            before, rss.written = rss.written, rss.written + len(batch)
            if rss.written // 1000 > before // 1000:
                print(f"{rss.written} written, tree RSS {rss.curve[-1][1] if rss.curve else 0:.0f} MB",
                      flush=True)
            return write(batch)

        store.write = counted_write  # type: ignore[method-assign]
        start = time.perf_counter()
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=args.n),
                         run=RunOptions(workers=args.workers, batch_size=64))
        seconds = time.perf_counter() - start
        store.close()

    at_checkpoint = peak_until(rss.curve, args.checkpoint)
    growth = rss.peak_mb / at_checkpoint - 1 if at_checkpoint else float("nan")
    results = {
        "articles_read": summary.read, "analyzed": summary.analyzed, "workers": args.workers,
        "seconds": round(seconds, 1), "articles_per_s": round(summary.analyzed / seconds, 2),
        "checkpoint": args.checkpoint, "peak_rss_mb_at_checkpoint": round(at_checkpoint),
        "peak_rss_mb_whole_run": round(rss.peak_mb), "growth": round(growth, 3),
        "main_peak_mb_at_checkpoint": round(peak_until(rss.main_curve, args.checkpoint)),
        "main_peak_mb_whole_run": round(max((mb for _, mb in rss.main_curve), default=0)),
        "largest_process_peak_mb": round(max(rss.worker_peak_mb, max(
            (mb for _, mb in rss.main_curve), default=0))),
        "curve": rss.curve[:: max(1, len(rss.curve) // 400)],
        "main_curve": rss.main_curve[:: max(1, len(rss.main_curve) // 400)],
    }
    table = [
        ("articles read / analysed / workers", f"{summary.read} / {summary.analyzed} / {args.workers}"),
        (f"peak tree RSS up to {args.checkpoint} articles written", f"{at_checkpoint:.0f} MB"),
        (f"peak tree RSS over all {summary.read}", f"{rss.peak_mb:.0f} MB"),
        ("growth", f"{growth:+.1%}"),
        ("main process peak: up to checkpoint / whole run",
         f"{results['main_peak_mb_at_checkpoint']} MB / {results['main_peak_mb_whole_run']} MB"),
        ("articles/s", f"{summary.analyzed / seconds:.1f}"),
    ]
    write_results("memory", results, table)


if __name__ == "__main__":
    main()
