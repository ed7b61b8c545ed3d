"""Camps: which side of a conflict an actor is on, read from `stories/data/camps.yaml`.

The escalation index compares sides, not actor ids: "the Iranian government", "the
Revolutionary Guards", "Téhéran" and Hezbollah are one side against "Washington" and "the
Pentagon". A camp is a state with its government, military and officials (every actor of
its countries whose kind is in `STATE_KINDS`), plus the actors listed as its members (the
armed groups it backs). Listing wins over country; an actor neither listed nor of a
camp's country is a camp of its own (an armed group, an IGO), and one with no country and
no listing (generic "rebels", an unresolved agent) is on no side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


from veille.errors import VeilleError
from veille.yamlfile import load_yaml

#: Kinds that stand for their country's camp by default (a state's institutions and people).
STATE_KINDS = frozenset({"state", "government", "military", "person"})


#: Three-letter ids that are generic agents, not states ("rebels", "military", "government").
@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    import pycountry  # ISO 3166-1: "ACT07" is no country, "IRNGOV" is Iran's

    return frozenset(c.alpha_3 for c in pycountry.countries)


def _is_country_code(code: str) -> bool:
    return code in _country_codes() and code not in _GENERIC


_GENERIC = frozenset({"REB", "MIL", "GOV", "IGO", "OPP", "CVL", "MED", "BUS", "JUD", "LEG"})


class CampsError(VeilleError, ValueError):
    """A camps file is malformed: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Camp:
    """One side: an id, a readable name, the countries it stands for and its listed members."""

    id: str
    name: str
    countries: frozenset[str] = frozenset()
    members: frozenset[str] = frozenset()


@dataclass(slots=True)
class Camps:
    """Every camp, and the lookups that put an actor on a side."""

    camps: dict[str, Camp] = field(default_factory=dict)
    _by_member: dict[str, str] = field(default_factory=dict)
    _by_country: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for camp in self.camps.values():
            self._by_member.update(dict.fromkeys(camp.members, camp.id))
            self._by_country.update(dict.fromkeys(camp.countries, camp.id))

    def camp_of(self, actor: str | None, country: str | None = None,
                kind: str | None = None) -> str | None:
        """The camp of an event's end: listed member, else its country's camp when it is a
        state's institution or person (kind unknown counts as one), else itself when it has
        a country (an armed group, an IGO), else None."""
        if actor is None:
            return None
        if actor in self._by_member:
            return self._by_member[actor]
        if actor in self.camps:
            return actor
        if actor in self._by_country:
            return self._by_country[actor]
        if len(actor) == 3 and actor.isalpha() and actor.isupper() and actor not in _GENERIC:
            return actor  # a state's own id is its ISO code: a camp of its own
        if country and (kind is None or kind in STATE_KINDS) and country != "IGO":
            return self._by_country.get(country, country)
        return actor if country else None

    def side(self, ref: str) -> str:
        """What an id the user typed stands for: a camp id or listed member's camp, else the
        camp of the country its id starts with ("IRNGOV", "LBY-GOV" → their state's camp)."""
        if ref in self.camps or ref in self._by_member:
            return self.camp_of(ref) or ref
        code = ref[:3]
        if code in self._by_country or _is_country_code(code):
            return self._by_country.get(code, code)
        return ref

    def name(self, camp: str) -> str:
        return self.camps[camp].name if camp in self.camps else camp


def _camp(raw: Mapping[str, Any], origin: str) -> Camp:
    if not isinstance(raw, Mapping) or not raw.get("id"):
        raise CampsError(f"{origin}: every camp needs an id ({raw!r})")
    for key in ("countries", "members"):
        if not isinstance(raw.get(key, []), list):
            raise CampsError(f"{origin}: camp {raw['id']!r}: {key!r} must be a list")
    return Camp(str(raw["id"]), str(raw.get("name") or raw["id"]),
                frozenset(map(str, raw.get("countries", []))),
                frozenset(map(str, raw.get("members", []))))


def _read(text: str, origin: str) -> list[Camp]:
    data = load_yaml(text) or {}
    if not isinstance(data, Mapping) or not isinstance(data.get("camps", []), list):
        raise CampsError(f"{origin}: want a mapping with a 'camps' list")
    return [_camp(raw, origin) for raw in data.get("camps", [])]


@lru_cache(maxsize=1)
def _package_camps() -> tuple[Camp, ...]:
    text = resources.files("veille.stories").joinpath("data/camps.yaml").read_text("utf-8")
    return tuple(_read(text, "camps.yaml"))


@lru_cache(maxsize=1)
def _default_camps() -> Camps:
    return Camps({c.id: c for c in _package_camps()})


def load_camps(extra: Sequence[Path] = ()) -> Camps:
    """The shipped camps, then each user file's (same id: replaced; new id: added); the
    shipped ones alone are built once per process (do not mutate them)."""
    if not extra:
        return _default_camps()
    camps = {c.id: c for c in _package_camps()}
    for path in extra:
        camps.update({c.id: c for c in _read(Path(path).read_text("utf-8"), str(path))})
    return Camps(camps)


def camps_from(entries: Iterable[Camp]) -> Camps:
    """Camps from objects (tests, API callers that build their own sides)."""
    return Camps({c.id: c for c in entries})
