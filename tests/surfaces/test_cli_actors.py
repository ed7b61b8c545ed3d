"""`veille actors …` in-process: list, show, add, validate, stats, build-countries."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import veille.surfaces.cli  # noqa: F401  (registers every command module on `app`)
from veille.actors.kb import DATA_DIR
from veille.surfaces.cli_app import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["actors", *args], catch_exceptions=False)


def test_list_filters_by_kind_country_and_search():
    result = run("list", "--kind", "armed_group", "--country", "IRQ")
    assert result.exit_code == 0
    assert "IRQREBKH" in result.output and "LBNREBHEZ" not in result.output
    result = run("list", "--search", "Araqchi")
    assert "PERS-IRN-ARAGHCHI-ABBAS" in result.output
    assert "1 actors" in result.output


def test_show_prints_aliases_and_affiliations():
    result = run("show", "IRN")
    assert result.exit_code == 0
    assert "iranienne" in result.output and "Téhéran" in result.output and "(fr)" in result.output
    result = run("show", "PERS-USA-BIDEN-JOE")
    assert "president/head_of_state/head_of_government @ USAGOV" in result.output
    assert "2021-01-20 → 2025-01-20" in result.output


def test_show_unknown_id_fails_with_a_reason():
    result = runner.invoke(app, ["actors", "show", "NOPE"])
    assert result.exit_code == 1
    assert "no actor 'NOPE'" in result.output


def test_add_appends_a_valid_entry_then_it_resolves(tmp_path: Path):
    mine = tmp_path / "my_actors.yaml"
    mine.write_text("# my additions\nactors:\n- {id: IRN, aliases: {fr: [Perse éternelle]}}\n", encoding="utf-8")
    result = run("add", "--id", "IRQREBTEST", "--name", "Test Brigades", "--kind", "armed_group",
                 "--country", "IRQ", "--sector", "REB", "--alias", "fr:Brigades du test",
                 "--alias", "en:Test Brigades Iraq", "--file", str(mine))
    assert result.exit_code == 0, result.output
    text = mine.read_text(encoding="utf-8")
    assert text.startswith("# my additions")  # the user's comments survive
    added = yaml.safe_load(text)["actors"][-1]
    assert added["id"] == "IRQREBTEST" and added["aliases"]["fr"] == ["Brigades du test"]
    assert run("validate", str(mine)).exit_code == 0
    assert "IRQREBTEST" in run("list", "--search", "Brigades du test", "--actors", str(mine)).output


def test_add_refuses_an_entry_that_breaks_the_kb(tmp_path: Path):
    mine = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["actors", "add", "--id", "XXXOTHER", "--name", "Other", "--kind", "militia",
                                 "--alias", "fr:Téhéran", "--file", str(mine)])
    assert result.exit_code == 1
    assert "unknown kind 'militia'" in result.output and "téhéran" in result.output
    assert not mine.exists()


def test_add_rejects_a_malformed_alias(tmp_path: Path):
    result = runner.invoke(app, ["actors", "add", "--id", "X", "--name", "X", "--kind", "other",
                                 "--alias", "Téhéran", "--file", str(tmp_path / "m.yaml")])
    assert result.exit_code == 2
    assert "LANG:TEXT" in result.output


def test_validate_package_and_bad_file(tmp_path: Path):
    ok = run("validate")
    assert ok.exit_code == 0 and "no problems" in ok.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n- {id: BAD, name: Bad, kind: person, parent: NOWHERE}\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "validate", str(bad)])
    assert result.exit_code == 1
    assert "parent 'NOWHERE' is not an actor id" in result.output
    missing = runner.invoke(app, ["actors", "validate", str(tmp_path / "absent.yaml")])
    assert missing.exit_code == 2


def test_stats_counts_kinds_and_aliases():
    result = run("stats")
    assert result.exit_code == 0
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in result.output.splitlines() if line.count("│") == 3}
    assert int(rows["kind:state"]) == 202
    assert int(rows["kind:person"]) >= 150
    assert int(rows["aliases:fr"]) > 1000 and int(rows["aliases:en"]) > 1000


@pytest.mark.parametrize("name", ["countries.yaml"])
def test_build_countries_writes_the_same_file(tmp_path: Path, name: str):
    result = run("build-countries", "--output", str(tmp_path / name))
    assert result.exit_code == 0
    assert (tmp_path / name).read_text(encoding="utf-8") == (DATA_DIR / name).read_text(encoding="utf-8")


def test_add_creates_a_missing_user_file(tmp_path: Path):
    mine = tmp_path / "new.yaml"
    result = run("add", "--id", "NGOTESTWATCH", "--name", "Test Watch", "--kind", "ngo",
                 "--alias", "fr:Observatoire du test", "--file", str(mine))
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(mine.read_text(encoding="utf-8")) == {"actors": [
        {"id": "NGOTESTWATCH", "name": "Test Watch", "kind": "ngo",
         "aliases": {"fr": ["Observatoire du test"]}}]}
