"""Who did it and to whom: the source and target actors of one event trigger, from the parse.

The trigger's predicate is the trigger itself when it is a verb ("a frappé"), or, for an
event noun that is the object of a verb ("ont mené des frappes", "a abattu un drone"), that
verb. Roles are read from the predicate's children (subject / passive agent → source; object,
passive subject, oblique "contre/avec/à/sur" → target), from the noun's own complements
("l'attaque de missiles iraniens contre Israël", "des pourparlers entre A et B"), and through
coordination (one role per conjunct). Which labels and prepositions count is data
(`data/roles.yaml`); which event types take a topic complement is the ontology's
(`topic` in `data/plover.yaml`). Roles never leave the trigger's segment: the sentence cut at line breaks,
because the parser joins a title or a paragraph to the next one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from veille.events.adjectives import country_of_adjective
from veille.events.features import lexicon_hits
from veille.events.ontology import load_ontology
from veille.model import Mention, Place, TimeValue
from veille.nlp import lemma
from veille.text import words
from veille.yamlfile import load_yaml

#: Words that begin like a trigger but are none ("bank" for "ban*", "bomber" for "bomb*").
NOT_TRIGGERS = "not_triggers.tsv"
#: How deep below a role word we look for the actor it names ("un système ... dans une
#: base aérienne iranienne" is two complements down).
PHRASE_DEPTH = 3
#: Labels that stay inside one noun phrase when looking for its actor.
PHRASE_DEPS = {"amod", "nmod", "flat:name", "appos", "compound", "nummod", "flat", "poss",
               "nmod:poss"}  # "Britain's ambassador": the owner names the actor


@lru_cache(maxsize=1)
def role_rules() -> dict:
    """The role table (`data/roles.yaml`), loaded once."""
    text = resources.files("veille.events").joinpath("data/roles.yaml").read_text("utf-8")
    return load_yaml(text)


@lru_cache(maxsize=512)
def _words(key: str, language: str) -> frozenset[str]:
    """The words of one list of the role table for a language (read for every complement
    of every trigger: built once)."""
    value = role_rules()[key]
    return frozenset(value.get(language, []) if isinstance(value, dict) else value)


@dataclass(slots=True)
class Roles:
    """The actors found around one trigger: doers, done-to, and how they were found."""

    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    symmetric: list[Mention] = field(default_factory=list)
    predicate: Token | None = None


class Segment:
    """One piece of a sentence between line breaks, with the actors written in it."""

    def __init__(self, span: Span, mentions: list[Mention], places: list[Place],
                 language: str, times: Sequence[TimeValue] = ()) -> None:
        self.span, self.language = span, language
        self.mentions = [m for m in mentions
                         if span.start_char <= m.start and m.end <= span.end_char]
        self._places = [(p.start, p.end) for p in places
                        if span.start_char <= p.start and p.end <= span.end_char]
        self._times = [(t.start, t.end) for t in times
                       if span.start_char <= t.start and t.end <= span.end_char]

    def contains(self, tok: Token) -> bool:
        return self.span.start <= tok.i < self.span.end

    def mention_at(self, tok: Token) -> Mention | None:
        return next((m for m in self.mentions if m.start <= tok.idx < m.end), None)

    def is_place(self, m: Mention) -> bool:
        return any(s < m.end and m.start < e for s, e in self._places)

    def is_time(self, m: Mention) -> bool:
        """Whether a role phrase is a time expression ("on Saturday"): when, never whom."""
        return m.actor is None and any(s <= m.start and m.end <= e for s, e in self._times)

    def children(self, tok: Token, deps: set[str] | None = None) -> list[Token]:
        return [c for c in tok.children if self.contains(c) and (deps is None or c.dep_ in deps)]


def _case(seg: Segment, tok: Token) -> str:
    """The preposition of a complement ("contre", "d'après"), lowercased, or ''."""
    cases = [c for c in seg.children(tok, {"case", "mark"})]
    if not cases:
        return ""
    first = cases[0]
    fixed = [f.lower_ for f in first.children if f.dep_ == "fixed"]
    return " ".join([first.lower_, *fixed]) if fixed else first.lower_


def phrase_actor(seg: Segment, tok: Token) -> Mention | None:
    """The actor a noun phrase names: its own mention, else the nearest one inside it
    (a complement or a nationality adjective), else a proper name the KB does not know."""
    frontier, depth = [tok], 0
    places = _words("place_cases", seg.language)
    while frontier and depth <= PHRASE_DEPTH:
        level = []
        for t in frontier:
            if t != tok and t.dep_ == "nmod" and _case(seg, t) in places:
                continue  # "l'ambassadrice en Irak" names no Iraqi; look below it only
            found = seg.mention_at(t)
            if found is not None:
                level.append((0 if t.dep_ in ("appos", "flat:name") else 1, found))
            elif t.dep_ == "amod" and t != tok:
                adjective = country_of_adjective(t, seg.language)
                level += [(2, adjective)] if adjective is not None else []
        if level:  # "l'émissaire de Trump, Steve Witkoff": the name in apposition first
            return min(level, key=lambda x: x[0])[1]
        frontier = [c for t in frontier for c in seg.children(t, PHRASE_DEPS)]
        depth += 1
    if tok.pos_ == "PROPN" and tok.ent_type_ not in _words("not_actor_entity_types", ""):
        end = max([tok.i, *(c.i for c in tok.children if c.dep_.startswith("flat"))]) + 1
        start = min([tok.i, *(c.i for c in seg.children(tok, {"compound"}))])  # "prime minister"
        span = tok.doc[start:end]
        return Mention(span.start_char, span.end_char, span.text, None, method="event-text")
    return None


def unknown_actor(seg: Segment, tok: Token) -> Mention:
    """A mention with no KB actor for a noun phrase that is plainly a role ("contre la
    base"): the noun with its determiner, adjectives and "de" complement, as written."""
    keep = [tok] + seg.children(tok, {"det", "amod", "compound"})  # "the prime minister"
    for c in seg.children(tok, {"nmod"}):
        if _case(seg, c) in ("de", "d'", "d’", "du", "des", "of"):
            keep += [c] + seg.children(c, {"det", "amod", "case"})
    span = tok.doc[min(t.i for t in keep):max(t.i for t in keep) + 1]
    owner = possessor(seg, span)
    if owner is not None:  # "la section consulaire de leur ambassade": whose embassy
        return Mention(span.start_char, span.end_char, span.text, owner.actor,
                       method=POSSESSIVE_METHOD)
    return Mention(span.start_char, span.end_char, span.text, None, method="event-text")


#: The method of a role mention named through a possessive ("leur ambassade" → Iran).
POSSESSIVE_METHOD = "event-possessive"


def possessor(seg: Segment, phrase: Span) -> Mention | None:
    """The actor a possessive determiner in `phrase` refers to, by grammatical number.

    Real coreference is beyond the parser; this is the narrow case that matters for
    targets: "leur ambassade" wants the nearest earlier plural actor of the segment
    ("des missiles iraniens"), "sa base" the nearest singular one. Which determiners
    mark which number is data (`possessives` in data/roles.yaml).
    """
    table = role_rules().get("possessives", {}).get(seg.language, {})
    owners = [table[t.lower_] for t in phrase if t.dep_ == "det" and t.lower_ in table]
    if not owners:
        return None
    number = "Plur" if owners[0] == "plural" else "Sing"
    for tok in reversed(seg.span.doc[seg.span.start:phrase.start]):
        found = seg.mention_at(tok)
        if found is None and tok.dep_ == "amod":
            found = country_of_adjective(tok, seg.language)
        if found is not None and found.actor is not None and number in tok.morph.get("Number"):
            return found
    return None


def _conjuncts(seg: Segment, tok: Token) -> list[Token]:
    """A word and the words coordinated with it ("Hungarian and Romanian officials")."""
    out = [tok]
    for c in seg.children(tok, {"conj"}):
        out += _conjuncts(seg, c)
    return out


def _actors(seg: Segment, toks: list[Token]) -> list[Mention]:
    found = [phrase_actor(seg, c) for t in toks for c in _conjuncts(seg, t)]
    return unique([m for m in found if m is not None])


def unique(ms: list[Mention]) -> list[Mention]:
    """Mentions without repeats of one span, in order."""
    seen, out = set(), []
    for m in ms:
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out


def _left_coordinated(seg: Segment, m: Mention) -> list[Mention]:
    """'A et B <verb>' where the parser hung A elsewhere: the mention just before "et"."""
    doc = seg.span.doc
    first = doc.char_span(m.start, m.end, alignment_mode="expand")
    if first is None or first.start < 2:
        return []
    i = first.start - 1
    while i > seg.span.start and doc[i].pos_ == "DET":
        i -= 1
    if doc[i].lower_ not in ("et", "and"):
        return []
    before = seg.mention_at(doc[i - 1])
    return [before] if before is not None else []


def _right_coordinated(seg: Segment, ms: list[Mention]) -> list[Mention]:
    """'entre A et B' where the parser hung B elsewhere: the mention just after "et"."""
    if not ms:
        return []
    doc = seg.span.doc
    last = doc.char_span(ms[0].start, ms[0].end, alignment_mode="expand")
    if last is None:
        return []
    i = last.end
    if i >= seg.span.end or doc[i].lower_ not in ("et", "and"):
        return []
    i += 1
    while i < seg.span.end and doc[i].pos_ == "DET":
        i += 1
    after = seg.mention_at(doc[i]) if i < seg.span.end else None
    return [after] if after is not None and after is not ms[0] else []


def _subject_before(seg: Segment, verb: Token) -> Mention | None:
    """The mention written right before a verb and its auxiliaries, when the parse gave the
    verb no subject ("…, l'Iran a demandé" parsed as a complement of the previous noun)."""
    i = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux")
                       or c.dep_ in ("expl:comp", "expl:pv", "advmod") and c.i < verb.i)]) - 1
    doc = seg.span.doc
    while i >= seg.span.start and doc[i].pos_ in ("ADV", "PRON") and doc[i].dep_ != "nsubj":
        i -= 1
    if i < seg.span.start:
        return None
    return seg.mention_at(doc[i])


def _predicative(seg: Segment, tok: Token) -> bool:
    """A verb, or a noun or adjective with a copula ("sont sur le point d'entamer")."""
    return tok.pos_ in ("VERB", "AUX") or bool(seg.children(tok, {"cop"}))


def _passive_agents(seg: Segment, verb: Token) -> list[Token]:
    """"ont été invités par Washington" where the parser made the agent a plain oblique."""
    if not seg.children(verb, {"aux:pass"}):
        return []
    return [c for c in seg.children(verb, set(role_rules()["oblique"]))
            if _case(seg, c) in _words("passive_agent_cases", seg.language)]


def verb_subjects(seg: Segment, verb: Token, hops: int = 2) -> list[Mention]:
    """The doers of a verb: its subject or passive agent, else the subject of the verb it
    depends on ("envisagent de frapper", "a riposté en visant"), else the mention before it."""
    rules = role_rules()
    said_by = _words("not_subject_cases", seg.language)  # "Selon un responsable, l'Iran a…"
    own_subject = [c for c in seg.children(verb, set(rules["subject"])
                                           | set(rules["passive_subject"]))
                   if _case(seg, c) not in said_by]
    found = _actors(seg, [c for c in seg.children(verb, set(rules["subject"]) |
                                                  set(rules["agent"]))
                          if _case(seg, c) not in said_by] + _passive_agents(seg, verb))
    if not found and not own_subject:
        found = _controlling_object(seg, verb)
    if not found and not own_subject and hops and verb.dep_ in rules["control_deps"] and (
            seg.contains(verb.head) and _predicative(seg, verb.head)):
        found = verb_subjects(seg, verb.head, hops - 1)
    if not found and not own_subject:
        found = _modified_doer(seg, verb)
    if not found and not own_subject and not _patient_participle(seg, verb):
        before = _subject_before(seg, verb)
        found = [before] if before is not None else []
    if not found and own_subject and hops:
        found = _speaker_of_pronoun(seg, verb, own_subject[0], hops)
    if not found:
        found = unknown_subject(seg, verb)
    if found:
        found = unique(_left_coordinated(seg, found[0]) + found)
    return found


def _patient_participle(seg: Segment, verb: Token) -> bool:
    """A past participle qualifying a noun ("les militaires tués samedi", "des groupes
    soutenus par l'Iran"; parsed acl or amod): the noun is what was done to (verb_targets
    takes it), so the doer is only its passive agent, never the mention before it."""
    return (verb.dep_ in ("acl", "amod") and "Part" in verb.morph.get("VerbForm")
            and "Past" in verb.morph.get("Tense") and seg.contains(verb.head))


def _modified_doer(seg: Segment, verb: Token) -> list[Mention]:
    """The noun an active clause modifies is its doer ("protesters demanding the release",
    "Khodorkovsky, a former tycoon, called for sanctions" parsed as a clause of the name);
    a past participle's noun is done to ("groups backed by Iran"), never the doer. Which
    labels: `doer_head_deps` in roles.yaml."""
    head = verb.head
    if verb.dep_ not in role_rules().get("doer_head_deps", ()) or head is verb \
            or not seg.contains(head) or head.pos_ not in ("NOUN", "PROPN"):
        return []
    morph = verb.morph
    if "Part" in morph.get("VerbForm") and "Past" in morph.get("Tense"):
        return []
    found = phrase_actor(seg, head)
    return [found] if found is not None else []


def _speaker_of_pronoun(seg: Segment, verb: Token, subject: Token, hops: int) -> list[Mention]:
    """The doer named by a personal pronoun subject of a reported clause: the one who says
    it ("the Houthi movement said it had launched drones", "Iran says it will retaliate").
    The parser gives no coreference; in news the pronoun of a clause reported by its
    speaker is that speaker far more often than anyone else. Which labels make a reported
    clause: `reported_clause_deps` in roles.yaml."""
    if subject.pos_ != "PRON" or "Prs" not in subject.morph.get("PronType") \
            or verb.dep_ not in role_rules().get("reported_clause_deps", ()) \
            or not seg.contains(verb.head) or verb.head is verb:
        return []
    return verb_subjects(seg, verb.head, hops - 1)


def _controlling_object(seg: Segment, verb: Token) -> list[Mention]:
    """The doer of a subjectless verb completing an object-control verb: that verb's
    object ("a accusé Téhéran d'avoir attaqué", "appelle la Russie à coopérer"), not its
    subject, who only accuses or asks. Which verbs and labels: `object_control_verbs` and
    `object_control_deps` in roles.yaml."""
    rules = role_rules()
    head = verb.head
    if verb.dep_ not in rules.get("object_control_deps", ()) or head is verb \
            or not seg.contains(head) \
            or lemma(head).lower() not in _words("object_control_verbs", seg.language):
        return []
    objects = [c for c in seg.children(head, set(rules["object"])) if c.i < verb.i]
    return _actors(seg, objects)


def unknown_subject(seg: Segment, verb: Token) -> list[Mention]:
    """The active subject of a trigger verb naming no known actor, kept as written ("Des
    hommes armés ont enlevé…", "Les pays du Golfe ont décrété un embargo"): the doer is
    there even if the KB does not know it. Never a pronoun, and never an event noun ("l'attaque
    a tué…": the act is not its own doer), which the trigger lexicon tells."""
    subjects = seg.children(verb, set(role_rules()["subject"]))
    if not subjects or subjects[0].pos_ != "NOUN" or seg.mention_at(subjects[0]) is not None:
        return []
    subject = subjects[0]
    if _is_event_noun(subject, seg.language) or _case(seg, subject):
        return []
    return [unknown_actor(seg, subject)]


def _is_event_noun(tok: Token, language: str) -> bool:
    """Whether a noun is an act of the trigger lexicon ("attaque", "frappes"), and not a
    word of `not_triggers.tsv` that only begins like one ("bomber", "gunmen": doers)."""
    return _event_word(tok.text, language)


@lru_cache(maxsize=100_000)
def _event_word(text: str, language: str) -> bool:
    found = words(text)
    return bool(found) and bool(lexicon_hits(found[:1], "triggers.tsv", language)) \
        and not lexicon_hits(found[:1], NOT_TRIGGERS, language)


def _type_target_cases(etype: str, language: str) -> set[str]:
    """Prepositions that name the one done-to for one event type only ("exiger du
    gouvernement", "une aide pour les civils"): `type_target_cases` in roles.yaml."""
    table = role_rules().get("type_target_cases", {}).get(language, {})
    return set(table.get(etype, ()))


def _border_targets(seg: Segment, tok: Token, etype: str) -> list[Mention]:
    """"a massé des troupes à la frontière ukrainienne / avec le Liban": for the types that
    face a country (`border_types`), the country whose border it is. Which nouns are borders
    is data (`border_nouns`)."""
    if etype not in role_rules().get("border_types", ()):
        return []
    nouns = _words("border_nouns", seg.language)
    out: list[Mention] = []
    for c in seg.children(tok, set(role_rules()["oblique"])):
        if c.lower_ not in nouns:
            continue
        for d in seg.children(c, {"amod", "nmod"}):
            m = country_of_adjective(d, seg.language) if d.dep_ == "amod" else None
            out += [m] if m is not None else _actors(seg, [d]) if d.dep_ == "nmod" else []
    return out


def _raised_objects(seg: Segment, verb: Token) -> list[Token]:
    """The object of a verb that the parser made the subject of the infinitive completing
    it ("convicted the bank to pay", "urged Iran to stop": ClearNLP's `ccomp` with its own
    `nsubj`, where UD has an object and an `xcomp`). Which labels: `raised_object_deps`
    and `infinitive_marks` in roles.yaml."""
    rules = role_rules()
    marks = _words("infinitive_marks", seg.language)
    out = []
    for clause in seg.children(verb, set(rules.get("raised_object_deps", ()))):
        if clause.i < verb.i or not any(c.lower_ in marks and c.i < clause.i
                                        for c in seg.children(clause, {"aux", "mark"})):
            continue
        out += [c for c in seg.children(clause, set(rules["subject"])) if verb.i < c.i < clause.i]
    return out


def verb_targets(seg: Segment, verb: Token, etype: str = "") -> list[Mention]:
    """The done-to of a verb: passive subject, object, or a 'contre/avec/à' complement (and
    the prepositions of the event type: "exiger du gouvernement")."""
    rules, lang = role_rules(), seg.language
    cases = _words("target_cases", lang) | _type_target_cases(etype, lang)
    where = _words("place_cases", lang)  # a place after these is where, not whom
    direct = seg.children(verb, set(rules["object"]) | set(rules["passive_subject"]))
    direct += _raised_objects(seg, verb)
    named = direct
    if etype in rules.get("own_object_types", ()):  # "a retiré ses troupes": the doer's own
        own = _words("possessives", lang)
        named = [c for c in direct if seg.mention_at(c) is None
                 or not any(d.lower_ in own for d in seg.children(c, {"det"}))]
    found = [m for m in _actors(seg, named) if not _placed(seg, m)]
    for c in seg.children(verb, set(rules["oblique"]) | {"xcomp"}):
        case = _case(seg, c)
        if case in cases and c.dep_ != "xcomp":  # "aid to Afghanistan": a place, yet the target
            found += [m for m in _actors(seg, [c]) if case not in where or not seg.is_place(m)]
        elif not case and c.i > verb.i and (c.pos_ == "PROPN" or c.dep_ == "xcomp" and
                                            c.pos_ == "NOUN"):
            # "n'a pas attaqué Washington", "soutient le pouvoir égyptien": objects the
            # parser made an oblique or a predicative complement
            found += _actors(seg, [c])
    if not found:  # "a suspendu son aide militaire à l'Égypte": the object's complement,
        # or an event noun's ("called for sanctions against China")
        acts = [c for c in seg.children(verb, set(rules["oblique"])) if _is_event_noun(c, lang)]
        for c in direct + acts:
            found += [m for n in seg.children(c, {"nmod"}) if _case(seg, n) in cases
                      for m in _actors(seg, [n])
                      if _case(seg, n) not in where or not seg.is_place(m)]
    if not found:
        found = _border_targets(seg, verb, etype) + [
            m for c in direct for m in _border_targets(seg, c, etype)]
    if (verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm") and seg.contains(verb.head)
            or _patient_participle(seg, verb)):
        head = phrase_actor(seg, verb.head)  # "des groupes soutenus par l'Iran"
        found += [head] if head is not None else []
    if not found:  # "a riposté en visant X": the gerund's object
        for c in seg.children(verb, {"advcl"}):
            if c.tag_ == "VERB" or c.pos_ == "VERB":
                found += _actors(seg, seg.children(c, set(rules["object"])))
    if not found and etype in rules.get("clause_subject_target_types", ()):
        found = _clause_subjects(seg, verb)
    return unique(found)


def _clause_subjects(seg: Segment, verb: Token) -> list[Mention]:
    """The subject of the clause a demand-like verb governs: the one asked ("demanded that
    the prime minister apologize", "exige que Téhéran libère"), known actor or, for a common
    noun, as written. Which types: `clause_subject_target_types` in roles.yaml."""
    deps = set(role_rules().get("clause_subject_deps", ()))
    for clause in seg.children(verb, deps):
        if clause.i < verb.i:
            continue
        subjects = seg.children(clause, set(role_rules()["subject"]))
        found = _actors(seg, subjects)
        if found:
            return found
        nouns = [t for t in subjects if t.pos_ == "NOUN"]
        return [unknown_actor(seg, nouns[0])] if nouns else []
    return []


def _placed(seg: Segment, m: Mention) -> bool:
    """A country named with "en/dans" ("les troupes en Irak et en Syrie") is a place."""
    tok = seg.span.doc.char_span(m.start, m.end, alignment_mode="expand")
    return tok is not None and _case(seg, tok.root) in _words("place_cases", seg.language)


def _governing_verb(seg: Segment, noun: Token) -> Token | None:
    """The verb an event noun is the object of ("mener une série de frappes"), if any."""
    tok = noun
    for _ in range(2):
        head = tok.head
        if not seg.contains(head) or head == tok:
            return None
        if head.pos_ in ("VERB", "AUX") and lemma(head) in _words("support_verbs", seg.language) \
                and tok.dep_ in set(role_rules()["object"]) | set(role_rules()["oblique"]):
            return head
        if tok.dep_ != "nmod" or _case(seg, tok) not in ("de", "d'", "d’", "of"):
            return None
        tok = head
    return None


def _sibling_targets(seg: Segment, noun: Token) -> list[Mention]:
    """"en réponse à un bombardement israélien sur la section consulaire": the parser hung
    the "sur" complement on the noun before; right after the trigger, it is the trigger's."""
    if not seg.contains(noun.head) or noun.head == noun:
        return []
    after = [c for c in seg.children(noun.head, {"nmod"})
             if c.i > noun.i and _case(seg, c) in _words("unknown_target_cases", seg.language)]
    if not after or any(t.i < after[0].i and t.dep_ in ("nmod", "obl") and t.head == noun.head
                        and t != noun and t.i > noun.i for t in seg.span):
        return []
    found = [m for m in _actors(seg, after[:1]) if not seg.is_place(m)]
    return found or [unknown_actor(seg, after[0])]


def noun_roles(seg: Segment, noun: Token, etype: str = "") -> Roles:
    """Roles of an event noun: its own complements, and the subject of its support verb."""
    lang, roles = seg.language, Roles()
    verb = _governing_verb(seg, noun)
    roles.predicate = verb or noun
    instrument = noun.lower_ in _words("instrument_nouns", lang)
    if instrument and verb is None:
        return roles  # "un drone": the verb that did something to it is the trigger
    own_agents, own_targets, undergoers = [], [], []
    topical = load_ontology().takes_topic(etype)
    heads = [noun]
    if noun.dep_ == "nmod" and _case(seg, noun) in ("de", "d'", "d’", "of") and seg.contains(
            noun.head) and noun.head.pos_ == "NOUN":
        heads.append(noun.head)  # "une série de pourparlers entre A et B"
    for c in [c for h in heads for c in seg.children(h) if c != noun]:
        if c.head != noun and c.dep_ == "amod":
            continue
        case = _case(seg, c)
        if topical and case in _words("topic_cases", lang):
            continue  # "des discussions sur la fin de la coalition": what, not whom
        if c.dep_ == "amod":
            m = country_of_adjective(c, lang) or seg.mention_at(c)
            if m is not None:
                own_agents.append(m)
        elif c.dep_ in ("nmod", "obl") and case in _words("symmetric_cases", lang):
            roles.symmetric += _actors(seg, [c])
            roles.symmetric += _right_coordinated(seg, roles.symmetric[-1:])
        elif c.dep_ == "nmod" and case in _words("agent_cases", lang):
            found = [m for m in _actors(seg, [c]) if not seg.is_place(m)]
            own_agents += found
            if case not in _words("passive_agent_cases", lang):
                undergoers += found
        elif c.dep_ == "nmod" and case in _words("target_cases", lang) | _type_target_cases(
                etype, lang):  # "his support for Mr. Maduro"
            found = [m for m in _actors(seg, [c]) if not seg.is_place(m)]
            if not found and case in _words("unknown_target_cases", lang):
                found = [unknown_actor(seg, c)]  # "sur la section consulaire de…"
            own_targets += found
    if not own_targets and own_agents and not topical:
        own_targets = _sibling_targets(seg, noun)
    if verb is not None:
        roles.sources = verb_subjects(seg, verb)
        roles.targets = verb_targets(seg, verb, etype)
        roles.targets = [m for m in roles.targets if seg.mention_at(noun) is not m]
        if not roles.targets and not own_targets and roles.sources:
            # "ordered the retrial of a Canadian man": with the doer given by the support
            # verb, the noun's "of" complement is the one it is done to
            roles.targets = [m for m in undergoers if distinct_from(m, roles.sources)] \
                or unknown_obliques(seg, verb)  # "une grève contre la réforme"
    if instrument and verb is not None:
        roles.targets = unique(roles.targets + own_agents)  # "abattu un drone iranien"
    elif roles.sources:
        roles.targets = unique(own_targets + roles.targets)
    else:
        roles.sources, roles.targets = own_agents, unique(own_targets + roles.targets)
    roles.targets = [_not_own(m, roles.sources) for m in roles.targets]
    return roles


def _not_own(target: Mention, sources: list[Mention]) -> Mention:
    """A possessive target that names the doer itself ("l'Iran a retiré ses commandants")
    is no one else: keep the words, drop the actor."""
    if target.method != POSSESSIVE_METHOD or target.actor is None:
        return target
    if any(s.actor is not None and s.actor.id == target.actor.id for s in sources):
        return Mention(target.start, target.end, target.text, None, method="event-text")
    return target


def distinct_from(m: Mention, others: list[Mention]) -> bool:
    """Whether a mention is none of `others` (same span or same actor)."""
    return not any((m.start, m.end) == (o.start, o.end) or m.actor is not None
                   and o.actor is not None and m.actor.id == o.actor.id for o in others)


def _small_clause(seg: Segment, adjective: Token) -> Roles | None:
    """A predicative adjective completing a verb with its own subject ("a court found
    Barbarin guilty", "a jugé X coupable"): the verb's subject did it, to the adjective's
    subject (the verb's object in UD). None when the verb has neither ("s'est dit prêt à")."""
    rules, verb = role_rules(), adjective.head
    if seg.children(adjective, {"cop"}):
        return None  # "said Iran was ready to…": a clause of its own, not a small clause
    undergoer = seg.children(adjective, set(rules["subject"])) or [
        c for c in seg.children(verb, set(rules["object"])) if c.i < adjective.i]
    if not undergoer:
        return None
    sources = verb_subjects(seg, verb)
    targets = [m for m in _actors(seg, undergoer) if distinct_from(m, sources)]
    return Roles(sources=sources, targets=targets, predicate=verb)


def trigger_roles(seg: Segment, trigger: Token, etype: str = "") -> Roles:
    """The roles around one trigger word, verb or noun, whose lexicon type is `etype`;
    a time expression the grammar put in a role ("imposed a curfew on Basra on Saturday")
    is dropped from it."""
    roles = _trigger_roles(seg, trigger, etype)
    roles.sources = [m for m in roles.sources if not seg.is_time(m)]
    roles.targets = [m for m in roles.targets if not seg.is_time(m)]
    return roles


def _obligation(seg: Segment, modal: Token) -> Roles:
    """A modal of obligation in a reported clause ("Russia says Israel must end attacks"):
    the speaker asks it of the clause's subject. Unreported, it makes no event of its own."""
    clause = modal.head
    if modal.dep_ != "aux" or clause.dep_ not in role_rules().get("reported_clause_deps", ()) \
            or not seg.contains(clause.head) or clause.head is clause:
        return Roles(predicate=modal)
    speaker = clause.head
    sources = verb_subjects(seg, speaker)
    targets = _actors(seg, seg.children(clause, set(role_rules()["subject"])))
    return Roles(sources=sources, targets=[m for m in targets if distinct_from(m, sources)],
                 predicate=speaker)


def _trigger_roles(seg: Segment, trigger: Token, etype: str) -> Roles:
    if trigger.pos_ == "AUX" and etype in role_rules().get("obligation_types", ()):
        return _obligation(seg, trigger)
    if trigger.pos_ == "ADJ" and trigger.dep_ in role_rules().get("small_clause_deps", ()) \
            and seg.contains(trigger.head) and trigger.head.pos_ == "VERB":
        small = _small_clause(seg, trigger)
        if small is not None:
            return small
    if trigger.pos_ == "ADJ" and trigger.dep_ == "amod" and seg.contains(trigger.head) \
            and trigger.head.pos_ == "NOUN":  # "des patrouilles conjointes": the noun's roles
        return noun_roles(seg, trigger.head, etype)
    if trigger.pos_ in ("VERB", "AUX") and _supports_event(seg, trigger):
        return Roles(predicate=trigger)  # "ont lancé une grève": the noun is the event
    if trigger.pos_ in ("VERB", "AUX") or (trigger.pos_ == "ADJ" and trigger.dep_ != "amod"):
        sources = verb_subjects(seg, trigger)
        targets = verb_targets(seg, trigger, etype) or unknown_objects(seg, trigger, sources)
        return Roles(sources=sources, targets=targets, predicate=trigger)
    return noun_roles(seg, trigger, etype)


def unknown_objects(seg: Segment, verb: Token, sources: list[Mention]) -> list[Mention]:
    """The direct object of a trigger verb naming no known actor, kept as written ("a enlevé
    deux ingénieurs étrangers", "a dénoncé les arrestations arbitraires"), else its
    "contre/sur" complement ("ont manifesté contre le pouvoir militaire"): what the act was
    done to. Only with a doer, only a common noun (`unknown_target_deps` in roles.yaml), never
    the doer's own ("a retiré ses troupes", "a rappelé son ambassadeur") nor a thing it
    uses (`instrument_nouns`: "a déployé des chars")."""
    if not sources:
        return []
    deps = set(role_rules().get("unknown_target_deps", ()))
    own = set(_words("possessives", seg.language))
    things = _words("instrument_nouns", seg.language)
    against = _words("unknown_target_cases", seg.language)
    obliques = set(role_rules()["oblique"])

    support = lemma(verb) in _words("support_verbs", seg.language)

    def unknown(c: Token) -> bool:
        return c.pos_ == "NOUN" and seg.mention_at(c) is None and c.lower_ not in things \
            and not any(d.lower_ in own for d in seg.children(c, {"det"})) \
            and not (support and _is_event_noun(c, seg.language))  # "a lancé une grève"

    objects = [c for c in seg.children(verb, deps) if unknown(c)] or [
        c for c in seg.children(verb, obliques) if unknown(c) and _case(seg, c) in against]
    return [_not_own(unknown_actor(seg, objects[0]), sources)] if objects else []


def unknown_obliques(seg: Segment, verb: Token) -> list[Mention]:
    """The "contre/sur" complement of a support verb naming no known actor, kept as written:
    "ont lancé une grève générale contre la réforme des retraites" (the event noun is the
    verb's object, so what it was against hangs on the verb)."""
    against = _words("unknown_target_cases", seg.language)
    found = [c for c in seg.children(verb, set(role_rules()["oblique"]))
             if c.pos_ == "NOUN" and seg.mention_at(c) is None and _case(seg, c) in against]
    return [unknown_actor(seg, found[0])] if found else []


def _supports_event(seg: Segment, verb: Token) -> bool:
    """A trigger verb that is only the support of an event noun object ("lancer une grève",
    "mener des frappes"): the noun names the event, the verb does not name another."""
    if lemma(verb) not in _words("support_verbs", seg.language):
        return False
    return any(c.pos_ == "NOUN" and _is_event_noun(c, seg.language)
               for c in seg.children(verb, set(role_rules()["object"])))
