"""`veille.run.annotate`: records in input order, skipped inputs routed aside."""

from __future__ import annotations

from pathlib import Path

from veille.ingest import Skipped
from veille.run.annotate import annotate


def test_annotate_yields_records_and_reports_skips(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2026-02-04\nL'Iran et Oman se parlent.",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    skipped: list[Skipped] = []
    records = list(annotate([str(tmp_path)], on_skip=skipped.append))
    assert [r["published"] for r in records] == ["2026-02-04"]
    assert {"mentions", "times", "events", "claims", "quality"} <= set(records[0])
    assert [Path(s.origin).name for s in skipped] == ["b.txt"]
