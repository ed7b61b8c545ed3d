"""`veille serve`: the REST API (schema at /openapi.json) and the dashboard (/ui/) over a
store. Thin: build the app with `veille.surfaces.api.create_app`, hand it to uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from veille.store import DEFAULT_DB, StoreError
from veille.surfaces.cli_common import DbOption, SharedOption, VerboseOption, err, fail, out, \
    setup_logging

commands = typer.Typer()


def is_loopback(host: str) -> bool:
    """True for localhost / 127.0.0.0/8 / ::1 — the hosts nobody else can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@commands.command("serve")
def serve_command(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Interface to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    shared: SharedOption = True,
    verbose: VerboseOption = False,
) -> None:
    """Serve the REST API (schema at /openapi.json) and the dashboard (/ui/) over the store.

    A DuckDB store is held only while a request is answered (--exclusive: all along), so
    `veille stats`, `articles` and `ingest` work on the same file while it serves."""
    import uvicorn

    from veille.surfaces.api import create_app

    setup_logging(verbose)
    token = os.environ.get("VEILLE_API_TOKEN")
    if not is_loopback(host) and not token:
        err.print(f"[yellow]warning:[/yellow] serving on {host} without VEILLE_API_TOKEN: "
                  "anyone who can reach it reads the store (writes stay refused)")
    try:
        application = create_app(db, token=token, shared=shared)
    except StoreError as exc:
        fail(exc)
    out.print(f"veille: dashboard http://{host}:{port}/ui/ · OpenAPI schema "
              f"http://{host}:{port}/openapi.json")
    uvicorn.run(application, host=host, port=port, log_level="info" if verbose else "warning")
