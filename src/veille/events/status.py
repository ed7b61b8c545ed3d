"""How sure an event is: occurred, threatened, planned, hypothetical, denied or reported.

Read from the grammar around the event's predicate: a negation on it ("n'a pas attaqué",
"aucune attaque"), the verbs it depends on ("menacer de", "envisager de", "nier"), its mood
(conditional: hypothetical; future: planned), the verbs that put it off ("a été reportée":
planned) or call it off ("annulée": denied), ask for it ("appelle X à": hypothetical) and
an attribution ("selon X", a verb of saying or accusing above it, an incise of saying after
it). The cue words are data (`data/status.yaml`); so is the status a type implies by itself
(a THREATEN event is threatened unless denied: `status` in `data/plover.yaml`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

from veille.events.ontology import load_ontology
from veille.events.roles import Segment
from veille.nlp import lemma
from veille.yamlfile import load_yaml

#: Links across which the head does not govern the status of its dependent: "avait menacé
#: l'Iran … mais semble avoir renoncé" does not make the renouncing a threat.
NOT_GOVERNED = {"conj", "parataxis", "appos", "dep", "list"}
#: How many heads above the predicate still govern its status ("envisagent de frapper" is
#: one; "X a dit que Y envisage de frapper" is three).
ABOVE = 3


@lru_cache(maxsize=1)
def status_rules() -> dict:
    """The status cue table (`data/status.yaml`), loaded once."""
    text = resources.files("veille.events").joinpath("data/status.yaml").read_text("utf-8")
    return load_yaml(text)


def _cue(key: str, language: str | None = None) -> set[str]:
    value = status_rules()[key]
    return set(value.get(language, []) if isinstance(value, dict) else value)


def _above(seg: Segment, predicate: Token) -> list[Token]:
    """The predicate and the few heads above it, inside the segment."""
    out, tok = [predicate], predicate
    for _ in range(ABOVE):
        if tok.head == tok or not seg.contains(tok.head) or tok.dep_ in NOT_GOVERNED:
            break
        tok = tok.head
        out.append(tok)
    return out


def is_negated(seg: Segment, trigger: Token, predicate: Token) -> bool:
    """"n'a pas attaqué", "aucune attaque n'a visé…": a negation on the predicate or noun."""
    words = _cue("negation", seg.language)
    heads = {trigger, predicate} | ({trigger.head} if trigger.dep_.startswith("nsubj") else set())
    heads |= {predicate.head} if predicate.dep_ == "xcomp" else set()  # "n'a pas voulu négocier"
    heads |= {c for c in predicate.children if c.dep_ == "nsubj"}  # "aucune attaque n'a visé"
    with_ne = _cue("negation_with_ne", seg.language) if "negation_with_ne" in status_rules() \
        else set()
    ne = _cue("ne", seg.language) if "ne" in status_rules() else set()
    for h in heads:
        if not seg.contains(h):
            continue
        kids = list(h.children)
        has_ne = any(c.lower_ in ne for c in kids)
        if any(c.lower_ in words and c.dep_ in ("advmod", "det", "neg", "cc")
               and (c.lower_ not in with_ne or has_ne) for c in kids):
            return True
    return False


def _attributed(seg: Segment, above: list[Token], predicate: Token) -> bool:
    """Said by someone: a verb of saying or accusing above the predicate, an incise of
    saying after it, or "selon X" before it."""
    if any(lemma(t) in _cue("reporting") | _cue("accusing") for t in above[1:]):
        return True
    if any(_incise(c, predicate) for t in above for c in t.children):
        return True
    cases = _cue("attribution_cases", seg.language)
    before = seg.span.doc[seg.span.start:predicate.i]
    text = " ".join(t.lower_ for t in before).replace("’", "'").replace("d' après", "d'après")
    return any(t.lower_ in cases for t in before) or any(c in text for c in cases)


def _incise(verb: Token, predicate: Token) -> bool:
    """A verb of saying after the predicate with its speaker after it: "L'Iran a frappé une
    base, a affirmé le Pentagone" (the parser makes it a parataxis or a conjunct)."""
    if verb.i <= predicate.i or lemma(verb) not in _cue("reporting"):
        return False
    return verb.dep_ == "parataxis" or verb.dep_ == "conj" and any(
        c.dep_.startswith("nsubj") and c.i > verb.i for c in verb.children)


def _planned(seg: Segment, above: list[Token], predicate: Token) -> bool:
    if any(lemma(t) in _cue("planned") for t in above):
        return True
    if any("Fut" in t.morph.get("Tense") for t in above[:1]):
        return True
    start = max(seg.span.start, predicate.i - 6)
    lead = seg.span.doc[start:predicate.i].text.lower().replace("’", "'")
    return any(p in lead for p in _cue("planned_phrases", seg.language))


def event_status(seg: Segment, trigger: Token, predicate: Token,
                 event_type: str) -> tuple[str, bool]:
    """(status, negated) of the event of `trigger` whose predicate is `predicate`."""
    if is_negated(seg, trigger, predicate):
        return "denied", True
    above = _above(seg, predicate)
    lemmas = {lemma(t) for t in above[1:]}
    if lemmas & (_cue("denied") | _cue("cancelled")):
        return "denied", False
    if lemmas & _cue("postponed"):
        return "planned", False
    implied = load_ontology().implied_status(event_type)
    if implied:
        return implied, False
    if lemmas & _cue("threatened"):
        return "threatened", False
    if lemmas & _cue("requested"):  # "appelle la Russie à coopérer": asked for, not done
        return "hypothetical", False
    if {lemma(t) for t in above} & _cue("hypothetical"):
        return "hypothetical", False
    if _planned(seg, above, predicate):
        return "planned", False
    auxes = [a for t in above[:2] for a in t.children if a.dep_.startswith("aux")]
    if any("Cnd" in t.morph.get("Mood") for t in above[:2] + auxes):
        return "hypothetical", False
    if _attributed(seg, above, predicate):
        return "reported", False
    return "occurred", False
