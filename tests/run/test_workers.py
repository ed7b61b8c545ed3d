"""Worker processes give the same analyses, in the same order, as one process."""

from __future__ import annotations

from veille.run.workers import Analyzer, chunked
from veille.model import Article

TEXTS = [
    "Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman.",
    "L'Iran a lancé des missiles et des drones contre Israël. Israël a intercepté la plupart.",
    "Le Premier ministre irakien a salué la décision des milices.",
    "Les États-Unis et l'Irak sont sur le point d'entamer des discussions.",
    "Iran rejected that demand, according to a senior Iranian official.",
]


def test_chunked_keeps_every_item_in_order() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []


def test_two_workers_match_one_process_in_order() -> None:
    articles = [Article(text=t, language="en" if t.startswith("Iran ") else "fr") for t in TEXTS]
    batches = list(chunked(articles, 2))
    with Analyzer(workers=1) as one:
        serial = [a.to_dict() for batch in one.map(batches) for a in batch]
    with Analyzer(workers=2) as two:
        parallel = [a.to_dict() for batch in two.map(batches) for a in batch]
    assert [r["text"] for r in parallel] == TEXTS
    assert parallel == serial
