"""Shared helpers for the benchmark scripts: corpus access, peak memory, result files."""

from __future__ import annotations

import gzip
import itertools
import json
import platform
import resource
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "orangesum_fr.jsonl.gz"
RESULTS = REPO / "benchmarks" / "results"


def corpus_or_exit(path: Path) -> Path:
    if not path.is_file():
        sys.exit(f"corpus not found: {path} (pass --corpus PATH)")
    return path


def first_lines(path: Path, n: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(itertools.islice(handle, n))


def published_of(raw: str | None) -> date | None:
    """The `date` field of a corpus record as a date (None when absent or malformed)."""
    try:
        return date.fromisoformat((raw or "")[:10])
    except ValueError:
        return None


def corpus_records(path: Path, n: int) -> list[dict[str, Any]]:
    """The first `n` records of a JSONL(.gz) corpus, exiting with a message if it is absent."""
    return [json.loads(line) for line in first_lines(corpus_or_exit(path), n)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_results(name: str, results: dict[str, Any], table: list[tuple[str, str]]) -> Path:
    """JSON for machines, a short Markdown table for people; both in benchmarks/results/."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = {"benchmark": name, "python": platform.python_version(),
               "machine": platform.machine(), **results}
    json_path = RESULTS / f"{name}.json"
    json_path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    lines = ["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in table)]
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return json_path


class TreeRSS:
    """Samples the resident memory of this process and all its descendants (Linux /proc).

    `resource.getrusage` only reports the largest single child; worker pools need the
    sum over the tree at the same instant, so we sample it from a thread.
    """

    def __init__(self, every_s: float = 0.2) -> None:
        import threading

        self.peak_mb = 0.0
        self._every = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "TreeRSS":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import os

        me = os.getpid()
        while not self._stop.is_set():
            sizes = {pid: _rss_kb(pid) / 1024 for pid in _tree(me)}
            self.peak_mb = max(self.peak_mb, sum(sizes.values()))
            self.sampled(sizes, me)
            self._stop.wait(self._every)

    def sampled(self, sizes_mb: dict[int, float], me: int) -> None:
        """Called with each sample's RSS per process (MB); subclasses keep what they need."""


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo.extend(int(c) for c in task.read_text().split())
            except OSError:
                pass
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
