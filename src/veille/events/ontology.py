"""The PLOVER event ontology, read from `data/plover.yaml`.

Types, modes, quad classes (and their GDELT numbers), intensities, the CAMEO map and the
per-type facts extraction reads (joint, topic, implied status) are data a user can read
and extend; this module only loads them once and answers questions about them. Every other
module asks here: no type name or quad class list is written twice in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from veille.yamlfile import load_yaml


@dataclass(frozen=True, slots=True)
class QuadClass:
    """One quad class (verbal/material × cooperation/conflict) and its GDELT number."""

    name: str
    code: int
    cooperation: bool


@dataclass(frozen=True, slots=True)
class EventType:
    """One PLOVER event type and what the ontology says about it."""

    name: str
    quad_class: str
    intensity: float
    description: str
    modes: tuple[str, ...]
    cameo_roots: tuple[str, ...]
    #: Coordinated doers act with each other ("A et B ont tenu des discussions").
    joint: bool = False
    #: A "sur / about" complement is the topic, not the one done-to.
    topic: bool = False
    #: The status every event of the type has unless denied ("threatened"), or None.
    status: str | None = None

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
    quad_classes: tuple[QuadClass, ...] = ()
    _by_name: dict[str, EventType] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # `get` runs for every event candidate: one dict, built once.
        object.__setattr__(self, "_by_name", {t.name: t for t in self.types})

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.types)

    @property
    def quad_class_names(self) -> tuple[str, ...]:
        """The quad classes in GDELT order (verbal cooperation … material conflict)."""
        return tuple(q.name for q in self.quad_classes)

    def quad_code(self, name: str | None) -> int | None:
        """GDELT's QuadClass number of a quad class (None for None or an unknown name)."""
        return next((q.code for q in self.quad_classes if q.name == name), None)

    def is_cooperation(self, quad_class: str | None) -> bool:
        """Whether a quad class is one of cooperation (False for conflict, None, unknown)."""
        return any(q.cooperation for q in self.quad_classes if q.name == quad_class)

    def get(self, name: str) -> EventType:
        """The event type called `name` (an old PLOVER label resolves to its first heir)."""
        key = name.upper()
        if key not in self._by_name and key in self.old_types:
            key = self.old_types[key][0]
        if key not in self._by_name:
            raise KeyError(f"{name!r} is not a PLOVER event type "
                           f"(known: {', '.join(self._by_name)})")
        return self._by_name[key]

    def is_joint(self, name: str) -> bool:
        """Whether coordinated doers of a `name` event act with each other (False for a
        name that is no type, such as a trigger read without one)."""
        found = self._by_name.get(name)
        return found is not None and found.joint

    def takes_topic(self, name: str) -> bool:
        """Whether a "sur / about" complement of a `name` trigger is its topic."""
        found = self._by_name.get(name)
        return found is not None and found.topic

    def implied_status(self, name: str) -> str | None:
        """The status a `name` event has unless denied ("threatened"), else None."""
        found = self._by_name.get(name)
        return found.status if found is not None else None

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
    raw = load_yaml(text)
    quads = tuple(QuadClass(q["name"], int(q["code"]), bool(q["cooperation"])) for q in raw["quad_classes"])
    types = tuple(
        EventType(name=t["name"], quad_class=t["quad_class"], intensity=float(t["intensity"]),
                  description=t["description"], modes=tuple(t.get("modes") or ()),
                  cameo_roots=tuple(_code(r) for r in t.get("cameo_roots") or ()),
                  joint=bool(t.get("joint")), topic=bool(t.get("topic")),
                  status=t.get("status") or None)
        for t in raw["types"]
    )
    unknown = {t.quad_class for t in types} - {q.name for q in quads}
    if unknown:
        raise ValueError(f"plover.yaml: quad class(es) {sorted(unknown)} of some types are not "
                         f"among quad_classes ({', '.join(q.name for q in quads)})")
    roots = {_code(k): tuple(v or ()) for k, v in raw["cameo_roots"].items()}
    codes = {_code(k): {kk: str(vv or "") for kk, vv in v.items()}
             for k, v in raw["cameo_codes"].items()}
    old = {k: tuple(v) for k, v in raw.get("old_types", {}).items()}
    return Ontology(types=types, cameo_roots=roots, cameo_codes=codes, old_types=old,
                    quad_classes=quads)


def quad_classes() -> tuple[str, ...]:
    """The four quad class names in GDELT order, from the ontology data."""
    return load_ontology().quad_class_names
