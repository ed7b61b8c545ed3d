"""The PLOVER event ontology, read from `data/plover.yaml`.

Types, modes, quad classes, intensities and the CAMEO map are data a user can read and
extend; this module only loads them once and answers questions about them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

QUAD_CLASSES: tuple[str, ...] = (
    "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
)


@dataclass(frozen=True, slots=True)
class EventType:
    """One PLOVER event type and what the ontology says about it."""

    name: str
    quad_class: str
    intensity: float
    description: str
    modes: tuple[str, ...]
    cameo_roots: tuple[str, ...]

    @property
    def cameo_root(self) -> str | None:
        """The first CAMEO root code of the type (the one to store with an event)."""
        return self.cameo_roots[0] if self.cameo_roots else None


@dataclass(frozen=True, slots=True)
class Ontology:
    """The PLOVER types in the manual's order, the CAMEO maps and the old-label map."""

    types: tuple[EventType, ...]
    cameo_roots: dict[str, tuple[str, ...]]
    cameo_codes: dict[str, dict[str, str]]
    old_types: dict[str, tuple[str, ...]]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types)

    def get(self, name: str) -> EventType:
        """The event type called `name` (an old PLOVER label resolves to its first heir)."""
        by_name = {t.name: t for t in self.types}
        key = name.upper()
        if key not in by_name and key in self.old_types:
            key = self.old_types[key][0]
        if key not in by_name:
            raise KeyError(f"{name!r} is not a PLOVER event type (known: {', '.join(by_name)})")
        return by_name[key]

    def plover_from_cameo(self, code: str) -> tuple[str, str]:
        """(type, mode) for a CAMEO code: the exact code if mapped, else its root's first type."""
        code = code.strip()
        if code in self.cameo_codes:
            entry = self.cameo_codes[code]
            return entry["type"], entry.get("mode", "")
        heirs = self.cameo_roots.get(code[:2].zfill(2), ())
        if not heirs:
            raise KeyError(f"CAMEO code {code!r} has no PLOVER event type")
        return heirs[0], ""


def _code(value: object) -> str:
    """CAMEO codes as two-or-more-digit strings, whatever YAML made of them."""
    text = str(value)
    return text.zfill(2) if len(text) < 2 else text


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """The PLOVER ontology shipped in `veille/events/data/plover.yaml`, loaded once."""
    text = resources.files("veille.events").joinpath("data/plover.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    types = tuple(
        EventType(name=t["name"], quad_class=t["quad_class"], intensity=float(t["intensity"]),
                  description=t["description"], modes=tuple(t.get("modes") or ()),
                  cameo_roots=tuple(_code(r) for r in t.get("cameo_roots") or ()))
        for t in raw["types"]
    )
    roots = {_code(k): tuple(v or ()) for k, v in raw["cameo_roots"].items()}
    codes = {_code(k): {kk: str(vv or "") for kk, vv in v.items()}
             for k, v in raw["cameo_codes"].items()}
    old = {k: tuple(v) for k, v in raw.get("old_types", {}).items()}
    return Ontology(types=types, cameo_roots=roots, cameo_codes=codes, old_types=old)
