"""veille's exceptions: one base class, so a caller can tell "veille refused, and says why"
from a bug.

Every error veille raises on purpose carries a one-line message meant for the user (which
file, which row, what to do). The command line and the API catch `VeilleError` and show
that message; anything else is a bug and keeps its traceback.

The tree (each class lives beside the code that raises it; this module holds the base and
the errors shared by several modules)::

    VeilleError
    ├── KnowledgeBaseError    actors.kb        an actors file cannot be read as actors      (also ValueError)
    ├── LexiconError          claims.lexicon   a lexicon file lacks a key or has a wrong type (also ValueError)
    ├── GoldError             errors           a gold file or its documents cannot be read  (also ValueError)
    │                                          (raised by eval.actors and eval.claims)
    ├── ReferenceFormatError  eval.cltls       a reference timeline not in CL-TLS format    (also ValueError)
    ├── FetchError            ingest.fetch     a download failed
    ├── Unreadable            ingest.formats   an input no reader can take
    ├── StoreError            store.base       a store cannot be opened or written
    ├── StageError            run.stages       an unknown analysis stage, or one missing a
    │                                          stage it requires (also ValueError)
    └── AnalysisTimeout       run.limits       a document's analysis ran past its time budget

The errors that were `ValueError`s stay `ValueError`s too (multiple inheritance), so code
that caught `ValueError` before still does.
"""

from __future__ import annotations

__all__ = ["GoldError", "VeilleError"]


class VeilleError(Exception):
    """Base of every error veille raises on purpose; the message is for the user."""


class GoldError(VeilleError, ValueError):
    """A gold file or its documents cannot be read as told: the message says which row and why."""
