"""The CLI's shape, checked: one date parser (in cli_common), no command module importing
another, and every date option taking the same forms with the same message."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import veille.surfaces
from veille.surfaces.cli import app
from veille.surfaces.cli_common import first_day, last_day, parse_period

SURFACES = Path(veille.surfaces.__file__).parent
#: Modules that are not command modules: the entry point, the assembly, the shared helpers.
NOT_COMMANDS = {"cli", "cli_app", "cli_common"}
#: What parses a date from text (functions, then libraries); only cli_common may use them.
DATE_PARSERS = {"fromisoformat", "strptime", "parse_partial_date", "parse_anchor"}
DATE_LIBRARIES = {"dateparser", "dateutil"}
#: Words that name a date parser (`_day`, `parse_date`, `to_period`…), not a duration.
DATE_WORDS = {"date", "day", "period", "published"}

runner = CliRunner()


def _cli_modules() -> dict[str, ast.Module]:
    return {p.stem: ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(SURFACES.glob("cli*.py"))}


def _imported_modules(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "veille.surfaces":  # from veille.surfaces import cli_x
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_layout_has_the_expected_modules() -> None:
    assert {"cli_common", "cli_ingest", "cli_query", "cli_eval", "cli_serve",
            "cli_actors"} <= set(_cli_modules())


def test_only_cli_common_parses_dates() -> None:
    offenders = {}
    for name, tree in _cli_modules().items():
        if name == "cli_common":
            continue
        used = {n.attr if isinstance(n, ast.Attribute) else n.id
                for n in ast.walk(tree) if isinstance(n, (ast.Attribute, ast.Name))}
        used |= {alias.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
                 for alias in n.names}
        found = (used & DATE_PARSERS) | {m.split(".")[0] for m in _imported_modules(tree)
                                         if m.split(".")[0] in DATE_LIBRARIES}
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
                   and set(n.name.lower().split("_")) & DATE_WORDS}
        if found or defined:
            offenders[name] = sorted(found | defined)
    assert not offenders, f"date parsing outside cli_common: {offenders}"


def test_no_command_module_imports_another() -> None:
    modules = _cli_modules()
    commands = set(modules) - NOT_COMMANDS
    for name, tree in modules.items():
        if name in ("cli", "cli_app"):
            continue  # the entry point and the assembly import the command modules
        imported = {m.rsplit(".", 1)[-1] for m in _imported_modules(tree)
                    if m.startswith("veille.surfaces.cli")}
        allowed = set() if name == "cli_common" else {"cli_common"}
        assert imported <= allowed, f"{name} imports {sorted(imported - allowed)}"
    assert commands, "no command module found"


@pytest.mark.parametrize("text,first,last,precision", [
    ("2024-05-17", date(2024, 5, 17), date(2024, 5, 17), "day"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2023", date(2023, 1, 1), date(2023, 12, 31), "year"),
])
def test_one_parser_takes_day_month_and_year(text: str, first: date, last: date,
                                             precision: str) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.first, period.last, period.precision) == (first, last, precision)
    assert first_day(text) == first and last_day(text) == last


@pytest.mark.parametrize("text", ["17/05/2024", "2024-13", "May 2024", "2024-05-32"])
def test_one_parser_refuses_the_rest_with_one_message(text: str) -> None:
    with pytest.raises(typer.BadParameter, match="is not a date"):
        parse_period(text)
    assert parse_period("") is None and parse_period(None) is None


@pytest.mark.parametrize("args", [
    ["articles", "--from", "05/2024"],
    ["articles", "--to", "05/2024"],
    ["events", "--from", "05/2024"],
    ["timeline", "--from", "05/2024"],
    ["brief", "--to", "05/2024"],
    ["contested", "--from", "05/2024"],
    ["escalation", "--actors", "USA", "--end", "05/2024"],
    ["annotate", "x.txt", "--published", "05/2024"],
    ["time", "hier", "--date", "05/2024"],
])
def test_every_date_option_gives_the_same_usage_error(args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "v.duckdb")]
                           if args[0] not in ("annotate", "time") else args)
    assert result.exit_code == 2
    assert "is not a date" in _unboxed(result.output)


def _unboxed(text: str) -> str:
    """The text without Rich's box and its line breaks, which depend on the width."""
    return re.sub(r"[\s│╭╮╰╯─]+", " ", text)
