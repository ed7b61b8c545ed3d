"""`veille check`: the store's integrity check (orphans, half-written articles, broken links).

Thin: open the store read-only, call `veille.store.integrity.check_store`, print the
findings. Exit code 0 when the store is sound, 1 when something was found, 2 when the
store cannot be opened.
"""

from __future__ import annotations

import typer
from rich.table import Table

from veille.store import DEFAULT_DB, redacted
from veille.store.integrity import check_store
from veille.surfaces.cli_app import app
from veille.surfaces.cli_core import DbOption, opened_store, out


@app.command("check")
def check_command(db: DbOption = DEFAULT_DB) -> None:
    """Check the store's integrity: orphan rows, articles half written, broken duplicate links."""
    with opened_store(db, read_only=True) as store:
        report = check_store(store)
    where = redacted(db)
    if report.ok:
        out.print(f"[green]ok[/green] {where}: {report.articles} articles, "
                  f"{report.checks} checks passed", highlight=False)
        return
    table = Table("check", "rows", "meaning", "examples")
    for f in report.findings:
        table.add_row(f.name, str(f.count), f.meaning, ", ".join(f.examples))
    out.print(table)
    out.print(f"[red]{len(report.findings)} check(s) failed[/red] on {where} "
              f"({report.articles} articles)", highlight=False)
    raise typer.Exit(1)
