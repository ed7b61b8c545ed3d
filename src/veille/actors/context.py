"""The country an article is about, and the actors that take it when the text gives none.

A reader of an article about Mali takes "les militaires", "le gouvernement" and an
"Ismaël Wagué" nobody introduces as Malian; only a nationality in the sentence
("l'armée française", "des soldats de Paris") says otherwise, and `veille.actors.resolve`
reads those first. This module does the rest, after every mention is read:

- `article_country(mentions, text, rules)`: the country most weighted among the resolved
  mentions (states, governments, armies, people…), the title and the lede counting more
  (weights in `resolver_data/context.yaml`); None when no country leads clearly.
- `fill_countries(mentions, country, kb, rules)`: generic descriptions of the kinds the
  rules list, and people / organisations found by the parser alone, get that country;
  their `method` gains `+article`, the evidence a user sees in `veille annotate`.

A territory with an actor of its own (Hong Kong) is read against its sovereign state:
an article about Hong Kong names Beijing throughout, yet it is Hong Kong's police and
protesters it describes; "le gouvernement central" or "le régime communiste" in it are
the sovereign's (`territories` in the rules file).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
import re
import unicodedata
from functools import lru_cache
from pathlib import Path


from veille.actors.generic import group_actor, org_actor, person_actor
from veille.actors.kb import KnowledgeBase
from veille.model import ACTOR_KINDS, Actor, Mention
from veille.yamlfile import load_yaml

CONTEXT_FILE = Path(__file__).resolve().parent / "resolver_data" / "context.yaml"
#: The `method` suffix of a mention whose country comes from the article, not its sentence.
ARTICLE_EVIDENCE = "+article"
#: The `method` suffix of a person whose country a party title gives ("le républicain X"):
#: foreign politicians commenting on everyone's crisis, no evidence of the article's subject.
TITLE_EVIDENCE = "+title"
#: The `method` suffix of a KB name that other countries give their own body too
#: ("Assemblée nationale"): the article's country may override the KB's.
SHARED_EVIDENCE = "+shared"
#: Countries that are no country of an article: international organisations.
NOT_A_COUNTRY = frozenset({"IGO"})
_PERSON_LABELS = frozenset({"PER", "PERSON"})
_ORG_LABELS = frozenset({"ORG", "NORP"})


@dataclass(frozen=True, slots=True)
class ContextRules:
    """`resolver_data/context.yaml`, read once (see the file for what each field means)."""

    kind_weights: dict[str, float]
    cue_weights: dict[str, float]
    title_weight: float
    lead_chars: int
    lead_weight: float
    min_share: float
    min_evidence: int
    generic_kinds: dict[str, float]  # kind → share of the article's weight its country needs
    unknown_people: bool
    unknown_orgs: bool
    unknown_org_kind: str
    sovereigns: dict[str, str]  # territory → the state it belongs to
    territory_ratio: float  # the territory's weight / its leading sovereign's, to lead
    sovereign_words: frozenset[str]  # folded words that give a government to the sovereign
    org_kind_cues: dict[str, str]  # folded cue word → kind of an unknown organisation
    surname_sources: tuple[str, ...]  # KB files whose surname-alone aliases need the country named
    person_titles: re.Pattern[str] | None  # a title closing the text before a name; group name = country


@lru_cache(maxsize=1)
def load_context_rules(path: Path = CONTEXT_FILE) -> ContextRules:
    """The context rules; a kind not in `model.ACTOR_KINDS` is a mistake in the file."""
    raw = load_yaml(path.read_text(encoding="utf-8"))
    spec = raw["article_country"]
    kinds = {str(k): float(v) for k, v in spec["kinds"].items()}
    generic = {str(k): float(v) for k, v in (raw.get("generic_kinds") or {}).items()}
    org_kind = raw.get("unknown_org_kind", "other")
    bad = (set(kinds) | set(generic) | {org_kind} | set(raw.get("org_kind_cues") or ())) - set(ACTOR_KINDS)
    if bad:
        raise ValueError(f"{path}: unknown actor kinds {sorted(bad)} (see model.ACTOR_KINDS)")
    cues = {str(k): float(v) for k, v in (spec.get("cues") or {}).items()}
    territories = raw.get("territories") or {}
    return ContextRules(kinds, cues, float(spec.get("title_weight", 1.0)), int(spec.get("lead_chars", 0)),
                        float(spec.get("lead_weight", 1.0)), float(spec.get("min_share", 0.0)),
                        int(spec.get("min_evidence", 1)),
                        generic, bool(raw.get("unknown_people")), bool(raw.get("unknown_orgs")),
                        org_kind,
                        {str(k): str(v) for k, v in (territories.get("sovereigns") or {}).items()},
                        float(territories.get("min_ratio", 2.0)),
                        frozenset(fold(w) for w in territories.get("sovereign_words") or ()),
                        {fold(w): str(kind) for kind, words in (raw.get("org_kind_cues") or {}).items()
                         for w in words},
                        tuple(str(f) for f in raw.get("surname_sources") or ()),
                        _titles_pattern(raw.get("person_titles") or {}))


def _titles_pattern(titles: dict[str, list[str]]) -> re.Pattern[str] | None:
    """One regex for every title of `person_titles`: a title (folded) ending the text before
    a name, each country's titles in a group named after it (`USA_0`)."""
    groups = [f"(?P<{country}_{k}>" + "|".join(re.escape(fold(t)) for t in words) + ")"
              for k, (country, words) in enumerate(titles.items()) if words]
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")\s*$") if groups else None


def fold(word: str) -> str:
    """Lower case without accents: "Régime" and "regime" are one word to the rules."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _from_article(mention: Mention) -> bool:
    """Whether the mention's country is no evidence of what the article is about."""
    return (mention.method or "").endswith((ARTICLE_EVIDENCE, TITLE_EVIDENCE))


@dataclass(frozen=True, slots=True)
class Cue:
    """A hint of what an article is about that is no mention: "libanais", "à Beyrouth"."""

    start: int
    country: str
    kind: str  # a key of `article_country.cues` in the rules file


def article_country(mentions: list[Mention], text: str, rules: ContextRules,
                    cues: list[Cue] = ()) -> tuple[str | None, float]:
    """The country the article is about and its share of the weight: the heaviest among
    its resolved mentions and `cues`; (None, 0) when none holds `min_share` of the weight
    or the text says too little."""
    title_end = max(text.find("\n"), 0)  # one line of text has no title
    weights: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    evidence = [(m.start, m.actor.country, rules.kind_weights.get(m.actor.kind, 0.0))
                for m in mentions if m.actor is not None and not _from_article(m)]
    evidence += [(c.start, c.country, rules.cue_weights.get(c.kind, 0.0)) for c in cues]
    evidence = [e for e in evidence if e[1] and e[1] not in NOT_A_COUNTRY and e[2]]
    if len(evidence) < rules.min_evidence:
        return None, 0.0
    for start, country, weight in evidence:
        if start < title_end:
            weight *= rules.title_weight
        elif start < rules.lead_chars:
            weight *= rules.lead_weight
        weights[country] += weight
        first_seen[country] = min(start, first_seen.get(country, start))
    total = sum(weights.values())
    if not total:
        return None, 0.0
    best = max(weights, key=lambda c: (weights[c], -first_seen[c]))
    best = _local_territory(best, weights, rules)
    share = weights[best] / total
    return (best, share) if share >= rules.min_share else (None, 0.0)


def _local_territory(best: str, weights: dict[str, float], rules: ContextRules) -> str:
    """The territory of `best` the article is about, if any weighs enough against it."""
    local = [t for t, s in rules.sovereigns.items()
             if s == best and weights.get(t, 0.0) >= rules.territory_ratio * weights[best]]
    return max(local, key=weights.__getitem__) if local else best


def _sovereign_reading(mention: Mention, text: str, country: str, rules: ContextRules) -> str:
    """The sovereign of territory `country` for "le gouvernement central", "le régime
    communiste" (a sovereign word in the mention or right after it), else `country`."""
    sovereign = rules.sovereigns.get(country)
    if sovereign is None:
        return country
    after = text[mention.end:mention.end + 40].split()
    words = [fold(w.strip(".,;:!?\"'()")) for w in mention.text.split() + after[:1]]
    return sovereign if rules.sovereign_words.intersection(words) else country


def org_kind(mention: Mention, text: str, rules: ContextRules) -> str:
    """The kind of an organisation nobody resolved: the cue word that opens its name
    ("Mouvement du 5 juin") or introduces it ("la télévision publique ORTM"), else
    `unknown_org_kind`."""
    before = re.split(r"[.;:!?()\n]", text[max(0, mention.start - 60):mention.start])[-1]
    words = [fold(w) for w in mention.text.split()[:1]]
    words += [fold(w) for w in reversed(re.findall(r"\w+", before)[-3:])]
    return next((rules.org_kind_cues[w] for w in words if w in rules.org_kind_cues),
                rules.unknown_org_kind)


def _unknown_actor(mention: Mention, country: str, rules: ContextRules,
                   people: dict[str, Actor], text: str = "") -> Actor | None:
    """A person or organisation the parser found and nobody resolved, placed in `country`.

    A later "Diab" or "M. Diab" takes the actor made for the "Hassan Diab" before it.
    """
    if mention.label in _PERSON_LABELS and rules.unknown_people:
        words = mention.text.split()
        known = people.get(words[-1]) if words else None
        if known is not None:
            return known
        actor = person_actor(mention.text, country)
        if len(words) > 1:
            people.setdefault(words[-1], actor)
        return actor
    if mention.label in _ORG_LABELS and rules.unknown_orgs:
        return org_actor(mention.text, country, org_kind(mention, text, rules))
    return None


def fill_countries(mentions: list[Mention], country: str | None, share: float,
                   kb: KnowledgeBase, rules: ContextRules, text: str = "") -> None:
    """Give `country` to the generic and unknown actors of `mentions` that have none (in place).

    A generic kind takes it only when the article is that much about `country`
    (`generic_kinds` in the rules: "les milices" of an article on US–Iran talks are
    neither's). `mentions` must be in text order, so that a surname follows its full name.
    `text` is the article's, read for the words that give a territory's government to its
    sovereign.
    """
    if country is None:
        return
    people: dict[str, Actor] = {}
    for mention in mentions:
        actor = mention.actor
        if actor is None:
            actor = _unknown_actor(mention, country, rules, people, text)
        elif (mention.method or "").endswith(SHARED_EVIDENCE) and actor.country != country \
                and share >= rules.generic_kinds.get(actor.kind, 2.0):
            actor = group_actor(kb, actor.kind, actor.sector, country, mention.text)
        elif actor.country is None and (mention.method or "").startswith("group") \
                and share >= rules.generic_kinds.get(actor.kind, 2.0):
            place = _sovereign_reading(mention, text, country, rules) \
                if actor.kind == "government" else country
            actor = group_actor(kb, actor.kind, actor.sector, place, actor.name)
        else:
            continue
        if actor is not None:
            mention.actor = actor
            mention.method = f"{mention.method or 'ner'}{ARTICLE_EVIDENCE}"
