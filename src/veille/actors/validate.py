"""Checks on a loaded actor KB: codes, kinds, references, and aliases two actors share.

Kept apart from `kb.py` because the loader must accept a half-written user file (so
`veille actors validate` can say what is wrong with it) while these checks decide
whether the result is sound. Each check returns readable lines naming the actor id.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator

import pycountry

from veille.actors.kb import KnowledgeBase, normalize_alias
from veille.model import ACTOR_KINDS

#: Codes not in ISO 3166-1 that the KB uses: Kosovo's user-assigned code, and IGO.
EXTRA_COUNTRY_CODES: frozenset[str] = frozenset({"XKX", "IGO"})
_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
_LANG = re.compile(r"^[a-z]{2}$")


def _known_country(code: str) -> bool:
    return code in EXTRA_COUNTRY_CODES or pycountry.countries.get(alpha_3=code) is not None


def _entry_problems(kb: KnowledgeBase) -> Iterator[str]:
    for entry in kb.entries.values():
        where = f"{entry.id} ({entry.origin})"
        if not _ID.match(entry.id):
            yield f"{where}: id must be capitals, digits and '-'"
        if not entry.name:
            yield f"{where}: no name (a patch for an actor that no file defines?)"
        if entry.kind not in ACTOR_KINDS:
            yield f"{where}: unknown kind {entry.kind!r} (one of {', '.join(ACTOR_KINDS)})"
        if entry.kind == "state" and not _known_country(entry.id):
            yield f"{where}: a state's id must be its ISO 3166-1 alpha-3 code"
        if entry.country is not None and not _known_country(entry.country):
            yield f"{where}: country {entry.country!r} is not an ISO alpha-3 code nor IGO"
        if entry.sector is not None and kb.sectors and entry.sector not in kb.sectors:
            yield f"{where}: unknown sector {entry.sector!r} (see sectors.yaml)"
        if entry.parent is not None and entry.parent not in kb.entries:
            yield f"{where}: parent {entry.parent!r} is not an actor id"
        for lang in (*entry.aliases, *entry.adjectives, *entry.metonyms):
            if not _LANG.match(lang):
                yield f"{where}: {lang!r} is not a two-letter language code"


def _affiliation_problems(kb: KnowledgeBase) -> Iterator[str]:
    for entry in kb.entries.values():
        for aff in entry.affiliations:
            where = f"{entry.id} ({entry.origin}) affiliation {aff.org}/{aff.role}"
            if aff.org not in kb.entries:
                yield f"{where}: org {aff.org!r} is not an actor id"
            for role in aff.roles:
                if role not in kb.roles:
                    yield f"{where}: role {role!r} is not in roles.yaml"
            if aff.start and aff.end and aff.end < aff.start:
                yield f"{where}: ends ({aff.end}) before it starts ({aff.start})"


def _alias_problems(kb: KnowledgeBase) -> Iterator[str]:
    """Aliases naming two actors need a rule (`ambiguous: true`, `prefer:`, `note:`) in the data."""
    languages = {lang for e in kb.entries.values()
                 for d in (e.aliases, e.adjectives, e.metonyms) for lang in d} | {"en"}
    for lang in sorted(languages):
        owners: dict[str, set[str]] = defaultdict(set)
        for text, actor_id, _kind in kb.aliases(lang):
            owners[normalize_alias(text)].add(actor_id)
        rules = kb.alias_rules(lang)
        for key, ids in sorted(owners.items()):
            if len(ids) < 2:
                continue
            rule = rules.get(key)
            if rule is None:
                yield f"alias {key!r} ({lang}) names {sorted(ids)} with no disambiguation rule"
            elif rule.prefer is not None and rule.prefer not in ids:
                yield f"alias {key!r} ({lang}): prefer {rule.prefer!r} is not one of {sorted(ids)}"
    for entry in kb.entries.values():
        for rule in entry.rules:
            if rule.prefer is not None and rule.prefer not in kb.entries:
                yield f"{entry.id}: alias {rule.text!r} prefers unknown actor {rule.prefer!r}"


def _redirect_problems(kb: KnowledgeBase) -> Iterator[str]:
    """`same_as` links that loop (A same_as B, B same_as A): neither id can be followed."""
    yield from kb.redirect_problems


CHECKS: tuple[Callable[[KnowledgeBase], Iterator[str]], ...] = (
    _entry_problems, _affiliation_problems, _alias_problems, _redirect_problems,
)


def problems(kb: KnowledgeBase) -> list[str]:
    """All problems found by CHECKS, in order."""
    return [line for check in CHECKS for line in check(kb)]
