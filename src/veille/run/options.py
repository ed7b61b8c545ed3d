"""How to analyse: one options object shared by the CLI, the API and batch runs.

Kept apart from `veille.run.pipeline` so that the process that only reads, deduplicates and
writes (the main process when workers analyse) never imports spaCy and scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from veille.run.limits import DocumentLimits


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """How to analyse: one options object shared by the CLI, the API and batch runs."""

    # Docs per nlp.pipe batch. 8 rather than 32: a worker's peak memory drops from 1,032 to
    # 776 MB on OrangeSum (spaCy keeps a batch's activations) for the same CPU time.
    batch_size: int = 8
    actors_files: tuple[Path, ...] = ()
    limits: DocumentLimits = field(default_factory=DocumentLimits.from_env)
    #: The analysis stages to run, in order, by registered name (`veille.run.stages`);
    #: None runs those of `veille/run/data/pipeline.yaml`.
    stages: tuple[str, ...] | None = None
    #: Stages left out of that list ("veille.claims.v1").
    disable: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Lists become tuples: options travel to worker processes and must stay immutable.
        # A single name is one stage, not its letters.
        for name in ("stages", "disable"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, (value,) if isinstance(value, str)
                                   else tuple(value))
