"""Analysis stages: one contract, registered by versioned name, chosen by configuration.

A stage is a callable `(doc, analysis, context) -> None`: it reads the parsed `doc` and
what earlier stages put on `analysis`, and adds its own (mentions, places, times, claims,
events, quality). Stages are registered apart from their code, as spaCy registers its
factories, so a user adds one without touching the pipeline:

    @register_stage("my.exclamations.v1", assigns=("quality",))
    def exclamations(doc, analysis, context):
        analysis.quality["exclamations"] = analysis.article.text.count("!")

    Pipeline(PipelineOptions(stages=(*default_stage_names(), "my.exclamations.v1")))

The pipeline runs the names of `data/pipeline.yaml` in order, or `PipelineOptions.stages`,
less `PipelineOptions.disable`. Packages can also register stages through the `veille.stages`
entry-point group (entry name = stage name, object = the callable, or a module that
registers it when imported). The built-in stages register in `veille.run.builtin_stages`,
which `veille.run.pipeline` imports (this module, the registry, imports no stage). Worker
processes are spawned and import only veille: a stage used with several workers must come
from an entry point, or be registered by a module the entry points import.

Work that costs per call more than per article is deferred to the end of the batch: a
stage calls `context.defer(finish, analysis, work)` and the pipeline calls
`finish([(analysis, work), ...], context)` once per batch and language, after every article
went through every stage (events: the classifier's ~25 ms per call is paid once per batch).
An article whose analysis ran out of time defers nothing.

What a stage needs: each declares the Analysis fields it `assigns` and `requires`. Building
a pipeline in which a stage requires a field no earlier stage assigns is an error
(`StageError`) that says which stage to enable. Only events require anything (mentions:
without actors no event has a source or a target). Every other dependency degrades
gracefully: places and claims run without mentions (speakers are then not linked to
actors), events without times are dated by the article, without places have no place,
without claims rest on no claim; quality without claims counts no sources.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Protocol


from veille.errors import VeilleError
from veille.model import Analysis
from veille.plugins import loaded_entry_points
from veille.run.options import PipelineOptions
from veille.yamlfile import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from veille.actors.kb import KnowledgeBase

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "veille.stages"


class StageError(VeilleError, ValueError):
    """A pipeline that cannot be built: an unknown stage name, a stage listed twice, or a
    stage whose requirement no earlier stage assigns."""


class Stage(Protocol):
    """The one stage signature."""

    def __call__(self, doc: Doc, analysis: Analysis, context: StageContext) -> None: ...


#: Finishes the deferred work of one batch: `[(analysis, work), ...]` in article order.
Finisher = Callable[[list[tuple[Analysis, Any]], "StageContext"], None]


@dataclass(frozen=True, slots=True)
class RegisteredStage:
    """A stage under its name, with the Analysis fields it assigns and requires."""

    name: str
    func: Stage
    assigns: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()


@dataclass(slots=True)
class StageContext:
    """What a stage sees besides the doc and the analysis: the language, the options, the
    knowledge base (loaded on first use), a dict shared over the batch, and deferred work."""

    language: str
    options: PipelineOptions
    kb_loader: Callable[[], KnowledgeBase]
    batch: dict[str, Any] = field(default_factory=dict)
    deferred: list[tuple[Finisher, Analysis, Any]] = field(default_factory=list)

    @property
    def kb(self) -> KnowledgeBase:
        return self.kb_loader()

    def defer(self, finish: Finisher, analysis: Analysis, work: Any) -> None:
        """Have `finish` called on `(analysis, work)` with the rest of the batch's."""
        self.deferred.append((finish, analysis, work))

    def for_article(self) -> StageContext:
        """A context for one more article of the batch: same batch, its own deferred list
        (so that an article that times out leaves none behind)."""
        return StageContext(self.language, self.options, self.kb_loader, self.batch)


_REGISTRY: dict[str, RegisteredStage] = {}


def register_stage(name: str, *, assigns: Sequence[str] = (),
                   requires: Sequence[str] = ()) -> Callable[[Stage], Stage]:
    """Decorator registering a stage under a versioned name ("veille.actors.v1"); the
    function is returned unchanged. A name registered again is replaced (a re-run cell)."""
    def register(func: Stage) -> Stage:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            log.debug("stage %s registered again: the new function replaces the old", name)
        _REGISTRY[name] = RegisteredStage(name, func, tuple(assigns), tuple(requires))
        return func
    return register


def registered_stages() -> dict[str, RegisteredStage]:
    """Every registered stage by name: the built-ins (once `veille.run.pipeline` is
    imported), the entry points', the user's."""
    _load_plugins()
    return dict(_REGISTRY)


@lru_cache(maxsize=1)
def _load_plugins() -> None:
    """Load the `veille.stages` entry points, once."""
    for name, loaded in loaded_entry_points(ENTRY_POINT_GROUP):
        if name not in _REGISTRY and callable(loaded):
            register_stage(name)(loaded)


@lru_cache(maxsize=1)
def default_stage_names() -> tuple[str, ...]:
    """The stages of `veille/run/data/pipeline.yaml`, in order."""
    text = resources.files("veille.run").joinpath("data/pipeline.yaml").read_text("utf-8")
    return tuple(load_yaml(text)["stages"])


def resolve_stages(names: Sequence[str] | None = None,
                   disable: Sequence[str] = ()) -> tuple[RegisteredStage, ...]:
    """The stages to run, in order: `names` (default: `default_stage_names()`) less
    `disable`, checked: every name registered, none twice, every requirement assigned by
    an earlier stage. Raises StageError saying what to change."""
    known = registered_stages()
    chosen = list(default_stage_names() if names is None else names)
    unknown = [n for n in [*chosen, *disable] if n not in known]
    if unknown:
        raise StageError(f"unknown analysis stage(s) {', '.join(map(repr, unknown))}; "
                         f"registered: {', '.join(sorted(known))} (register one with "
                         f"@register_stage or the {ENTRY_POINT_GROUP!r} entry points)")
    twice = sorted({n for n in chosen if chosen.count(n) > 1})
    if twice:
        raise StageError(f"analysis stage(s) listed twice: {', '.join(twice)}")
    stages = tuple(known[n] for n in chosen if n not in disable)
    _check_requirements(stages, known)
    return stages


def _check_requirements(stages: Sequence[RegisteredStage],
                        known: dict[str, RegisteredStage]) -> None:
    assigned: set[str] = set()
    for stage in stages:
        for need in stage.requires:
            if need not in assigned:
                givers = sorted(s.name for s in known.values() if need in s.assigns)
                raise StageError(
                    f"analysis stage {stage.name!r} requires {need!r}, which no stage before "
                    f"it assigns; enable one of {', '.join(givers) or '(none registered)'} "
                    f"before it, or disable {stage.name!r} too")
        assigned.update(stage.assigns)


def finish_deferred(deferred: Sequence[tuple[Finisher, Analysis, Any]],
                    context: StageContext) -> None:
    """Call each finisher once on all its deferred work, finishers in first-deferred order."""
    by_finisher: dict[Finisher, list[tuple[Analysis, Any]]] = {}
    for finish, analysis, work in deferred:
        by_finisher.setdefault(finish, []).append((analysis, work))
    for finish, pending in by_finisher.items():
        finish(pending, context)
