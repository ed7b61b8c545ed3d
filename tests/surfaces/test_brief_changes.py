"""What changed since the last brief, on the seeds as a user would meet it: ingest three
seed articles, `veille brief --save iran`, ingest the other two, `veille brief --since-last
iran` (the section lists what the two new articles brought, each line linked to its
sentence), then once more with nothing ingested (it says nothing is new)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote

import pytest
from typer.testing import CliRunner

from veille.store import open_store
from veille.surfaces.brief.changes import load_selection
from veille.surfaces.cli import app

runner = CliRunner()
LINK = re.compile(r"\]\((http://[^)]+/ui/#[^)]+)\)")


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(text: str, title: str) -> str:
    return text.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


@pytest.fixture(scope="module")
def briefs(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The briefs of one saved selection: saved on seeds 000–002, then after 003 and 004
    came in (French), then again with nothing new (English)."""
    db = str(tmp_path_factory.mktemp("changes") / "seeds.duckdb")
    seeds = sorted(str(p) for p in seeds_dir.iterdir())
    _ok(["ingest", *seeds[:3], "--db", db, "--workers", "1"])
    out = {"saved": _ok(["brief", "--db", db, "--save", "iran"])}
    _ok(["ingest", *seeds[3:], "--db", db, "--workers", "1"])
    out["since"] = _ok(["brief", "--db", db, "--since-last", "iran"])
    out["again"] = _ok(["brief", "--db", db, "--since-last", "iran", "--lang", "en"])
    with open_store(db) as store:
        out["texts"] = {r["id"]: r["text"] for r in store.rows("SELECT id, text FROM articles")}
        out["snapshot"] = load_selection(store, "iran").snapshot
    out["db"] = db
    return out


def _cited(line: str, texts: dict[str, str]) -> list[str]:
    """The article sentences a brief line links to, read back through its links."""
    found = []
    for link in LINK.findall(line):
        q = parse_qs(unquote(link.split("#", 1)[1]))
        found.append(texts[q["article"][0]][int(q["start"][0]):int(q["end"][0])])
    return found


def test_saved_brief_has_no_changes_section(briefs) -> None:
    assert "## Ce qui a changé" not in briefs["saved"]


def test_since_last_lists_the_new_articles_and_actors(briefs) -> None:
    """Seeds 003 and 004 are the new articles; 004 names Pakistan, Qatar and Egypt among
    the mediators, which seeds 000–002 never did; Iran is named in both new articles."""
    section = _section(briefs["since"], "Ce qui a changé depuis le dernier brief")
    lines = section.splitlines()
    assert "- 2 nouvel(s) article(s)" in section
    assert sum(line.startswith("- Nouvel article : ") for line in lines) == 2
    assert "USA et Iran se retrouvent à Oman" in section
    for name, code in (("Pakistan", "PAK"), ("Qatar", "QAT"), ("Égypte", "EGY")):
        [line] = [x for x in lines if x.startswith(f"- Nouvel acteur : {name} ({code})")]
        [sentence] = _cited(line, briefs["texts"])
        assert name in sentence
    [iran] = [x for x in lines if x.startswith("- Iran (IRN) : 3 → 5 article(s)")]
    assert _cited(iran, briefs["texts"])
    assert "Nouvelle date clé, 2026-02-04" in section
    for line in lines:  # every line but the counts is linked to its sentence
        if line.startswith("- ") and "nouvel(s) article(s)" not in line \
                and "autre(s)" not in line:
            assert LINK.search(line), line


def test_since_last_with_nothing_new_says_so_and_keeps_the_snapshot(briefs) -> None:
    section = _section(briefs["again"], "What changed since the last brief")
    assert "- Nothing new since the brief of" in section
    assert "Nouvel" not in section and "nouvel" not in section
    snap = briefs["snapshot"]
    assert len(snap["articles"]) == 5 and snap["actors"]["IRN"][0] == 5


def test_since_last_refuses_an_unknown_name_or_new_filters(briefs) -> None:
    unknown = runner.invoke(app, ["brief", "--db", briefs["db"], "--since-last", "gaza"])
    assert unknown.exit_code != 0 and "iran" in unknown.output
    mixed = runner.invoke(app, ["brief", "--db", briefs["db"], "--since-last", "iran",
                                "--query", "Oman"])
    assert mixed.exit_code != 0 and "--since-last" in mixed.output
