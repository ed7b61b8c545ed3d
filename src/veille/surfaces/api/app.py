"""The FastAPI application: `create_app(db)` serves the REST API, its OpenAPI schema and
the offline dashboard over one store.

Security basics: reads are open (the server binds 127.0.0.1 by default); writes need
the bearer token (`VEILLE_API_TOKEN` or `token=`), compared in constant time; request
bodies are capped; every error is JSON `{"error": ..., "reason": ...}`.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille.store import Store, StoreError, open_store, shared_by_default
from veille.surfaces.api.ratelimit import RateLimiter
from veille.store.search_index import SearchIndex, index_path_for

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes: a POST /ingest batch of a few hundred articles


@dataclass
class AppState:
    """What every request needs: the store (one connection, behind a lock, since a DuckDB
    connection is not safe to share between threads), the search index, the token."""

    db: str
    store: Store
    search: SearchIndex
    token: str | None
    lock: threading.RLock = field(default_factory=threading.RLock)
    writes: RateLimiter = field(default_factory=RateLimiter)
    failures: RateLimiter = field(default_factory=RateLimiter)

    def check_token(self, request: Request) -> None:
        """Pass a request carrying the token (429 past the token's write rate); refuse any
        other with 401/403, or 429 once its client has failed too often.

        The token is checked first, and the two kinds are limited apart: requests with a
        wrong token spend only their own client's failure budget (which slows guessing),
        never the token holder's, who may share the client address (127.0.0.1)."""
        refusal = self._refusal(request)
        if refusal is None:
            _limit(self.writes, "token")
            return
        _limit(self.failures, request.client.host if request.client else "?")
        raise refusal

    def _refusal(self, request: Request) -> HTTPException | None:
        if not self.token:
            return HTTPException(403, "writes are disabled: start the server with "
                                      "VEILLE_API_TOKEN set to allow them")
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        if scheme.lower() != "bearer" or not value:
            return HTTPException(401, "missing bearer token (Authorization: Bearer <token>)")
        if not hmac.compare_digest(value.encode(), self.token.encode()):
            return HTTPException(403, "wrong token")
        return None


def _limit(limiter: RateLimiter, key: str) -> None:
    """Raise 429 (with Retry-After) when `key` is over `limiter`'s rate."""
    wait = limiter.allow(key)
    if wait:
        raise HTTPException(429, f"too many write requests: retry in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, round(wait)))})


def state_of(request: Request) -> AppState:
    return request.app.state.veille


def create_app(db: str, *, token: str | None = None, read_only: bool = False,
               shared: bool | None = None, max_body: int = DEFAULT_MAX_BODY,
               routers: Sequence[APIRouter] = ()) -> FastAPI:
    """The veille web application over the store `db` (a path, ':memory:' or a URL).

    A DuckDB file is opened shared unless `shared` is False or VEILLE_SHARED_STORE=0:
    the server holds it only while it answers a request, so `veille stats`, `articles`
    or `ingest` run beside it (a server that kept it would lock them all out).

    `token` defaults to the `VEILLE_API_TOKEN` environment variable; without one, write
    endpoints answer 403. `routers` and the `veille.api` entry points add endpoints
    after the built-in ones, under the same error handling, body limit and store release
    (`veille.surfaces.api.extensions`).
    """
    from veille.surfaces.api import routes

    store = open_store(db, read_only=read_only,
                       shared=shared_by_default(True) if shared is None else shared)
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.veille.search.close()
        store.close()

    # No /docs or /redoc: FastAPI's pages load Swagger/ReDoc from a CDN, and veille
    # fetches nothing at run time; the schema itself is served at /openapi.json.
    app = FastAPI(title="veille", version=_version(), lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="A sourced, queryable picture of a crisis: articles, actors, "
                              "events, claims, stories, timelines, escalation, briefs.")
    app.state.veille = AppState(db, store, SearchIndex(index_path_for(db)),
                                token if token is not None else os.environ.get("VEILLE_API_TOKEN"))
    _install_errors(app)
    _install_body_limit(app, max_body)
    _install_store_release(app)
    app.include_router(routes.router)
    from veille.surfaces.api.extensions import plugin_routers

    for extra in (*routers, *plugin_routers()):
        app.include_router(extra)
    web = Path(str(resources.files("veille.surfaces").joinpath("web")))
    app.mount("/ui", StaticFiles(directory=web, html=True), name="ui")

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("veille")
    except PackageNotFoundError:
        return "0"


def _error(status: int, reason: str, **extra: Any) -> JSONResponse:
    names = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found",
             405: "method not allowed", 413: "request too large", 422: "invalid parameters",
             500: "server error", 503: "unavailable"}
    return JSONResponse({"error": names.get(status, "error"), "reason": reason, **extra},
                        status_code=status)


def _install_store_release(app: FastAPI) -> None:
    """After each request, let a shared DuckDB store give the file back, so `veille
    ingest` or a read command in another process gets it between two requests (a no-op
    for a store held open, and for PostgreSQL)."""

    @app.middleware("http")
    async def release_store(request: Request, call_next):  # type: ignore[no-untyped-def]
        try:
            return await call_next(request)
        finally:
            state = app.state.veille
            release = getattr(state.store, "release", None)
            if release is not None:
                with state.lock:
                    release()


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})  # Retry-After on 429
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())), "why": e.get("msg")}
                   for e in exc.errors()]
        reason = "; ".join(f"{d['where']}: {d['why']}" for d in details)
        return _error(422, reason or "invalid request", details=details)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return _error(503, str(exc))

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError) -> JSONResponse:
        return _error(400, str(exc))


def _install_body_limit(app: FastAPI, max_body: int) -> None:
    """Refuse bodies over `max_body` bytes: by Content-Length up front, and by counting
    while reading when the length is not declared (chunked uploads)."""

    @app.middleware("http")
    async def limit(request: Request, call_next: Callable) -> Any:
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return _error(400, "Content-Length is not a number")
            if int(declared) > max_body:
                return _error(413, f"request body over {max_body} bytes")
        elif request.method in ("POST", "PUT", "PATCH"):
            body = b""
            async for chunk in request.stream():
                body += chunk
                if len(body) > max_body:
                    return _error(413, f"request body over {max_body} bytes")
            request._body = body  # starlette reads the cached body from here
        return await call_next(request)
