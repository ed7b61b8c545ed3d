"""The English gold (issue #24): its split is fixed by crisis, its files load and agree."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from veille.eval.actors import load_gold as load_actors, read_document
from veille.eval.claims import load_gold as load_claims
from veille.eval.time import load_gold as load_times

EN = Path(__file__).resolve().parents[1] / "data" / "en"


def test_twenty_articles_ten_per_split() -> None:
    docs = load_claims(EN / "claims_gold_en.jsonl")
    assert Counter(d.split for d in docs) == {"en-dev": 10, "en-heldout": 10}
    assert {d.language for d in docs} == {"en"}


def test_actor_rows_point_at_their_words_in_the_shipped_documents() -> None:
    rows = load_actors(EN / "actors_gold_en.tsv")
    assert len(rows) == 254 and {r.language for r in rows} == {"en"}
    for row in rows:
        doc = read_document(row.doc, Path("/nonexistent"), gold_dir=EN)
        assert doc.text[row.start:row.end] == row.mention
        assert doc.published is not None


def test_time_rows_are_english_splits() -> None:
    rows = load_times(EN / "time_gold_en.tsv")
    assert len(rows) == 75 and {r.split for r in rows} == {"en-dev", "en-heldout"}
