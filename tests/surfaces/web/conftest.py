"""Browser fixtures: the system Chromium (installed here on CI), and the app served by
uvicorn on 127.0.0.1 in a thread."""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "api"))
import crisis_store  # noqa: E402

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """The app over the store at `db`, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    from veille.surfaces.api import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = crisis_store.build_store(tmp_path_factory.mktemp("web") / "crisis.duckdb")
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $VEILLE_SCREENSHOTS, else a pytest temporary folder."""
    target = os.environ.get("VEILLE_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


REPO = Path(__file__).parents[3]


@pytest.fixture(scope="session")
def dashboard_artifacts(request: pytest.FixtureRequest) -> Iterator[Path]:
    """Where the panel screenshots go: $VEILLE_DASHBOARD_ARTIFACTS, else test-artifacts/
    dashboard/ in the checkout (git-ignored); the path is printed at the end of the run."""
    path = Path(os.environ.get("VEILLE_DASHBOARD_ARTIFACTS") or REPO / "test-artifacts" / "dashboard")
    path.mkdir(parents=True, exist_ok=True)
    yield path
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    shots = sorted(path.glob("*.png"))
    if reporter is not None:
        reporter.write_line(f"dashboard screenshots: {len(shots)} in {path}")
