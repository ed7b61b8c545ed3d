"""`veille batch`: large runs on local worker processes or on a Dask cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from veille.run.workers import default_workers
from veille.run.options import PipelineOptions
from veille.run.runner import RunOptions, ingest
from veille.store import DEFAULT_DB
from veille.surfaces.cli_app import app
from veille.surfaces.cli_core import (ActorsOption, DbOption, VerboseOption, _print_summary,
                                      _progress, _read_options, err, opened_store,
                                      setup_logging)


@app.command("batch")
def batch_command(
    paths: Annotated[list[str], typer.Argument(help="JSONL(.gz), WARC, folders, globs.")],
    engine: Annotated[str, typer.Option(help="dask (partitions on Dask workers, Parquet "
                                             "outputs) or local (worker processes).")
                      ] = "dask",
    scheduler: Annotated[Optional[str], typer.Option(
        help="Dask scheduler address (tcp://host:8786); a local cluster when absent.")] = None,
    out: Annotated[Path, typer.Option(help="Folder for the Parquet outputs, partitioned by "
                                           "table and date.")] = Path("veille-batch"),
    db: DbOption = DEFAULT_DB,
    workers: Annotated[int, typer.Option(help="Local workers (0: one per core).", min=0)] = 0,
    partition_size: Annotated[int, typer.Option(help="Articles per partition.", min=1)] = 256,
    limit: Annotated[Optional[int], typer.Option(help="Stop after N articles read.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date for all "
                                                          "inputs.")] = None,
    language: Annotated[Optional[str], typer.Option(help="Language for all inputs.")] = None,
    actors: ActorsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Analyse a large input in partitions and load the results into the store."""
    setup_logging(verbose)
    if engine not in ("dask", "local"):
        raise typer.BadParameter("--engine must be dask or local")
    read = _read_options(published, language, None, limit, False, 2_000_000)
    pipeline = PipelineOptions(actors_files=tuple(actors or ()))
    workers = workers or default_workers()
    with opened_store(db) as store, _progress() as bar:
        task = bar.add_task(f"batch ({engine}, {workers} workers)", total=limit, rate="")
        if engine == "local":
            summary = ingest(paths, store, read=read, run=RunOptions(
                workers=workers, pipeline=pipeline, batch_size=partition_size),
                progress=lambda _: bar.update(task, advance=1))
        else:
            from veille.run.dask_engine import DaskOptions, run_dask

            options = DaskOptions(out=out, scheduler=scheduler, workers=workers,
                                  partition_size=partition_size, pipeline=pipeline)
            try:
                summary = run_dask(paths, store, options, read=read,
                                   progress=lambda n: bar.update(task, advance=n))
            except OSError as exc:  # scheduler unreachable, output folder unwritable
                err.print(f"[red]error:[/red] {exc}")
                raise typer.Exit(2)
    _print_summary(summary, db)
    if engine == "dask":
        err.print(f"Parquet outputs in {out}/<table>/date=YYYY-MM-DD/")
    if summary.stored == 0 and summary.read == 0 and summary.skipped:
        raise typer.Exit(1)
