"""YAML data files read through libyaml when PyYAML was built with it.

Every lexicon, rule table and profile veille ships is YAML; the pure-Python parser spent
over a second of each process's start on them (1.37 s of CPU for the 35 packaged files,
0.25 s through libyaml, same values). One loader, one place: `kb.py` already read the
actor files this way.
"""

from __future__ import annotations

from typing import IO, Any

import yaml

#: libyaml's safe loader where PyYAML has it, else the pure-Python one (same constructor).
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(source: str | bytes | IO[str] | IO[bytes]) -> Any:
    """`yaml.safe_load(source)`, through libyaml when available."""
    return yaml.load(source, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
