"""Shared fixtures: the repo's small fixtures, ../shared/data when present, and one spaCy load."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = REPO.parent / "shared" / "data"


#: Width the CLI's consoles print at under test: no message is ever wrapped.
CLI_TEST_WIDTH = 10_000


@pytest.fixture(autouse=True)
def unwrapped_cli_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps what the CLI prints at the terminal's width (COLUMNS, or the terminal
    pytest itself runs in), so an assertion on a message naming a long temporary path
    would pass or fail with the terminal and the checkout's depth (issue #22). Under test
    every Rich console of `veille.surfaces` prints one line per message."""
    from rich.console import Console

    for name, module in list(sys.modules.items()):
        if name.startswith("veille.surfaces") and module is not None:
            for value in list(vars(module).values()):
                if isinstance(value, Console):
                    monkeypatch.setattr(value, "_width", CLI_TEST_WIDTH)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data beside the checkout; tests that need it skip on a user's fresh clone."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA} (only present on the project's CI)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def seeds_dir(shared_data: Path) -> Path:
    path = shared_data / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not found at {path}")
    return path


@pytest.fixture(scope="session")
def nlp_fr():
    """The French spaCy pipeline, loaded once for the whole test session."""
    from veille.nlp import load_pipeline

    return load_pipeline("fr")


@pytest.fixture(scope="session")
def nlp_en():
    from veille.nlp import load_pipeline

    return load_pipeline("en")


# --- one headless Chromium for every browser suite (the dashboard and its security tests):
# two session-scoped Playwright instances in one process cannot coexist.

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the dashboard in headless Chromium")


def _chromium() -> str:
    """The Debian chromium, installed with apt on CI (CI=true); skip elsewhere if absent."""
    if not Path(CHROMIUM).exists() and os.environ.get("CI") == "true" and shutil.which("apt-get"):
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                       "chromium chromium-driver", shell=True, check=False, timeout=600)
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium chromium-driver; "
                    "CI installs it when CI=true)")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    path = _chromium()
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=FLAGS, headless=True)
        yield b
        b.close()
