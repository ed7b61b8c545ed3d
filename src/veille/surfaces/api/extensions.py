"""Endpoints added without editing the app: routers given to `create_app(routers=...)` or
published by a package under the `veille.api` entry-point group.

An extension is a FastAPI `APIRouter`. Its routes are mounted after the built-in ones (a
built-in path cannot be shadowed), inside the same application: JSON errors, the body
limit, the store released after each request, the OpenAPI schema. A route reads the store
through the public query layer, holding the app's lock as every built-in route does:

    router = APIRouter(prefix="/toy", tags=["toy"])

    @router.get("/count")
    def count(request: Request) -> dict[str, int]:
        with store_for(request) as store:
            return store.rows("SELECT count(*) AS n FROM articles")[0]

    create_app("veille.duckdb", routers=[router])

A package publishes it in its `pyproject.toml`:

    [project.entry-points."veille.api"]
    toy = "my_package.api:router"

Writes should go through `require_token(request)`, which applies the token and the rate
limits of the built-in write endpoints.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import APIRouter, Request

from veille.plugins import loaded_entry_points
from veille.store import Store
from veille.surfaces.api.app import state_of

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "veille.api"


@contextmanager
def store_for(request: Request) -> Iterator[Store]:
    """The app's store, held under its lock for the block (one DuckDB connection is not
    safe to share between threads)."""
    state = state_of(request)
    with state.lock:
        yield state.store


def require_token(request: Request) -> None:
    """Refuse (401/403/429) a write request without the token, as the built-in writes do."""
    state_of(request).check_token(request)


def plugin_routers() -> list[APIRouter]:
    """The routers of the `veille.api` entry points, read at each app creation; one that
    fails to load, or is no APIRouter, is skipped with a warning (the app still starts)."""
    routers: list[APIRouter] = []
    for name, loaded in loaded_entry_points(ENTRY_POINT_GROUP):
        if isinstance(loaded, APIRouter):
            routers.append(loaded)
        else:
            log.warning("API entry point %s is a %s, not an APIRouter: skipped",
                        name, type(loaded).__name__)
    return routers
