"""Entry points: how a separate package plugs a reader, a stage, an endpoint or a
language into veille without editing it (one group per kind, see ARCHITECTURE.md).

One loader for the four registries, so that a broken plugin is handled the same way
everywhere: skipped with a warning naming it, never taking the built-ins down.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from importlib import metadata

log = logging.getLogger(__name__)


def loaded_entry_points(group: str) -> Iterator[tuple[str, object]]:
    """(name, loaded object) of each entry point of `group` that loads; the others are
    logged and skipped. Callers check the object's type: that differs per registry."""
    for entry in metadata.entry_points(group=group):
        try:
            loaded = entry.load()
        except Exception as exc:  # a broken plugin must not break veille's own parts
            log.warning("entry point %s (%s) of %s failed to load: %s",
                        entry.name, entry.value, group, exc)
            continue
        yield entry.name, loaded
