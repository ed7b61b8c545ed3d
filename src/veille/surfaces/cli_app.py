"""The Typer applications every command module registers on.

Kept apart from `cli.py` so that each area (ingest, actors, time, events, claims…)
owns its command module and only imports these objects; `cli.py` imports them all.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="veille",
    help="Turn news articles into a sourced, queryable picture of a crisis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score veille against gold data.", no_args_is_help=True)
train_app = typer.Typer(help="Train veille's models from files in the repo.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
