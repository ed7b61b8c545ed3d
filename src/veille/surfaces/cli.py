"""The `veille` console command: imports every command module, then runs the app.

The command modules are thin: they parse options, call the core, and turn its errors
into one-line messages. Nothing here computes anything.
"""

from __future__ import annotations

from veille.surfaces.cli_app import app

# Command modules register themselves on `app` / `eval_app` / `train_app` when imported.
# One line per area; keep the list sorted.
from veille.surfaces import cli_core  # noqa: F401,E402  (ingest, annotate, articles, stats, demo)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
