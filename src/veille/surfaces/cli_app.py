"""The `veille` application: every command group, assembled in one place.

Each command module owns a Typer of its own (`commands`, or a named group such as
`actors_app`, `eval_app`) and imports nothing but `cli_common` and the core; this
module is the only one that knows them all. Importing it builds the whole app.
"""

from __future__ import annotations

import typer

from veille.surfaces import cli_actors, cli_eval, cli_ingest, cli_query, cli_serve

app = typer.Typer(
    name="veille",
    help="Turn news articles into a sourced, queryable picture of a crisis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Top-level commands, by what they do: read and analyse, query the store, serve, fix actors.
app.add_typer(cli_ingest.commands)
app.add_typer(cli_query.commands)
app.add_typer(cli_serve.commands)
app.add_typer(cli_actors.commands)
# Command groups.
app.add_typer(cli_actors.actors_app, name="actors")
app.add_typer(cli_eval.eval_app, name="eval")
app.add_typer(cli_eval.train_app, name="train")
app.add_typer(cli_query.export_app, name="export")
