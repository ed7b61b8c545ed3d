"""The `veille` console command (`veille.surfaces.cli:main`).

The app is assembled in `cli_app` from the command modules, grouped by what they do:
`cli_ingest` (ingest, analyze, annotate, batch, watch, demo, time), `cli_query`
(articles, stats, check, stories, timeline, escalation, contested, brief, export),
`cli_eval` (eval …, train …), `cli_serve` (serve), `cli_actors` (actors …, resolve); what they
share is in `cli_common`. They parse options, call the core and print; nothing here
computes anything.
"""

from __future__ import annotations

import sys

from veille.errors import VeilleError
from veille.surfaces.cli_app import app

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point. A `VeilleError` no command turned into a message still
    ends as one `error:` line (exit status 2), not a traceback: it is the user's to fix."""
    try:
        app()
    except VeilleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
