"""The languages veille knows, and for each what the stages read: one registry.

The packaged profiles live in `data/languages.yaml` (French and English with their data,
nine more that are only detected). Each stage asks here instead of testing "fr"/"en":
`nlp` for the spaCy packages and the blank fallback, `ingest.language` for the detector's
list, `ingest.clean` for the boilerplate patterns, `time.rules` for the time table,
`claims.lexicon` for the reporting-verb lexicon, `press` for the wire conventions
(datelines, bylines, credit lines). A stage with no file for a language falls
back without failing (no times; the English claims lexicon; the other languages'
boilerplate). A user adds or extends a language without editing those modules:

    register_language("es", name="Spanish", spacy=("es_core_news_sm",),
                      data={"time": Path("es_time.yaml")})
    veille.analyze("Ayer ...", language="es")

or ships it in a package under the `veille.languages` entry-point group (object = a
`LanguageProfile`, or a module that registers when imported). Register a language before
analysing text in it: the stages cache what they load by file, per process.

What this does not cover yet (issue #24, a whole language profile as data): the actors'
aliases and group nouns (`actors/data`, falling back to English forms), the places'
locative words and Babel territory names, the event classifier (trained on French and
English sentences), the dateline locales of `ingest.dates`, and the brief's templates.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


from veille.plugins import loaded_entry_points
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "veille.languages"
#: The data files a stage looks up per language (the keys of `LanguageProfile.data`).
DATA_KINDS: tuple[str, ...] = ("time", "claims", "boilerplate", "press", "brief")
#: The grammar facts a stage may ask about a language (`trait`); absent means False.
TRAITS: tuple[str, ...] = (
    # a modifier comes before its noun: "Israeli soldiers", "Yemen's Houthi movement"
    # (actors read the group after an adjective or a possessive, not before it)
    "modifier_before_noun",
    # nationality adjectives are capitalized like the people ("Egyptian" / "Egyptians"):
    # only a plural is then a people
    "capitalized_nationality_adjectives",
    # the knowledge base's canonical names (actors/data) are written in this language
    "kb_names",
)
#: The Babel locale whose territory names a language without its own falls back to.
FALLBACK_BABEL = "en"


@dataclass(frozen=True, slots=True)
class LanguageProfile:
    """One language: its spaCy packages, its detector name, the data file of each stage."""

    code: str
    name: str = ""
    spacy: tuple[str, ...] = ()
    blank: str | None = None
    detect: str | None = None
    data: Mapping[str, Traversable] = field(default_factory=dict)
    #: spaCy components added at the end of a packaged pipeline (e.g. `veille_clearnlp_to_ud`,
    #: for pipelines whose parse is not in the Universal Dependencies the grammar reads).
    components: tuple[str, ...] = ()
    #: Babel locale: country names for places, month and weekday names for datelines.
    babel: str | None = None
    #: dateparser's language code, for free-text publication dates.
    dateparser: str | None = None
    #: spaCy language whose `STOP_WORDS` the stories' word overlap drops (None: none).
    stop_words: str | None = None
    #: Grammar facts (`TRAITS`) the stages read instead of testing the language code.
    traits: frozenset[str] = frozenset()

    @property
    def analysed(self) -> bool:
        """Whether veille analyses text in this language (it has a pipeline or data), not
        only detects it."""
        return bool(self.spacy or self.blank or self.data)


_USER: dict[str, LanguageProfile] = {}
#: Bumped at each (un)registration: the cached look-ups below are keyed by it, since the
#: stages ask for their file per call (claims: per sentence), where a dict merge and a
#: stat would show.
_generation = 0


def register_language(code: str, *, name: str | None = None, spacy: Sequence[str] | None = None,
                      blank: str | None = None, detect: str | None = None,
                      data: Mapping[str, str | Path | Traversable] | None = None,
                      babel: str | None = None, dateparser: str | None = None,
                      stop_words: str | None = None, traits: Sequence[str] | None = None
                      ) -> LanguageProfile:
    """Add the language `code`, or extend the known one: the fields given replace its
    values, `data` adds to (or replaces) its files kind by kind. Returns the profile now
    in force; `unregister_language(code)` undoes it."""
    unknown = sorted(set(data or ()) - set(DATA_KINDS))
    if unknown:
        log.warning("language %s: no stage reads data kind(s) %s (known: %s)",
                    code, ", ".join(unknown), ", ".join(DATA_KINDS))
    _check_traits(code, traits or ())
    base = languages().get(code) or LanguageProfile(code)
    changes: dict[str, object] = {key: value for key, value in
                                  (("name", name), ("blank", blank), ("detect", detect),
                                   ("babel", babel), ("dateparser", dateparser),
                                   ("stop_words", stop_words))
                                  if value is not None}
    if spacy is not None:
        changes["spacy"] = tuple(spacy)
    if traits is not None:
        changes["traits"] = frozenset(traits)
    if data:
        changes["data"] = {**base.data, **{kind: _as_file(where) for kind, where in data.items()}}
    profile = dataclasses.replace(base, **changes)
    _USER[code] = profile
    _changed()
    return profile


def unregister_language(code: str) -> None:
    """Forget what was registered for `code`: the packaged profile, if any, comes back."""
    if _USER.pop(code, None) is not None:
        _changed()


def _changed() -> None:
    global _generation
    _generation += 1


def languages() -> dict[str, LanguageProfile]:
    """Every known language by code: packaged, then entry points', then registered."""
    return {**_packaged(), **_plugins(), **_USER}


def analysed_languages() -> tuple[str, ...]:
    """The codes of the languages veille analyses (packaged first): what the CLI, the API
    and the brief accept, and what a stage iterating over languages goes through."""
    return _analysed(_generation)


@lru_cache(maxsize=8)
def _analysed(generation: int) -> tuple[str, ...]:
    return tuple(code for code, found in languages().items() if found.analysed)


def trait(code: str | None, name: str) -> bool:
    """Whether language `code` has the grammar fact `name` (one of `TRAITS`)."""
    found = profile(code)
    return found is not None and name in found.traits


def babel_locale(code: str | None) -> str:
    """The Babel locale for `code`'s country names, else the fallback's (English)."""
    found = profile(code)
    return (found.babel if found is not None else None) or FALLBACK_BABEL


def babel_locales() -> tuple[str, ...]:
    """Every known language's Babel locale (datelines may name a month in any of them)."""
    return tuple(dict.fromkeys(p.babel for p in languages().values() if p.babel))


def dateparser_languages() -> tuple[str, ...]:
    """dateparser's codes of the analysed languages, for free-text dates."""
    return tuple(code for code in (profile(c).dateparser for c in analysed_languages())  # type: ignore[union-attr]
                 if code)


def stop_word_languages() -> tuple[str, ...]:
    """The spaCy languages whose stop words the analysed languages name."""
    return tuple(dict.fromkeys(code for code in (profile(c).stop_words  # type: ignore[union-attr]
                                                 for c in analysed_languages()) if code))


def _check_traits(code: str, traits: Sequence[str]) -> None:
    unknown = sorted(set(traits) - set(TRAITS))
    if unknown:
        log.warning("language %s: no stage reads trait(s) %s (known: %s)",
                    code, ", ".join(unknown), ", ".join(TRAITS))


def profile(code: str | None) -> LanguageProfile | None:
    """The profile of `code`, or None for a language veille does not know."""
    return languages().get(code) if code else None


def data_file(code: str | None, kind: str) -> Traversable | None:
    """The file stage `kind` ("time", "claims", "boilerplate", "press") reads for `code`, or None
    when the language has none (the stage then falls back)."""
    return _data_file(code, kind, _generation)


@lru_cache(maxsize=256)
def _data_file(code: str | None, kind: str, generation: int) -> Traversable | None:
    found = profile(code)
    path = found.data.get(kind) if found is not None else None
    return path if path is not None and path.is_file() else None


def spacy_packages(code: str) -> tuple[str, ...]:
    """The spaCy packages to try for `code`, in order."""
    found = profile(code)
    return found.spacy if found is not None else ()


def pipeline_components(code: str) -> tuple[str, ...]:
    """The spaCy components added at the end of `code`'s packaged pipeline."""
    found = profile(code)
    return found.components if found is not None else ()


def detected_languages() -> tuple[str, ...]:
    """The lingua names of the languages the ingest detector listens for."""
    return tuple(p.detect for p in languages().values() if p.detect)


@lru_cache(maxsize=1)
def _packaged() -> dict[str, LanguageProfile]:
    text = resources.files("veille.data").joinpath("languages.yaml").read_text("utf-8")
    return {str(code): _from_yaml(str(code), entry or {})
            for code, entry in load_yaml(text).items()}


def _from_yaml(code: str, entry: Mapping[str, object]) -> LanguageProfile:
    files = entry.get("data") or {}
    assert isinstance(files, Mapping)
    traits = tuple(entry.get("traits") or ())  # type: ignore[arg-type]
    _check_traits(code, traits)
    return LanguageProfile(code=code, name=str(entry.get("name") or code),
                           spacy=tuple(entry.get("spacy") or ()),  # type: ignore[arg-type]
                           blank=entry.get("blank"),  # type: ignore[arg-type]
                           detect=entry.get("detect"),  # type: ignore[arg-type]
                           components=tuple(entry.get("components") or ()),  # type: ignore[arg-type]
                           babel=entry.get("babel"),  # type: ignore[arg-type]
                           dateparser=entry.get("dateparser"),  # type: ignore[arg-type]
                           stop_words=entry.get("stop_words"),  # type: ignore[arg-type]
                           traits=frozenset(traits),
                           data={kind: _as_file(where) for kind, where in files.items()})


def _as_file(where: str | Path | Traversable) -> Traversable:
    """A data file from a path, or from "package:path inside it" (a packaged file)."""
    if isinstance(where, str):
        package, sep, inside = where.partition(":")
        if sep and package.replace(".", "").replace("_", "").isalnum() and "/" not in package:
            return resources.files(package).joinpath(inside)
        return Path(where)
    return where


@lru_cache(maxsize=1)
def _plugins() -> dict[str, LanguageProfile]:
    """The `veille.languages` entry points, loaded once."""
    found: dict[str, LanguageProfile] = {}
    for _name, loaded in loaded_entry_points(ENTRY_POINT_GROUP):
        if isinstance(loaded, LanguageProfile):
            found[loaded.code] = loaded
    return found
