"""How much claim extraction adds to spaCy's own time, on the same OrangeSum documents.

    python benchmarks/bench_claims.py [--n 500] [--data ../shared/data/orangesum_fr.jsonl.gz]

Runs `fr_core_news_md` over the first N articles with `nlp.pipe`, then `extract_claims`
and `quality_profile` on the resulting docs, in the same process; prints both times and
their ratio and writes the figures to benchmarks/results/claims-<timestamp>.json.
The issue's budget: claims add no more than 15 % to spaCy's time. Both wall-clock and
process CPU time are reported: on a shared machine the CPU ratio is the steadier one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import time
from itertools import islice
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "orangesum_fr.jsonl.gz"
RESULTS = REPO / "benchmarks" / "results"


def read_texts(path: Path, n: int) -> list[str]:
    """The `text` field of the first `n` articles of a gzipped JSONL file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line in islice(handle, n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="number of articles (default 500)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="OrangeSum JSONL.gz")
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    from veille.claims import extract_claims, quality_profile
    from veille.nlp import load_pipeline

    texts = read_texts(args.data, args.n)
    nlp = load_pipeline("fr")
    nlp("Échauffement du pipeline.")
    extract_claims(nlp("Selon un responsable, le pipeline est chaud."), language="fr")

    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    spacy_s, spacy_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    n_claims = 0
    for doc in docs:
        claims = extract_claims(doc, language="fr")
        quality_profile(doc, claims, language="fr")
        n_claims += len(claims)
    claims_s, claims_cpu = time.perf_counter() - t0, time.process_time() - c0

    result = {
        "articles": len(texts), "characters": sum(map(len, texts)), "claims": n_claims,
        "spacy_seconds": round(spacy_s, 3), "claims_seconds": round(claims_s, 3),
        "ratio": round(claims_s / spacy_s, 4), "budget": 0.15,
        "spacy_cpu_seconds": round(spacy_cpu, 3), "claims_cpu_seconds": round(claims_cpu, 3),
        "cpu_ratio": round(claims_cpu / spacy_cpu, 4),
        "pipeline": nlp.meta.get("name"), "python": platform.python_version(),
        "machine": platform.machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"claims-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"spaCy ({result['pipeline']}): {spacy_s:.2f} s for {len(texts)} articles")
    print(f"claims + quality:        {claims_s:.2f} s ({n_claims} claims)")
    print(f"ratio: {result['ratio']:.1%} of spaCy's wall time, {result['cpu_ratio']:.1%} of its CPU time "
          f"(budget 15%) -> {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
