"""Ingest runs end to end on the real seeds: right dates, no boilerplate, idempotent, atomic."""

from __future__ import annotations

import gzip
import json
import random
from datetime import date
from pathlib import Path

import pytest

from veille.ingest import ReadOptions
from veille.run.runner import RunOptions, analyze_pending, ingest
from veille.store import ArticleQuery, open_store

BOILERPLATE = ("Home Actualité", "Rechercher", "You may also like", "Leave a Comment",
               "Droits d’auteur", "Droits d'auteur",
               "Autres articles qui pourraient vous intéresser")


def test_seeds_store_five_articles_with_their_dates_and_twice_is_still_five(
        seeds_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "v.duckdb"
    with open_store(db) as store:
        first = ingest([str(seeds_dir)], store, run=RunOptions(analyze=False))
        second = ingest([str(seeds_dir)], store, run=RunOptions(analyze=False))
        rows = store.articles(ArticleQuery(limit=10))
        texts = [store.analysis_record(r["id"])["text"] for r in rows]
    assert (first.stored, second.stored, second.already_stored) == (5, 0, 5)
    dates = sorted((str(r["published"]), r["date_precision"]) for r in rows)
    # 001 carries "© 2024" and names past dates of 2024: dated to the year (issue #19)
    assert dates == [("2024-01-01", "year"), ("2024-03-01", "month"), ("2026-02-04", "day"),
                     ("2026-03-04", "day"), ("None", "unknown")]
    for text in texts:
        for line in text.splitlines():
            assert not line.strip().startswith(BOILERPLATE), line


def test_near_duplicates_are_linked_not_analysed_twice(tmp_path: Path) -> None:
    from veille.run.demo import example_articles_dir

    examples = sorted(str(p) for p in example_articles_dir().glob("*.txt"))
    with open_store(tmp_path / "v.duckdb") as store:
        summary = ingest(examples, store, run=RunOptions(analyze=False))
        dups = [r for r in store.articles(ArticleQuery(include_duplicates=True))
                if r["duplicate_of"]]
    assert summary.near_duplicates == 1 and len(dups) == 1
    assert dups[0]["title"].startswith("US, Iranian envoys")


def test_bad_inputs_are_skipped_and_good_ones_kept(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    (tmp_path / "latin1.txt").write_bytes(
        " date 2024-05-17\nLes négociations ont repris à Mascate mardi, a indiqué le "
        "ministère omanais.".encode("latin-1"))
    rng = random.Random(7)
    words = ("Mascate Téhéran Washington pourparlers médiation omanaise milices sanctions "
             "missiles drones négociations nucléaire diplomate").split()
    lines = [json.dumps({"id": str(i), "title": f"t{i}", "date": "2024-05-17",
                         "text": " ".join(rng.choice(words) + str(rng.randrange(10**6))
                                          for _ in range(300))})
             for i in range(200)]
    data = gzip.compress("\n".join(lines).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    with open_store(tmp_path / "v.duckdb") as store:
        summary = ingest([str(tmp_path)], store, run=RunOptions(analyze=False))
        kept = store.stats()["articles"]
    reasons = " | ".join(s.reason for s in summary.skipped)
    assert kept >= 20 and summary.stored == kept  # the latin-1 file + gzip lines before the cut
    assert len(summary.skipped) >= 3, reasons
    origins = {Path(s.origin.split("#")[0]).name for s in summary.skipped}
    assert {"empty.txt", "doc.pdf", "cut.jsonl.gz"} <= origins


def test_interrupt_keeps_committed_batches(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C in the middle: earlier batches stay, the batch in progress leaves no trace."""
    import veille.run.runner as runner

    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(
            f" date 2024-05-1{i}\nArticle {i}: la médiation d'Oman entre Washington et "
            f"Téhéran se poursuit, numéro {i * 104729}.", encoding="utf-8")
    calls = {"n": 0}
    real = runner._record_for

    def interrupt_on_fourth(*args):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(runner, "_record_for", interrupt_on_fourth)
    with open_store(tmp_path / "v.duckdb") as store:
        summary = ingest([str(tmp_path)], store, run=RunOptions(analyze=False, batch_size=2))
        assert summary.interrupted and store.stats()["articles"] == 2


def test_analysis_runs_on_ingest_and_later_on_pending(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        " date 2024-04-14\nL'Iran a lancé samedi soir des missiles et des drones contre "
        "Israël, a annoncé l'armée israélienne.", encoding="utf-8")
    with open_store(tmp_path / "v.duckdb") as store:
        ingest([str(tmp_path)], store, run=RunOptions(analyze=False))
        assert store.stats()["analyzed"] == 0
        assert analyze_pending(store) == 1
        assert store.stats()["analyzed"] == 1
        record = store.analysis_record(store.articles(ArticleQuery())[0]["id"])
    assert record["published"] == "2024-04-14" and record["quality"]["sentences"] >= 1


def test_published_override_applies_to_every_article(seeds_dir: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "v.duckdb") as store:
        ingest([str(seeds_dir)], store, run=RunOptions(analyze=False),
               read=ReadOptions(published=date(2024, 5, 17)))
        rows = store.articles(ArticleQuery())
    assert {str(r["published"]) for r in rows} == {"2024-05-17"}


def test_articles_from_anywhere_are_ingested_and_batches_report_the_analysis_pace(
        tmp_path: Path) -> None:
    """`ingest_articles` takes articles that never were files (the API's posted documents);
    `on_batch` sees each committed batch, the pace at which articles are analysed."""
    from veille.ingest import articles_from_records
    from veille.run.runner import BatchWritten, ingest_articles

    texts = ("Des pourparlers entre les États-Unis et l'Iran doivent se tenir vendredi à Oman.",
             "L'Iran a retiré certains hauts commandants des Gardiens de la révolution.",
             "Les autorités iraniennes ont présenté leur programme de missiles balistiques.")
    records = [{"text": text, "date": f"2024-05-1{i}", "title": f"t{i}"}
               for i, text in enumerate(texts)]
    records.insert(1, {"title": "no text"})
    read_items: list[object] = []
    batches: list[BatchWritten] = []
    with open_store(tmp_path / "v.duckdb") as store:
        summary = ingest_articles(
            articles_from_records(records, "POST /ingest", ReadOptions(), date_origin="api"),
            store, RunOptions(analyze=False, batch_size=2), progress=read_items.append,
            on_batch=batches.append)
        rows = store.articles(ArticleQuery())
    assert (summary.read, summary.stored, len(read_items)) == (3, 3, 4)
    assert [(s.origin, s.reason) for s in summary.skipped] == [
        ("POST /ingest#record 2", "no text in field 'text'")]
    assert batches == [BatchWritten(2, 0, 2), BatchWritten(1, 0, 1)]
    assert sorted(str(r["published"]) for r in rows) == ["2024-05-10", "2024-05-11", "2024-05-12"]


def test_on_batch_counts_analysed_articles(tmp_path: Path) -> None:
    from veille.run.runner import BatchWritten

    (tmp_path / "a.txt").write_text(
        " date 2024-04-14\nL'Iran a lancé samedi soir des missiles et des drones contre "
        "Israël, a annoncé l'armée israélienne.", encoding="utf-8")
    batches: list[BatchWritten] = []
    with open_store(tmp_path / "v.duckdb") as store:
        summary = ingest([str(tmp_path)], store, on_batch=batches.append)
    assert batches == [BatchWritten(1, 1, 1)] and summary.analyzed == 1
