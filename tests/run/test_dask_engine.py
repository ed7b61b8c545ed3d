"""Dask batch on a LocalCluster: Parquet partitioned by date, loaded into the store, re-runnable."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from veille.run.dask_engine import DaskOptions, run_dask
from veille.ingest import ReadOptions
from veille.store import open_store

pytest.importorskip("dask.distributed")

ARTICLES = [
    ("2024-04-13", "L'Iran a lancé samedi soir des missiles et des drones contre Israël, a "
                   "annoncé l'armée israélienne."),
    ("2024-04-14", "Les États-Unis ont appelé à la retenue après l'attaque iranienne contre "
                   "Israël, a déclaré la Maison-Blanche."),
    ("2024-04-14", "Le sultanat d'Oman a proposé sa médiation entre Téhéran et Washington "
                   "pour éviter une escalade régionale."),
    ("2024-04-19", "Une frappe a visé une base militaire près d'Ispahan, selon des médias "
                   "iraniens cités par Reuters."),
    ("2024-04-19", "Une frappe a visé une base militaire près d'Ispahan, selon des médias "
                   "iraniens cités par Reuters."),  # exact duplicate under another id
]


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps({"id": str(i), "date": d, "text": t, "url":
                                          f"https://example.org/{i}"})
                              for i, (d, t) in enumerate(ARTICLES)), encoding="utf-8")
    return path


def test_local_cluster_writes_dated_parquet_and_loads_the_store(tmp_path: Path) -> None:
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    options = DaskOptions(out=out, workers=2, partition_size=2)
    events: list[str] = []
    with open_store(tmp_path / "v.duckdb") as store:
        summary = run_dask([str(corpus)], store, options, read=ReadOptions(language="fr"),
                           on_ready=lambda: events.append("ready"),
                           progress=lambda n: events.append("partition"))
        stats = store.stats()
        again = run_dask([str(corpus)], store, options, read=ReadOptions(language="fr"))
        assert store.stats()["articles"] == 5
    assert (summary.read, summary.stored, summary.analyzed) == (5, 5, 4)
    assert summary.exact_duplicates == 1 and again.already_stored == 5 and again.stored == 0
    assert stats["mentions"] > 0 and stats["analyzed"] == 4
    assert events[0] == "ready" and events.count("ready") == 1 and "partition" in events
    dates = sorted(p.name for p in (out / "articles").iterdir())
    assert dates == ["date=2024-04-13", "date=2024-04-14", "date=2024-04-19"]
    rows = pq.read_table(out / "articles" / "date=2024-04-14").to_pylist()
    assert len(rows) == 2 and all(r["language"] == "fr" for r in rows)
