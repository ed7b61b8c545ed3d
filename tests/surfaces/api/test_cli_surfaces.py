"""`veille brief`, `veille serve` options and the loopback check."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))  # the shared store builder beside this file
import crisis_store  # noqa: E402
from veille.surfaces.cli import app
from veille.surfaces.cli_serve import is_loopback

runner = CliRunner()


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True),
                                           ("::1", True), ("0.0.0.0", False),
                                           ("192.168.1.10", False), ("example.org", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_brief_command_writes_html_in_english(tmp_path: Path) -> None:
    db = crisis_store.build_store(tmp_path / "c.duckdb")
    out = tmp_path / "brief.html"
    result = runner.invoke(app, ["brief", "--db", str(db), "--lang", "en", "--format", "html",
                                 "--actors", "IRN,ISR", "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "<h2>Actors</h2>" in html and "&lt;script&gt;" in html
    bad = runner.invoke(app, ["brief", "--db", str(db), "--lang", "de"])
    assert bad.exit_code == 2


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "nowhere" / "x.duckdb")])
    # key words on whitespace-normalised output: Rich wraps at the terminal width
    assert result.exit_code == 2 and "does not exist" in " ".join(result.output.split())
