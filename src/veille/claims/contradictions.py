"""Contested claims: two speakers who say incompatible things about the same proposition.

An analyst reads this panel as "these two sources cannot both be right", so a pair is
kept only when every condition holds (a false pair is worse than a missed one):

- **different speakers** after actor resolution: "l'OTAN" and "l'Alliance atlantique"
  resolve to one actor and are one speaker; unresolved speakers compare by their folded
  text; a claim with no speaker (the outlet's own sentence) is never contested;
- **different sentences**: two numbers of one sentence are one report ("environ 200
  soldats face à des milliers de rebelles"), not a dispute;
- **the same proposition** and **incompatible values**, in one of three ways:

  - *quantity*: both count the same thing with the same measure — counts of the same
    noun whose surrounding words agree (the slot: who counted what), or shares of one
    attack on one scale (the share that got through: "99 % interceptés" against "la
    moitié a atteint ses cibles", thanks to the lexicon's `complement_verbs`) — and the
    values disagree beyond what "environ"/"au moins" allow; counts published more than
    `QUANTITY_DAYS` apart are a toll that moved, not a dispute (the *when* of the slot);
  - *denial*: a claim whose verb denies ("a démenti", "denied") against another speaker's
    claim that it restates;
  - *polarity*: one says something happened, the other that it did not ("n'a pas
    frappé"), with most of their content words shared.

The explanation is written in words, each side with its speaker and its own phrase:
"Israël : avoir intercepté 99 % des missiles et drones iraniens — la télévision
iranienne : la moitié des missiles et drones ont atteint leurs cibles".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

from veille.claims.lexicon import Lexicon, load_lexicon, words_regex
from veille.claims.numbers import NumericFact, share_through
from veille.model import Claim
from veille.text import fold

#: Two shares of the same attack further apart than this disagree (0.99 vs 0.5 does).
SHARE_GAP = 0.2
#: Two counts of the same thing disagree when the larger exceeds the smaller by more than
#: this ratio squared (each is read within this ratio either way; 1.25² ≈ 1.56: "12" and "30" do).
COUNT_RATIO = 1.25
#: Content words shared (beyond the counted noun) for two counts to be about the same slot.
SLOT_WORDS = 2
#: Counts from articles published further apart than this are a moving toll, not a dispute.
QUANTITY_DAYS = 2
#: Share of the shorter claim's content words found in the other, above which a denial
#: restates that claim: half ("a démenti que le président ait été briefé" restates "le
#: président a été briefé"; "nié avoir fourni ces armes au rebelle" does not restate "la
#: Turquie fournit des armes au GNA", which shares a third).
DENIAL_OVERLAP = 0.5
#: Share of the longer claim's words found in the other too, under which a denial is not
#: about it (a long claim holds the few words of any denial: "armes", "embargo", "Libye").
DENIAL_SPAN = 0.2
#: A denial that names the other claim's speaker needs only this overlap.
NAMED_DENIAL_OVERLAP = 0.2
#: Overlap above which two claims are compared at all (the gold's pairs were drawn with it).
CANDIDATE_OVERLAP = 0.34
#: The same for an occurred/did-not-occur pair, which must restate more of each other,
#: counted over common words (names left out), with at least `POLARITY_WORDS` shared.
POLARITY_OVERLAP = 0.6
POLARITY_WORDS = 3
POLARITY_SPAN = 0.4
#: Words either side of a negation that it bears on ("ne se soumettra pas": 3 words away).
NEGATION_REACH = 3
#: A word in more claims than this says nothing about which pairs to compare.
COMMON_WORD = 200
#: Words of an explanation's phrase kept either side of the number.
PHRASE_WORDS = (4, 9)
#: Titles before a name, left out when two spellings of one person are compared.
_TITLES = frozenset({"M.", "Mme", "Mlle", "MM.", "Mr", "Mr.", "Mrs", "Ms", "Dr", "Dr."})
_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
_CLAUSE = re.compile(r"[;:,()«»\"“”]|\s[-–—]\s")


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """Where a claim lives: the article id (None inside a single article) and its index there."""

    article: Hashable
    index: int


@dataclass(frozen=True, slots=True)
class Contradiction:
    """Two claims from different speakers that cannot both be true, and why, in words."""

    a: ClaimRef
    b: ClaimRef
    reason: str  # "quantity", "denial" or "polarity"
    detail: str

    def to_dict(self) -> dict[str, object]:
        return {"a": {"article": self.a.article, "claim": self.a.index},
                "b": {"article": self.b.article, "claim": self.b.index},
                "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class _Item:
    ref: ClaimRef
    claim: Claim
    published: date | None


def speaker_key(claim: Claim) -> str | None:
    """Who speaks, as one key: the resolved actor's id; else, for a bare personal name
    ("Mohamad Gnounou", "M. Gnounou"), its last word; else the folded speaker text."""
    if claim.speaker is not None and claim.speaker.actor is not None:
        return "actor:" + claim.speaker.actor.id
    words = [w for w in (claim.speaker_text or "").split() if w not in _TITLES]
    if 0 < len(words) <= 4 and all(w[:1].isupper() for w in words):
        return "person:" + fold(words[-1])
    text = " ".join(fold(claim.speaker_text or "").split())
    text = re.sub(r"^(?:l'|le |la |les |the )", "", text)
    return "text:" + text if text else None


def speaker_label(claim: Claim, language: str) -> str:
    """How the explanation names a speaker: a state by its name in `language`
    ("Israël", whatever loaded name the article used), anyone else as the article wrote it."""
    actor = claim.speaker.actor if claim.speaker is not None else None
    if actor is not None and actor.kind == "state":
        from veille.actors.kb import load_kb

        entry = load_kb().get(actor.id)
        names = entry.aliases.get(language) if entry is not None else None
        return names[0] if names and language != "en" else actor.name
    return (claim.speaker_text or "?").strip()


def _facts(claim: Claim) -> list[NumericFact]:
    return [NumericFact(**dict(f)) for f in claim.numbers]


def _stem(word: str | None) -> str:
    return fold(word.split()[0]).rstrip("sx") if word else ""


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """spaCy's French and English stop words, folded ("nous", "sont", "avec", "being"):
    words every claim shares, which say nothing of what it claims."""
    from spacy.util import get_lang_class

    words = get_lang_class("fr").Defaults.stop_words | get_lang_class("en").Defaults.stop_words
    return frozenset(fold(w) for w in words)


def _content_words(text: str, *, names: bool = True) -> set[str]:
    """Words of four letters or more that are not stop words, folded, plural stripped;
    without the capitalised ones (names) when `names` is False: two claims about Bachar
    al-Assad share his name whatever they say of him."""
    stop = _stop_words()
    return {fold(w).rstrip("sx") for w in _WORD.findall(text)
            if (names or not w[:1].isupper()) and fold(w) not in stop}


def _containment(x: str, y: str, minimum: int = 3, *, names: bool = True) -> float:
    """Share of the smaller bag of content words found in the other (0 for tiny bags)."""
    wx, wy = _content_words(x, names=names), _content_words(y, names=names)
    return len(wx & wy) / min(len(wx), len(wy)) if min(len(wx), len(wy)) >= minimum else 0.0


def _same_sentence(a: _Item, b: _Item) -> bool:
    if a.ref.article != b.ref.article:
        return False
    if a.claim.sentence and a.claim.sentence == b.claim.sentence:
        return True
    return a.claim.start < b.claim.end and b.claim.start < a.claim.end


def _days_apart(a: _Item, b: _Item) -> int:
    if a.published is None or b.published is None:
        return 0
    return abs((a.published - b.published).days)


def _phrase(claim: Claim, fact: NumericFact, lex: Lexicon) -> str:
    """The clause of the claim around one number, a few words either side, stopped before a
    word that starts another complement ("grâce à", "avec", "selon": `phrase_breaks`)."""
    content, offset = claim.content, claim.start
    lo, hi = fact.start - offset, fact.end - offset
    if not (0 <= lo < hi <= len(content)):
        return fact.text
    start = max((m.end() for m in _CLAUSE.finditer(content, 0, lo)), default=0)
    stop = next((m.start() for m in _CLAUSE.finditer(content, hi)), len(content))
    breaks = words_regex(lex.list("phrase_breaks")).search(content, hi, stop)
    stop = breaks.start() if breaks else stop
    before = content[start:lo].split()[-PHRASE_WORDS[0]:]
    after = content[hi:stop].split()[:PHRASE_WORDS[1]]
    return " ".join([*before, content[lo:hi].strip(), *after])


def _interval(fact: NumericFact, lex: Lexicon) -> tuple[float, float]:
    """The values a count allows: a bound ("plus de 900": 900 and up, `bound_words`), an
    estimate or an exact figure (within `COUNT_RATIO` either way: reports round)."""
    bounds = lex.raw.get("bound_words") or {}
    head = fold(fact.text)
    if any(head.startswith(fold(w)) for w in bounds.get("lower", [])):
        return fact.value, float("inf")
    if any(head.startswith(fold(w)) for w in bounds.get("upper", [])):
        return 0.0, fact.value
    return fact.value / COUNT_RATIO, fact.value * COUNT_RATIO


def _compatible_counts(fa: NumericFact, fb: NumericFact, lex: Lexicon) -> bool:
    """Whether two counts can both be true: their allowed values overlap."""
    (lo_a, hi_a), (lo_b, hi_b) = _interval(fa, lex), _interval(fb, lex)
    return lo_a <= hi_b and lo_b <= hi_a


def _slot_words(claim: Claim, fact: NumericFact, lex: Lexicon) -> set[str]:
    """The words that say which count this is — who counted what, where, when: the content
    words of the number's own clause, less its noun phrase ("dix enfants de jihadistes
    français") and the hedges ("environ"). The clause, not the whole claim: two long claims
    share words that say nothing of the number ("à 80 km au sud de Tripoli" and "à plus de
    150 km de Tripoli" place two different things); not the noun phrase, which says what is
    counted, not what happened to it ("dix enfants … rapatriés", "300 enfants … retenus")."""
    phrase = _phrase(claim, fact, lex)
    noun_phrase = re.compile(rf"{re.escape(fact.text)}\s+(?:(?:de|des|du|d['’]|of|the)\s*)?"
                             rf"{re.escape(fact.counts or '')}(?:\s+(?:de|des|du|d['’]|of)\s*[\w'’-]+(?:\s+[\w'’-]+)?)?",
                             re.IGNORECASE)
    rest = noun_phrase.sub(" ", phrase, count=1) if fact.counts else phrase
    hedges = _content_words(" ".join(lex.list("approx_words")))
    return _content_words(rest) - _content_words(fact.counts or "") - hedges


def _quantity(a: _Item, b: _Item, lex: Lexicon) -> tuple[NumericFact, NumericFact] | None:
    """The two facts that disagree about the same measured thing, or None."""
    for fa in _facts(a.claim):
        for fb in _facts(b.claim):
            if not fa.counts or _stem(fa.counts) != _stem(fb.counts):
                continue
            sa = share_through(fa, a.claim.content, lex)
            sb = share_through(fb, b.claim.content, lex)
            if sa is not None and sb is not None:
                if abs(sa - sb) > SHARE_GAP:
                    return fa, fb
                continue
            if fa.unit != "count" or fb.unit != "count" or _days_apart(a, b) > QUANTITY_DAYS:
                continue
            shared = _slot_words(a.claim, fa, lex) & _slot_words(b.claim, fb, lex)
            if len(shared) >= SLOT_WORDS and not _compatible_counts(fa, fb, lex):
                return fa, fb
    return None


def _names_speaker(text: str, claim: Claim) -> bool:
    """Whether `text` names the speaker of `claim` ("une information publiée par le New York
    Times" names the Times): its capitalised words, folded, all found in `text`."""
    names = [fold(w) for w in (claim.speaker_text or "").split() if w[:1].isupper() and len(w) > 2]
    folded = fold(text)
    return bool(names) and all(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", folded) for n in names)


def _denies(denial: Claim, other: Claim) -> bool:
    """Whether a denial is about `other`: it restates half of it, or it restates some of it
    and names its speaker (denials restate little and often say whose report they reject);
    either way the two must be of a size (`DENIAL_SPAN`)."""
    overlap = _containment(denial.content, other.content)
    wd, wo = _content_words(denial.content), _content_words(other.content)
    if not wd or not wo or len(wd & wo) / max(len(wd), len(wo)) < DENIAL_SPAN:
        return False  # a long claim holds the few words of any denial
    return overlap >= DENIAL_OVERLAP or (overlap >= NAMED_DENIAL_OVERLAP
                                         and _names_speaker(denial.content, other))


def _is_denial(claim: Claim, lex: Lexicon) -> bool:
    """A claim that denies a statement: the deny stance, less the verbs that refuse a request
    ("a rejeté les requêtes", `rejection_verbs`) rather than deny what someone said."""
    verb = " ".join((claim.verb or "").lower().split())
    return claim.stance == "deny" and verb not in set(lex.list("rejection_verbs"))


def _restates(a: Claim, b: Claim) -> bool:
    """Whether two claims say the same thing but for a negation: at least `POLARITY_WORDS`
    common words (names left out: they say who, not what) and `POLARITY_OVERLAP` of the
    shorter claim's, and `POLARITY_SPAN` of the longer one's. Short claims share "allié" and
    "doit" by chance, and a long one holds the words of any short one: all three floors hold."""
    wa, wb = _content_words(a.content, names=False), _content_words(b.content, names=False)
    shared = len(wa & wb)
    return (shared >= POLARITY_WORDS and shared / min(len(wa), len(wb)) >= POLARITY_OVERLAP
            and shared / max(len(wa), len(wb)) >= POLARITY_SPAN)


def _negated(claim: Claim, lex: Lexicon) -> bool:
    return bool(words_regex(lex.list("negation_words")).search(claim.content))


def _negation_on_shared(a: Claim, b: Claim, lex: Lexicon) -> bool:
    """Whether the negation bears on what both claims say: a word of the other claim within
    `NEGATION_REACH` words of the negation ("Damas ne se soumettra pas" negates "soumettra";
    a "pas" three clauses away from the shared words negates something else)."""
    negated, other = (a, b) if _negated(a, lex) else (b, a)
    shared = _content_words(negated.content, names=False) & _content_words(other.content, names=False)
    words = negated.content.split()
    marker = words_regex(lex.list("negation_words"))
    for i, word in enumerate(words):
        if marker.fullmatch(word.strip(".,;:!?«»\"'’")):
            near = " ".join(words[max(0, i - NEGATION_REACH):i + NEGATION_REACH + 1])
            if _content_words(near, names=False) & shared:
                return True
    return False


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _explain(a: _Item, b: _Item, what_a: str, what_b: str, language: str) -> str:
    return (f"{speaker_label(a.claim, language)} : {what_a} — "
            f"{speaker_label(b.claim, language)} : {what_b}")


def _conflict(a: _Item, b: _Item, lex: Lexicon) -> tuple[str, str] | None:
    """(reason, explanation) when the two claims cannot both hold, else None."""
    facts = _quantity(a, b, lex)
    if facts is not None:
        return "quantity", _explain(a, b, _phrase(a.claim, facts[0], lex), _phrase(b.claim, facts[1], lex),
                                    lex.language)
    deny_a, deny_b = _is_denial(a.claim, lex), _is_denial(b.claim, lex)
    denier, other = (a, b) if deny_a else (b, a)
    if deny_a != deny_b and _denies(denier.claim, other.claim):
        what = str(lex.raw.get("denies_phrase", "({verb})")).format(verb=denier.claim.verb)
        text = _explain(other, denier, _short(other.claim.content), f"{what} {_short(denier.claim.content)}",
                        lex.language)
        return "denial", text
    if _negated(a.claim, lex) != _negated(b.claim, lex) and _restates(a.claim, b.claim) \
            and _negation_on_shared(a.claim, b.claim, lex):
        return "polarity", _explain(a, b, _short(a.claim.content), _short(b.claim.content), lex.language)
    return None


def _candidate_pairs(items: list[_Item]) -> set[tuple[int, int]]:
    """Pairs worth comparing: sharing a counted noun, or restating each other (at least
    `CANDIDATE_OVERLAP` of the shorter claim's content words in the other, a denial
    `NAMED_DENIAL_OVERLAP`): nothing else can pass `_conflict`, and reading only these keeps
    the pass near-linear."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in {"n:" + _stem(f.get("counts")) for f in item.claim.numbers if f.get("counts")}:
            by_key[key].append(i)
        for word in _content_words(item.claim.content):
            by_key["w:" + word].append(i)
    pairs: set[tuple[int, int]] = set()
    shared: set[tuple[int, int]] = set()
    for key, members in by_key.items():
        if key.startswith("n:"):
            pairs.update(combinations(sorted(set(members)), 2))
        elif len(members) <= COMMON_WORD:
            shared.update(combinations(sorted(set(members)), 2))
    for i, j in shared - pairs:
        a, b = items[i].claim, items[j].claim
        floor = NAMED_DENIAL_OVERLAP if "deny" in (a.stance, b.stance) else CANDIDATE_OVERLAP
        if _containment(a.content, b.content) >= floor:
            pairs.add((i, j))
    return pairs


def _comparable(a: _Item, b: _Item) -> bool:
    """Different speakers (after actor resolution), both named, in different sentences,
    neither a question."""
    ka, kb = speaker_key(a.claim), speaker_key(b.claim)
    return ka is not None and kb is not None and ka != kb and not _same_sentence(a, b) \
        and not _asks(a.claim) and not _asks(b.claim)


def _asks(claim: Claim) -> bool:
    """A question asserts nothing ("vous m'auriez serré la main ?"): it contradicts nobody."""
    return claim.content.rstrip(" »\"”").endswith("?")


def candidate_pairs(claims_by_article: Mapping[Hashable, Sequence[Claim]], *,
                    published: Mapping[Hashable, date | None] | None = None
                    ) -> list[tuple[ClaimRef, ClaimRef]]:
    """Every pair the finder compares (the pairs a gold must label), in a stable order."""
    items = _items(claims_by_article, published)
    return [(items[i].ref, items[j].ref) for i, j in sorted(_candidate_pairs(items))]


def _items(claims_by_article: Mapping[Hashable, Sequence[Claim]],
           published: Mapping[Hashable, date | None] | None) -> list[_Item]:
    dates = published or {}
    return [_Item(ClaimRef(article, i), claim, dates.get(article))
            for article, claims in claims_by_article.items() for i, claim in enumerate(claims)]


def find_contradictions(claims_by_article: Mapping[Hashable, Sequence[Claim]], *,
                        language: str = "fr",
                        published: Mapping[Hashable, date | None] | None = None
                        ) -> list[Contradiction]:
    """Contested pairs among all claims given, keyed by article id (None for a lone
    article); `published` (article id → date) lets counts far apart in time be updates."""
    lex = load_lexicon(language)
    items = _items(claims_by_article, published)
    found = []
    for i, j in sorted(_candidate_pairs(items)):
        a, b = items[i], items[j]
        if not _comparable(a, b):
            continue
        conflict = _conflict(a, b, lex)
        if conflict is not None:
            found.append(Contradiction(a.ref, b.ref, *conflict))
    return found


def mark_contested(claims: Sequence[Claim], contradictions: Sequence[Contradiction],
                   article: Hashable = None) -> None:
    """Write each contradiction into the `contested_with` of the claims of `article` it involves."""
    for c in contradictions:
        for mine, other in ((c.a, c.b), (c.b, c.a)):
            if mine.article == article and 0 <= mine.index < len(claims):
                entry = {"article": other.article, "claim": other.index, "reason": c.reason, "detail": c.detail}
                if entry not in claims[mine.index].contested_with:
                    claims[mine.index].contested_with.append(entry)
