"""Fixtures for the reliability suite: the store tests' local PostgreSQL server, reused.

tests/store/conftest.py is loaded under another module name (test folders are not
packages), so its `postgres_server` / `pg_url` fixtures serve this folder too.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "veille_store_conftest", Path(__file__).resolve().parents[1] / "store" / "conftest.py")
assert _spec is not None and _spec.loader is not None
_store_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store_conftest)

postgres_server = _store_conftest.postgres_server
pg_url = _store_conftest.pg_url
db = _store_conftest.db


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Inputs tried per reader / stage and the slowest one: the figures the issue asks for."""
    import sys

    support = sys.modules.get("fuzz_support")  # imported only when fuzz tests ran
    if support is None or not support.TRIED:
        return
    TRIED, SLOWEST = support.TRIED, support.SLOWEST
    terminalreporter.section("fuzz inputs tried")
    for name, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"{name:<28} {count:>7} inputs, slowest {SLOWEST[name]:.2f} s")
