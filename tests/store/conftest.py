"""A throw-away local PostgreSQL server for the store tests, and the engine-parametrized `db`.

The server is Debian's `postgresql` package run from a temporary folder: initdb, then
pg_ctl with a unix socket only (no TCP port is opened), `fsync=off` because the data
dies with the test session. initdb and postgres refuse to run as root, so under root
they run as the `postgres` system user. Without the package the PostgreSQL tests skip,
unless CI=true, where the fixture installs it with apt-get.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = ("PostgreSQL not installed: apt-get install postgresql, "
                "or set CI=true to let the tests install it")
PG_ROOT = Path("/usr/lib/postgresql")


def _pg_bin() -> Path | None:
    """The bin folder of the newest PostgreSQL installed from Debian packages."""
    found = [p.parent for p in PG_ROOT.glob("*/bin/pg_ctl")]
    found.sort(key=lambda p: [int(x) for x in p.parent.name.split(".") if x.isdigit()])
    return found[-1] if found else None


def _install_postgresql() -> None:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "postgresql"]):
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, timeout=600)


def _as_postgres(cmd: list[str]) -> list[str]:
    """`cmd` run as the postgres system user when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _free_port() -> int:
    """A port number nobody uses (it only names the unix socket: no TCP port is opened)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """One server in a temporary folder: `start()`, `create_database()`, `stop()`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="veille-pg-"))  # /tmp: reachable by postgres
        self.data, self.port = self.root / "data", _free_port()
        self.user = "postgres" if os.geteuid() == 0 else os.environ.get("USER", "postgres")

    def _run(self, *cmd: str) -> None:
        done = subprocess.run(_as_postgres([str(self.bin / cmd[0]), *cmd[1:]]),
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", self.user, "--auth=trust",
                  "--encoding=UTF8", "--no-locale", "--no-sync")
        options = (f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.root / "server.log"), "-w", "start")

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@/{dbname}?host={self.root}&port={self.port}"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = "veille_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as con:
            con.execute(f"CREATE DATABASE {name} STRATEGY FILE_COPY")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """A PostgreSQL server for the whole session (skips, with the reason, when unavailable)."""
    bin_dir = _pg_bin()
    if bin_dir is None and os.environ.get("CI", "").lower() in ("true", "1"):
        _install_postgresql()
        bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(INSTALL_HINT)
    server = LocalPostgres(bin_dir)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        server.stop()
        pytest.skip(f"cannot start a local PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres_server: LocalPostgres) -> str:
    """The URL of an empty database of its own for one test."""
    return postgres_server.create_database()


@pytest.fixture(params=["duckdb", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A store target for each engine: a DuckDB file path, then a PostgreSQL URL."""
    if request.param == "duckdb":
        return str(tmp_path / "v.duckdb")
    return request.getfixturevalue("pg_url")
