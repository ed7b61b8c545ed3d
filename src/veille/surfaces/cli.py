"""The `veille` console command: imports every command module, then runs the app.

The command modules are thin: they parse options, call the core, and turn its errors
into one-line messages. Nothing here computes anything.
"""

from __future__ import annotations

from veille.surfaces.cli_app import app

# Command modules register themselves on `app` / `eval_app` / `train_app` when imported.
# One line per area; keep the list sorted.
from veille.surfaces import cli_actors  # noqa: F401,E402  (actors list/show/add/validate/stats/build-countries)
from veille.surfaces import cli_batch  # noqa: F401,E402  (batch: local or Dask)
from veille.surfaces import cli_claims  # noqa: F401,E402  (eval claims)
from veille.surfaces import cli_check  # noqa: F401,E402  (check: store integrity)
from veille.surfaces import cli_core  # noqa: F401,E402  (ingest, annotate, articles, stats, demo)
from veille.surfaces import cli_eval_actors  # noqa: F401,E402  (eval actors)
from veille.surfaces import cli_events  # noqa: F401,E402  (eval events, train events)
from veille.surfaces import cli_stories  # noqa: F401,E402  (stories, timeline, escalation, eval timeline)
from veille.surfaces import cli_surfaces  # noqa: F401,E402  (serve, brief, export events)
from veille.surfaces import cli_time  # noqa: F401,E402  (eval time, time)
from veille.surfaces import cli_watch  # noqa: F401,E402  (watch)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
