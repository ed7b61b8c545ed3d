"""Actors the text describes but the KB does not list, made on the fly.

Id convention (a hyphen after the country code tells them from KB ids, which have none
there except people):

| description                          | id                   | kind / country            |
|--------------------------------------|----------------------|---------------------------|
| "les forces iraniennes"              | `IRNMIL` if the KB has it, else `IRN-MIL` | military / IRN |
| "le régime iranien"                  | `IRNGOV` if the KB has it, else `IRN-GOV` | government / IRN |
| "la police égyptienne"               | `EGY-POL` (never the armed forces) | military / EGY |
| "quatre sources", "un responsable de la région" | `ANON`    | anonymous_source / None   |
| "un responsable américain"           | `ANON-USA`           | anonymous_source / USA    |
| "les manifestants"                   | `CVL`                | civilians / None          |
| "les Égyptiens" (a people)           | `CVL-EGY`            | civilians / EGY           |
| "des milices"                        | `REB`, `IRQ-REB`     | armed_group               |
| "le ministre iranien des Affaires étrangères" with no KB holder on that date | `IRN-ROLE-FOREIGN_MINISTER` | person / IRN |
| "Natasha Smith, une journaliste britannique" (not in the KB) | `PERS-GBR-~NATASHA-SMITH` | person / GBR |
| "M5-RFP" (found by the parser, not in the KB) in an article about Mali | `ORG-MLI-~M5-RFP` | other / MLI |
| "la télévision publique ORTM" (same, introduced by a cue word of `context.yaml`) | `ORG-MLI-~ORTM` | media / MLI |
| "l'Assemblée nationale" / "le Parlement" in an article about Mali | `MLI-LEG` (the KB's `FRALEG` in France) | government / MLI |

A kind with no sector code (e.g. `other`) uses the kind in capitals: `ISLAMISTES`-like
nouns give `OTHER` / `EGY-OTHER`.
"""

from __future__ import annotations

import re
import unicodedata

from veille.actors.kb import KnowledgeBase
from veille.model import Actor

#: Sector codes whose KB body is `<ISO3><SECTOR>` (IRNMIL, USAGOV): a group of that kind
#: and country *is* that body.
KB_BODY_SECTORS: frozenset[str] = frozenset({"MIL", "GOV", "LEG"})
#: Id stems of kinds whose generic actors get their own short code.
KIND_STEMS: dict[str, str] = {"anonymous_source": "ANON", "civilians": "CVL", "armed_group": "REB",
                              "opposition": "OPP", "media": "MED", "other": "OTHER"}


def group_actor(kb: KnowledgeBase, kind: str, sector: str | None, country: str | None,
                label: str) -> Actor:
    """The actor behind a group description: the KB's national body when there is one."""
    if country and sector in KB_BODY_SECTORS:
        body = kb.get(f"{country}{sector}")
        if body is not None:
            return body.to_actor()
    stem = KIND_STEMS.get(kind) or sector or kind.upper()
    if kind in ("military", "government") and country and sector:
        actor_id = f"{country}-{sector}"
    else:
        actor_id = f"{stem}-{country}" if country else stem
    name = f"{label} ({country})" if country else label
    return Actor(id=actor_id, name=name, kind=kind, country=country, sector=sector)


def role_actor(role: str, country: str) -> Actor:
    """An office holder the KB cannot name on that date: the role itself, in its country."""
    return Actor(id=f"{country}-ROLE-{role.upper()}", name=f"{role.replace('_', ' ')} ({country})",
                 kind="person", country=country)


def name_slug(name: str) -> str:
    """The id part of a name the KB does not know: ASCII capitals and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")


def person_actor(name: str, country: str) -> Actor:
    """A person not in the KB whose nationality the text gives ("X, une journaliste britannique")."""
    return Actor(id=f"PERS-{country}-~{name_slug(name)}", name=name, kind="person", country=country)


def org_actor(name: str, country: str, kind: str = "other") -> Actor:
    """An organisation not in the KB whose country the context gives (the article's)."""
    return Actor(id=f"ORG-{country}-~{name_slug(name)}", name=name, kind=kind, country=country)
