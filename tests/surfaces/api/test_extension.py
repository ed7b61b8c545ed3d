"""Adding an endpoint (#17): a toy router mounted through `create_app(routers=...)` or the
`veille.api` entry points reads the store through the public query layer, appears in the
OpenAPI schema, and leaves the built-in routes and their auth as they were."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
from fastapi import APIRouter, Request

sys.path.insert(0, str(Path(__file__).parent))  # the shared store builder beside this file
import crisis_store  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from veille import plugins  # noqa: E402
from veille.surfaces.api import create_app  # noqa: E402
from veille.surfaces.api.extensions import require_token, store_for  # noqa: E402

toy = APIRouter(prefix="/toy", tags=["toy"])


@toy.get("/count")
def count(request: Request) -> dict[str, int]:
    """How many articles the store holds."""
    with store_for(request) as store:
        return store.rows("SELECT count(*) AS n FROM articles")[0]


@toy.post("/touch")
def touch(request: Request) -> dict[str, bool]:
    require_token(request)
    return {"ok": True}


class _EntryPoint:
    def __init__(self, name: str, loaded: Any) -> None:
        self.name, self.value, self._loaded = name, f"toy_plugin:{name}", loaded

    def load(self) -> Any:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(crisis_store.build_store(tmp_path_factory.mktemp("ext") / "crisis.duckdb"))


def _check_toy(client: TestClient) -> None:
    assert client.get("/toy/count").json() == {"n": 2}
    assert "/toy/count" in client.get("/openapi.json").json()["paths"]
    assert client.get("/health").json()["articles"] == 2  # built-ins untouched


def test_a_router_given_to_create_app(db: str) -> None:
    with TestClient(create_app(db, token="t0k", routers=[toy])) as client:
        _check_toy(client)
        assert client.post("/toy/touch").status_code == 401
        assert client.post("/toy/touch", headers={"Authorization": "Bearer t0k"}).json() == {"ok": True}
        assert client.get("/toy/missing").json()["error"] == "not found"  # the app's errors


def test_a_router_from_the_entry_points(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    published = [_EntryPoint("toy", toy), _EntryPoint("broken", ImportError("no module")),
                 _EntryPoint("wrong", object())]
    monkeypatch.setattr(plugins.metadata, "entry_points",
                        lambda group: published if group == "veille.api" else [])
    with TestClient(create_app(db, token=None)) as client:
        _check_toy(client)


def test_without_extensions_there_is_no_toy_route(db: str) -> None:
    with TestClient(create_app(db, token=None)) as client:
        assert client.get("/toy/count").status_code == 404
        assert "/toy/count" not in client.get("/openapi.json").json()["paths"]
