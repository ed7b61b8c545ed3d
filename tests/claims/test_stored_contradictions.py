"""Contradictions across stored articles: two outlets, two speakers, 99 % against half."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401
from veille.surfaces.cli_app import app

ISRAEL = (" date 2024-04-14\nL'armée israélienne a déclaré avoir intercepté 99 % des missiles "
          "et drones iraniens lancés samedi soir.")
IRAN = (" date 2024-04-15\nLa télévision iranienne a affirmé que la moitié des missiles et "
        "drones ont atteint leurs cibles en Israël.")


def test_contested_links_claims_of_two_stored_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ISRAEL, encoding="utf-8")
    (tmp_path / "b.txt").write_text(IRAN, encoding="utf-8")
    db = str(tmp_path / "v.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["contested", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 cross-article contested pairs")
    from veille.store import ArticleQuery, open_store

    with open_store(db, read_only=True) as store:
        records = [store.analysis_record(r["id"]) for r in store.articles(ArticleQuery())]
    links = [link for r in records for c in r["claims"] for link in c["contested_with"]]
    assert len(links) == 2 and {link["reason"] for link in links} == {"quantity"}
    again = runner.invoke(app, ["contested", "--db", db])  # idempotent: no duplicate link
    with open_store(db, read_only=True) as store:
        records = [store.analysis_record(r["id"]) for r in store.articles(ArticleQuery())]
    assert sum(len(c["contested_with"]) for r in records for c in r["claims"]) == 2
    assert again.exit_code == 0
