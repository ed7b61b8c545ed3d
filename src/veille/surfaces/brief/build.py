"""The analyst's brief as data, in the shape of the brief seed 000 wrote by hand: who the
actors are and what they did (roles in their own events' verbs), what they stand to lose
(threats made and received, attacks suffered), the three axes (alliances, diplomatic
commitments, risks of misreading), the three questions (who really speaks, what guarantees
exist, what civilians would pay), then key dates, contested claims, sourcing, escalation
and sources — each item carrying the citation of the sentence it rests on.

Actors are counted once per state: a government and its ministries are the state's row
("Government of France" is France); a bare generic group joins its one national variant.
Rendering (Markdown or HTML, French or English) is `veille.surfaces.brief.render`.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from veille.actors.generic import KIND_STEMS
from veille.actors.kb import load_kb
from veille.stories.sentences import split_sentences
from veille.store import Store
from veille.store.read import ArticleFilter, article_where
from veille.store.records import analysis_records, contested_pairs
from veille.surfaces.brief.changes import changes_since
from veille.surfaces.brief.cite import Citation, Citer
from veille.surfaces.brief.words import labels, lexicon_pattern

log = logging.getLogger(__name__)

#: Ids of country-less generic actors ("les milices" → REB); "REB-IRQ" is a national one.
GENERIC_STEMS = frozenset(KIND_STEMS.values())
# Actor kinds that make a row of the actors table (people, media and anonymous sources
# appear as speakers of claims instead).
TABLE_KINDS = ("state", "government", "military", "armed_group", "opposition", "igo", "ngo")
#: Event types by axis (PLOVER names, see veille/events/data/plover.yaml).
ALLIANCE_TYPES = ("SUPPORT", "COOPERATE", "AID")
COMMITMENT_TYPES = ("AGREE", "CONSULT", "CONCEDE")
#: What an actor stands to lose: the threats and blows it receives (and the threats it makes).
STAKE_TYPES = ("THREATEN", "ASSAULT", "COERCE", "SANCTION")
MAX_ITEMS = 6


@dataclass(frozen=True, slots=True)
class BriefOptions:
    query: str | None = None
    story: str | None = None
    actors: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    lang: str = "fr"
    base_url: str = "http://127.0.0.1:8000"
    max_actors: int = 10


@dataclass(slots=True)
class Brief:
    options: BriefOptions
    generated: str
    articles: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    alliances: list[dict[str, Any]] = field(default_factory=list)
    commitments: list[dict[str, Any]] = field(default_factory=list)
    misreading: list[dict[str, Any]] = field(default_factory=list)
    speakers: list[dict[str, Any]] = field(default_factory=list)
    guarantees: list[dict[str, Any]] = field(default_factory=list)
    civilians: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    contested: list[dict[str, Any]] = field(default_factory=list)
    sourcing: dict[str, int] = field(default_factory=dict)
    anonymous: list[Citation] = field(default_factory=list)
    escalation: dict[str, Any] | None = None
    #: What the key dates could not place: {"articles": n, "events": m} (`timeline.left_out`).
    timeline_left_out: dict[str, int] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    #: article id → its language, so a quote in another language than the brief's is marked.
    languages: dict[str, str | None] = field(default_factory=dict)
    #: every actor row of the selection → (articles, mentions), table or not: the snapshot
    #: a saved selection keeps (veille.surfaces.brief.changes).
    actor_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: what changed since the saved selection's last brief (None: not asked for).
    changes: dict[str, Any] | None = None


def selected_articles(store: Store, opts: BriefOptions) -> list[dict[str, Any]]:
    """Original articles matching the options, oldest first, text included."""
    where, params = article_where(ArticleFilter(
        search=opts.query, actors=tuple(opts.actors), story=opts.story,
        date_from=opts.date_from, date_to=opts.date_to))
    return store.rows("SELECT a.id, a.published, a.source, a.title, a.url, a.language, a.text "
                      f"FROM articles a WHERE {where} ORDER BY a.published NULLS LAST, a.id",
                      params)


def generic_group_owners(records: dict[str, dict]) -> dict[str, str]:
    """Generic groups of the selection ("les milices", REB) → their one national variant.

    Articles say "les milices irakiennes" once and "les milices" ten times after. Each
    mention stays as written in the store (a bare "milices" names no country); the brief,
    which reads the whole selection, counts the bare ones with the national group when
    the selection names exactly one national variant of that kind (REB-IRQ and no
    REB-SYR). With two or more it cannot tell which one, and keeps the generic row.
    """
    seen = {((m.get("actor") or {}).get("id"), (m.get("actor") or {}).get("country"))
            for rec in records.values() for m in rec.get("mentions", [])
            if (m.get("actor") or {}).get("kind") in TABLE_KINDS}
    generic = {aid for aid, country in seen if not country and aid in GENERIC_STEMS}
    owners = {}
    for stem in generic:
        variants = {aid for aid, country in seen
                    if aid and country and aid == f"{stem}-{country}"}
        if len(variants) == 1:
            owners[stem] = variants.pop()
    return owners


class ActorBook:
    """Which row an actor counts in, and its name in the brief's language.

    A government (and its ministries) is its state: analysts read one row per state, and
    "Government of France" next to "France" splits one actor's deeds in two. A bare generic
    group joins its one national variant (`generic_group_owners`). Names: the knowledge
    base's French name of a state in a French brief ("États-Unis"), "gouvernement (Iran)"
    style names for the bodies of a state, the registry name otherwise.
    """

    def __init__(self, records: dict[str, dict], lang: str) -> None:
        self.lang = lang
        self.L = labels()[lang]
        self.kb = load_kb()
        self.owners = generic_group_owners(records)
        self.info: dict[str, dict] = {}
        self.members: dict[str, set[str]] = defaultdict(set)

    def canon(self, actor: dict | None) -> str | None:
        """The row id `actor` counts in (None for no actor)."""
        if not actor or not actor.get("id"):
            return None
        aid = actor["id"]
        key = self.owners.get(aid, aid)
        country = actor.get("country")
        if actor.get("kind") == "government" and country and country != aid:
            entry = self.kb.get(country)
            if entry is not None and entry.kind == "state":
                key = country
                self.info.setdefault(key, {"id": key, "name": entry.name, "kind": "state",
                                           "country": country})
        if key == aid:
            self.info.setdefault(key, dict(actor))
        self.members[key].add(aid)
        return key

    def state_name(self, country: str | None) -> str | None:
        entry = self.kb.get(country) if country else None
        if entry is None:
            return country
        if self.lang != "en" and entry.aliases.get(self.lang):
            return entry.aliases[self.lang][0]
        return entry.name

    def name(self, key: str | None, actor: dict | None = None) -> str:
        """The display name of row `key` (or of a non-row `actor`)."""
        a = self.info.get(key or "") or actor or {}
        kind, country = a.get("kind"), a.get("country")
        if kind == "anonymous_source":
            base = self.L["sourcing_kinds"]["anonymous"]
            return f"{base} ({self.state_name(country)})" if country else base
        if kind == "state":
            return self.state_name(a.get("id")) or a.get("name") or key or ""
        entry = self.kb.get(a.get("id") or "")
        if self.lang != "en" and kind in TABLE_KINDS and entry is not None \
                and entry.aliases.get(self.lang) and kind not in self.L["kind_names"]:
            return entry.aliases[self.lang][0]  # "État islamique", not "Islamic State"
        stem = (a.get("id") or "").split("-")[0]
        generic = self.L.get("generic_names", {}).get(stem) if stem in GENERIC_STEMS else None
        if generic:  # "milices (IRQ)" is French: an English brief says "armed groups (Iraq)"
            return self.L["generic_country"].format(name=generic, country=self.state_name(
                country)) if country else generic
        template = self.L["kind_names"].get(kind)
        if template and country:
            return template.format(country=self.state_name(country))
        return a.get("name") or key or ""

    def merged_ids(self, key: str) -> list[str]:
        """Ids of the other bodies counted in row `key` (shown next to its id)."""
        return sorted(aid for aid in self.members.get(key, ()) if aid != key)

    def same_side(self, a: str | None, b: str | None) -> bool:
        """Whether rows `a` and `b` belong to one country (a president praising his own
        army is no alliance: alliances are between sides)."""
        ca, cb = ((self.info.get(k or "") or {}).get("country") for k in (a, b))
        return bool(ca) and ca == cb and ca != "IGO"

    def is_party(self, key: str | None) -> bool:
        """Whether row `key` names someone (an anonymous source names no one)."""
        return bool(key) and self.info.get(key, {}).get("kind") != "anonymous_source"


def _party(e: dict, side: str) -> dict | None:
    return ((e.get(side) or {}).get("actor")) or None


def _relation(kind: str, verb: str, others: list[str], cite: Citation | None,
              status: str | None = None, score: float = 0.0) -> dict[str, Any]:
    return {"kind": kind, "verb": verb, "others": others, "cite": cite,
            "statuses": [status] if status and status != "occurred" else [], "count": 1,
            "score": score}


def _evidence(event: dict) -> float:
    """How well an event's sentence shows it: its confidence, a stated fact before a
    reported, planned or hypothetical one (the line cites its best sentence)."""
    return float(event.get("confidence") or 0.0) + (0.5 if event.get("status") == "occurred"
                                                    else 0.0)


def _add(groups: dict[tuple, dict], key: tuple, item: dict[str, Any]) -> None:
    """Gather relations of one (kind, verb, …) key: count them, keep the citation of the
    best evidence (`_evidence`: the first one a reader checks should show the relation)."""
    if key in groups:
        g = groups[key]
        g["count"] += 1
        for o in item["others"]:
            if o not in g["others"]:
                g["others"].append(o)
        for st in item["statuses"]:
            if st not in g["statuses"]:
                g["statuses"].append(st)
        if item["cite"] and (g["cite"] is None or item.get("score", 0) > g.get("score", 0)):
            g["cite"], g["score"] = item["cite"], item.get("score", 0)
    else:
        groups[key] = item


def speaker_words(claim: dict) -> str | None:
    """The speaker phrase as written, when it reads as someone: it opens on a capital
    ("Le chauffeur", "Jean-Yves Le Drian"). A phrase opening on a digit or a lower-case
    word ("son côté", "cette organisation", "26 novembre le chef…") is a piece of the
    sentence the quote finder took for its speaker: the line says the outlet instead."""
    text = ((claim.get("speaker") or {}).get("text") or "").strip()
    return text if text[:1].isupper() else None


def speaker_actor(claim: dict, mentions: list[dict]) -> dict | None:
    """The claim's resolved speaker, only when the speaker phrase is about that actor.

    A resolved speaker is kept when the first actor named inside the speaker phrase is
    that actor (or the phrase names none: "a-t-il dit"). "Un porte-parole des rebelles
    appelant les États-Unis" must not be quoted as the United States: words are
    attributed to the speaker, never to an actor merely mentioned near them.
    """
    sp = claim.get("speaker") or {}
    actor = sp.get("actor")
    if not actor:
        return None
    start, end = sp.get("start"), sp.get("end")
    if start is None or end is None:
        return actor
    inside = sorted((m for m in mentions if m.get("actor") and start <= m["start"] < end),
                    key=lambda m: m["start"])
    if inside and inside[0]["actor"]["id"] != actor["id"]:
        return None
    return actor


@dataclass(slots=True)
class ActorCounts:
    """Per actor row (`ActorBook.canon`): the articles naming it, its mentions, and its
    first mention in each article — what the table ranks by, and what "what changed since
    the last brief" compares and cites (the first mention in a new article)."""

    mentions: Counter[str] = field(default_factory=Counter)
    #: row id → article id → offset of its first mention there (articles in id order).
    first: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    #: row id → article id → its mentions there.
    per_article: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: row id → article id → offset of the first mention of the row's own id there (the
    #: state itself, not its capital standing for its government).
    own: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def articles(self, key: str) -> int:
        return len(self.first.get(key, {}))

    def showcase(self, key: str) -> tuple[str, int]:
        """Where to cite the actor: in the article that names it most (an article about
        it, not one that names it in passing), its first mention by its own name."""
        aid = min(self.per_article[key], key=lambda a: (-self.per_article[key][a], a))
        return aid, self.own[key].get(aid, self.first[key][aid])

    def ranked(self) -> list[str]:
        """Row ids, most articles first, then most mentions, then id."""
        return sorted(self.mentions, key=lambda a: (-self.articles(a), -self.mentions[a], a))


def actor_counts(records: dict[str, dict], book: ActorBook) -> ActorCounts:
    """Count every table-kind actor of the selection in its row (state with government)."""
    counts = ActorCounts()
    for aid, rec in sorted(records.items()):
        for m in rec.get("mentions", []):
            actor = m.get("actor")
            if actor and actor.get("kind") in TABLE_KINDS:
                key = book.canon(actor)
                counts.mentions[key] += 1
                counts.first[key].setdefault(aid, m["start"])
                counts.per_article[key][aid] += 1
                if actor.get("id") == key:
                    counts.own[key].setdefault(aid, m["start"])
    return counts


def actor_rows(records: dict[str, dict], citer: Citer, book: ActorBook,
               counts: ActorCounts, max_actors: int) -> list[dict[str, Any]]:
    """The actors table: one row per actor (a state with its government), ranked by the
    articles that name it; its role is what it did and had done to it, in its events'
    verbs; its stakes are threats made and received and blows suffered; each cited."""
    ranked = counts.ranked()[:max_actors]
    roles: dict[str, dict[tuple, dict]] = defaultdict(dict)
    stakes: dict[str, dict[tuple, dict]] = defaultdict(dict)
    quotes: dict[str, list[dict]] = defaultdict(list)
    for aid, rec in sorted(records.items()):
        for e in rec.get("events", []):
            if e.get("negated") or e.get("status") == "denied" or not e.get("type"):
                continue
            src, tgt = _party(e, "source"), _party(e, "target")
            ks, kt = book.canon(src), book.canon(tgt)
            cite = citer.sentence(aid, e["start"])
            etype, status = e["type"], e.get("status")
            if ks and ks == kt:
                continue
            # One line per counterpart, so each line's citation can show all it states.
            score = _evidence(e)
            if ks:
                other = [book.name(kt, tgt)] if tgt else []
                bucket = stakes if etype == "THREATEN" else roles
                _add(bucket[ks], ("did", etype, *other),
                     _relation("did", etype, other, cite, status, score))
            if kt:
                other = [book.name(ks, src)] if src else []
                bucket = stakes if etype in STAKE_TYPES else roles
                _add(bucket[kt], ("suffered", etype, *other),
                     _relation("suffered", etype, other, cite, status, score))
            place = (e.get("place") or {}).get("country")
            parties = all((book.info.get(k) or {}).get("kind") in TABLE_KINDS for k in (ks, kt))
            if place and place not in (ks, kt) and etype in COMMITMENT_TYPES and parties:
                _add(roles[place], ("hosts", etype, None),
                     _relation("hosts", etype, [f"{book.name(ks, src)} – {book.name(kt, tgt)}"],
                               cite))
        for c in rec.get("claims", []):
            who = book.canon(speaker_actor(c, rec.get("mentions", [])))
            if not who:
                continue
            cite = citer.sentence(aid, c["start"])
            if c.get("stance") == "threaten":
                _add(stakes[who], ("did", "THREATEN"),
                     _relation("did", "THREATEN", [], cite))
            elif len(c.get("content") or "") >= 30:
                quotes[who].append({"text": c["content"], "cite": cite, "article_id": aid})
    out = []
    for a in ranked:
        info = book.info[a]
        role = sorted(roles[a].values(), key=lambda r: (r["kind"] == "hosts", -r["count"],
                                                         r["kind"] != "did"))
        stake = sorted(stakes[a].values(), key=lambda r: (-r["count"], r["kind"]))
        out.append({"id": a, "name": book.name(a), "kind": info.get("kind"),
                    "country": info.get("country"), "articles": counts.articles(a),
                    "mentions": counts.mentions[a], "merged": book.merged_ids(a),
                    "roles": role[:3], "events": sum(r["count"] for r in role),
                    "stakes": stake[:3], "quote": quotes[a][0] if quotes[a] else None,
                    "claim_count": len(quotes[a]), "cite": citer.sentence(*counts.showcase(a))})
    return out


def axes(records: dict[str, dict], citer: Citer, book: ActorBook,
         contested: list[dict[str, Any]]) -> tuple[list[dict], list[dict], list[dict]]:
    """The three axes of seed 000: alliances (support, cooperation, aid between actors of
    different countries), diplomatic commitments (agreements, talks, concessions,
    withdrawals, with their status) and risks of misreading (threats, denials,
    contradictions, loaded names)."""
    alliances: dict[tuple, dict] = {}
    commitments: dict[tuple, dict] = {}
    misreading: list[dict[str, Any]] = []
    loaded: dict[tuple[str, str], dict[str, Any]] = {}
    threats: dict[tuple, dict[str, Any]] = {}
    for aid, rec in sorted(records.items()):
        src_name = rec.get("source")
        ments = rec.get("mentions", [])
        for e in rec.get("events", []):
            src, tgt = _party(e, "source"), _party(e, "target")
            ks, kt = book.canon(src), book.canon(tgt)
            if not book.is_party(ks) or ks == kt or (kt and not book.is_party(kt)):
                continue
            cite = citer.sentence(aid, e["start"])
            who, whom = book.name(ks, src), book.name(kt, tgt) if tgt else None
            if e.get("negated"):  # "ne se sont pas rencontrées": not said, not a denial
                continue
            if e.get("status") == "denied":  # someone denies it: a risk of misreading
                misreading.append({"kind": "denial", "who": who, "verb": e["type"],
                                   "whom": whom, "cite": cite})
            elif e["type"] in ALLIANCE_TYPES and kt and not book.same_side(ks, kt):
                _add(alliances, (ks, kt, e["type"]),
                     {**_relation("did", e["type"], [whom], cite, e.get("status"),
                                  _evidence(e)), "who": who})
            elif e["type"] in COMMITMENT_TYPES:
                pair = tuple(sorted(x for x in (ks, kt) if x))
                _add(commitments, (pair, e["type"]),
                     {**_relation("did", e["type"], [whom] if whom else [], cite,
                                  e.get("status"), _evidence(e)), "who": who})
            elif e["type"] == "THREATEN":
                threat = threats.setdefault((who, whom), {"kind": "threat", "who": who,
                                                          "whom": whom or "—", "cites": []})
                if cite and cite not in threat["cites"] and len(threat["cites"]) < 3:
                    threat["cites"].append(cite)
        for c in rec.get("claims", []):
            if c.get("stance") == "deny":
                actor = speaker_actor(c, ments)
                sp_text = speaker_words(c)
                who = book.name(book.canon(actor), actor) if actor else \
                    ({"quote": sp_text, "article_id": aid} if sp_text else None)
                misreading.append({"kind": "denial", "who": who, "verb": None, "whom": None,
                                   "quote": c.get("content"), "article_id": aid,
                                   "cite": citer.sentence(aid, c["start"])})
        for m in ments:
            if m.get("method") != "kb_framing" or not m.get("actor"):
                continue
            key = (m["text"].lower(), book.canon(m["actor"]))
            user = _framing_user(m, rec, book)
            entry = loaded.setdefault(key, {"kind": "loaded", "alias": m["text"],
                                            "actor": book.name(key[1]), "users": [],
                                            "cite": citer.sentence(aid, m["start"]),
                                            "note": _framing_note(book, m),
                                            "source": src_name})
            if user not in entry["users"]:
                entry["users"].append(user)
    for p in contested:
        misreading.append({"kind": "contested", "a": p["a"], "b": p["b"],
                           "cite": p.get("cite_a"), "cite_b": p.get("cite_b")})
    misreading.extend(loaded.values())
    misreading.extend(threats.values())
    order = {"threat": 0, "contested": 1, "denial": 2, "loaded": 3}
    misreading.sort(key=lambda r: order[r["kind"]])
    return (sorted(alliances.values(), key=lambda r: -r["count"])[:MAX_ITEMS],
            sorted(commitments.values(), key=lambda r: -r["count"])[:MAX_ITEMS + 2],
            _cap_per_kind(misreading, 4))


def _cap_per_kind(items: list[dict], n: int) -> list[dict]:
    seen: Counter[str] = Counter()
    out = []
    for it in items:
        seen[it["kind"]] += 1
        if seen[it["kind"]] <= n:
            out.append(it)
    return out


def _framing_user(mention: dict, rec: dict, book: ActorBook) -> dict[str, Any]:
    """Who uses a loaded name: the speaker of the direct quote holding it (their words),
    else the article's own narrative (its outlet, or an unknown one): reported speech is
    the journalist's wording."""
    for c in rec.get("claims", []):
        if c.get("direct") and c["start"] <= mention["start"] < c["end"]:
            actor = speaker_actor(c, rec.get("mentions", []))
            if actor:
                return {"speaker": book.name(book.canon(actor), actor)}
    return {"narrative": rec.get("source")}


def _framing_note(book: ActorBook, mention: dict) -> str | None:
    entry = book.kb.get(mention["actor"]["id"])
    for frame in (entry.framing if entry else ()):
        if frame.alias.lower() == mention["text"].lower():
            return frame.note
    return None


def who_speaks(records: dict[str, dict], citer: Citer, book: ActorBook) -> dict[str, Any]:
    """Named, anonymous and media-relayed claims per side (the speaker's state), with the
    anonymous ones cited: the first of seed 000's questions."""
    sides: dict[str, Counter[str]] = defaultdict(Counter)
    cites: dict[str, list[Citation]] = defaultdict(list)
    unattributed = 0
    for aid, rec in sorted(records.items()):
        for c in rec.get("claims", []):
            sp = c.get("speaker") or {}
            sourcing = c.get("sourcing") or "unattributed"
            if sourcing == "unattributed" or not sp:
                unattributed += 1
                continue
            country = (sp.get("actor") or {}).get("country") or sp.get("country")
            side = country or ""
            kind = ("relayed" if sourcing == "media_relay" or c.get("relayed_by")
                    else "anonymous" if sourcing == "anonymous" else "named")
            sides[side][kind] += 1
            cite = citer.sentence(aid, c["start"])
            if cite and len(cites[side]) < 2 and kind != "named":
                cites[side].append(cite)
    names = book.L.get("side_names", {})
    rows = [{"side": names.get(s) or book.state_name(s) if s else None, "named": n["named"],
             "anonymous": n["anonymous"], "relayed": n["relayed"], "cites": cites[s]}
            for s, n in sorted(sides.items(), key=lambda kv: -sum(kv[1].values()))]
    return {"sides": rows[:MAX_ITEMS], "unattributed": unattributed}


def reports(rec: dict, start: int, end: int, kinds: tuple[str, ...] = ("events", "claims")
            ) -> bool:
    """Whether characters start–end of the article hold an extracted event or claim: a
    sentence that tells something happened or someone said so, not commentary. An event
    counts when it names an actor ("les gestes diplomatiques aident à lisser l'analyse"
    is an AID trigger with no one doing it)."""
    return any(x.get("start") is not None and start <= x["start"] < end
               and (k != "events" or _party(x, "source") or _party(x, "target"))
               for k in kinds for x in rec.get(k, []))


def lexicon_sentences(selected: list[dict[str, Any]], records: dict[str, dict],
                      citer: Citer, book: ActorBook, topic: str,
                      numbers_first: bool = False, facts_only: bool = False
                      ) -> list[dict[str, Any]]:
    """Sentences of the selection bearing on `topic` (data/lexicon.yaml), each with who
    says it: the speaker of the claim it holds, else the article's outlet. With
    `facts_only`, only sentences that state a number, an event or a claim: what civilians
    pay is a toll, a displacement, an attack, not a columnist's "les populations civiles"."""
    pattern = lexicon_pattern(topic)
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for a in selected:
        rec = records.get(a["id"], {})
        for s in split_sentences(a["text"] or ""):
            text = a["text"][s.start:s.end]
            # A question asks, it reports nothing; an over-long "sentence" is page furniture.
            if not pattern.search(text) or text in seen or len(text) > 320 \
                    or text.rstrip().endswith("?"):
                continue
            digits = any(ch.isdigit() for ch in text)
            if facts_only and not digits and not reports(rec, s.start, s.end):
                continue
            seen.add(text)
            who = None
            for c in rec.get("claims", []):
                if s.start <= c["start"] < s.end:
                    actor = speaker_actor(c, rec.get("mentions", []))
                    words = speaker_words(c)
                    who = book.name(book.canon(actor), actor) if actor else None
                    who = who or ({"quote": words, "article_id": a["id"]} if words else None)
                    break
            found.append({"span": (a["id"], s.start, s.end), "who": who,
                          "source": a.get("source"),
                          "digits": digits})
    if numbers_first:
        found.sort(key=lambda f: not f["digits"])
    out = found[:MAX_ITEMS]
    for f in out:  # cite only what is shown, so the closing note lists no unused sentence
        f["cite"] = citer.span(*f.pop("span"))
    return out


def timeline_rows(store: Store, opts: BriefOptions, citer: Citer
                  ) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Key dates from `veille.stories.timeline`, each summary sentence cited, and what
    they left out for lack of a date."""
    from veille.stories.timeline import TimelineQuery, timeline_and_left_out

    q = TimelineQuery(query=opts.query, actors=opts.actors, story=opts.story,
                      date_from=opts.date_from, date_to=opts.date_to, max_dates=10, per_date=2)
    out = []
    entries, left_out = timeline_and_left_out(store, q)
    for entry in entries:
        items = []
        for sentence in entry.summary:
            cite = next((c for s in entry.sources
                         if (c := citer.find(s["article_id"], sentence))), None)
            items.append({"text": sentence, "cite": cite,
                          "article_id": cite.article_id if cite else None})
        out.append({"date": entry.date.isoformat(), "items": items})
    return out, left_out.to_dict()


def sourcing_profile(records: dict[str, dict]) -> dict[str, int]:
    """How the key facts (the claims) are sourced: named, anonymous, unattributed, relayed."""
    counts = Counter(c.get("sourcing") or "unattributed"
                     for rec in records.values() for c in rec.get("claims", []))
    named = sum(n for k, n in counts.items() if k.startswith("named"))
    return {"total": sum(counts.values()), "anonymous": counts["anonymous"],
            "unattributed": counts["unattributed"], "named": named,
            "media_relay": counts["media_relay"]}


def escalation_summary(store: Store, actors: list[str]) -> dict[str, Any] | None:
    """The escalation report for the main actors, or None when there are no events."""
    from veille.stories.escalation import escalation_from_store

    if not actors:
        return None
    report = escalation_from_store(store, actors[:2] if len(actors) > 1 else actors)
    if not report.series and not report.left_out:
        return None
    return report.to_dict()


def article_counts(selected: list[dict[str, Any]]) -> dict[str, Any]:
    """True counts: sources are distinct outlets; articles with none are counted as of
    unknown source (never as a source each); undated articles are counted apart."""
    days = [a["published"] for a in selected if a["published"]]
    return {"articles": len(selected),
            "sources": len({a["source"] for a in selected if a["source"]}),
            "unknown_source": sum(1 for a in selected if not a["source"]),
            "first": min(days).isoformat() if days else None,
            "last": max(days).isoformat() if days else None,
            "undated": len(selected) - len(days)}


def display_title(article: dict[str, Any], limit: int = 140) -> str:
    """The article's title, else its first sentence (cut at a word), else nothing."""
    if article.get("title"):
        return article["title"]
    text = (article.get("text") or "").strip()
    first = split_sentences(text)[0] if text else None
    line = text[first.start:first.end] if first else text
    return line if len(line) <= limit else line[:limit].rsplit(" ", 1)[0] + " …"


def _walk_citations(value: Any, out: dict[int, Citation]) -> None:
    if isinstance(value, Citation):
        out.setdefault(id(value), value)
    elif isinstance(value, dict):
        for v in value.values():
            _walk_citations(v, out)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk_citations(v, out)


def number_citations(brief: Brief, lead: Any) -> list[Citation]:
    """The citations the brief shows, numbered in reading order (the closing note lists
    only those: a sentence looked at while ranking but not shown is not cited)."""
    found: dict[int, Citation] = {}
    for part in (lead, brief.changes, brief.actors, brief.alliances, brief.commitments,
                 brief.misreading,
                 brief.speakers, brief.guarantees, brief.civilians, brief.timeline,
                 brief.contested, brief.anonymous):
        _walk_citations(part, found)
    cites = list(found.values())
    for i, c in enumerate(cites, 1):
        c.number = i
    return cites


def build_brief(store: Store, opts: BriefOptions,
                previous: dict[str, Any] | None = None) -> Brief:
    """Everything the brief says, computed from the store for `opts`; with `previous` (a
    saved selection's snapshot, veille.surfaces.brief.changes), also what changed since."""
    selected = selected_articles(store, opts)
    ids = {a["id"] for a in selected}
    records = analysis_records(store, ids)
    citer = Citer({a["id"]: a["text"] for a in selected}, opts.base_url)
    book = ActorBook(records, opts.lang)
    brief = Brief(opts, datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    brief.languages = {a["id"]: a["language"] for a in selected}
    brief.articles = [{**{k: v for k, v in a.items() if k != "text"},
                       "display_title": display_title(a)} for a in selected]
    counts = actor_counts(records, book)
    brief.actor_counts = {k: (counts.articles(k), counts.mentions[k]) for k in counts.ranked()}
    brief.actors = actor_rows(records, citer, book, counts, opts.max_actors)
    brief.contested = [{**p, "cite_a": citer.sentence(p["a"]["article_id"], p["a"]["start"]),
                        "cite_b": citer.sentence(p["b"]["article_id"], p["b"]["start"])}
                       for p in contested_pairs(store, ids) if p["a"]["article_id"] in citer.texts
                       and p["b"]["article_id"] in citer.texts]
    for p in brief.contested:
        for side in ("a", "b"):
            actor_id = p[side].get("speaker_actor")
            p[side]["speaker_name"] = book.name(actor_id, book.info.get(actor_id or "")) \
                if actor_id and actor_id in book.info else None
    brief.alliances, brief.commitments, brief.misreading = axes(records, citer, book,
                                                                brief.contested)
    brief.speakers = [who_speaks(records, citer, book)]
    brief.guarantees = lexicon_sentences(selected, records, citer, book, "guarantees")
    brief.civilians = lexicon_sentences(selected, records, citer, book, "civilians",
                                        numbers_first=True, facts_only=True)
    if selected:
        brief.timeline, brief.timeline_left_out = timeline_rows(store, opts, citer)
    brief.sourcing = sourcing_profile(records)
    anonymous = {c.number: c for aid, rec in sorted(records.items())
                 for claim in rec.get("claims", []) if claim.get("sourcing") == "anonymous"
                 and (c := citer.sentence(aid, claim["start"]))}
    brief.anonymous = list(anonymous.values())[:6]
    esc_actors = list(opts.actors) or [a["id"] for a in brief.actors if a["kind"] == "state"]
    brief.escalation = escalation_summary(store, esc_actors)
    brief.counts = {**article_counts(selected), "actors": len(brief.actors),
                    "events": sum(len(r.get("events", [])) for r in records.values()),
                    "claims": brief.sourcing["total"], "contested": len(brief.contested)}
    if previous is not None:
        brief.changes = changes_since(previous, brief, records, citer, book, counts)
    # The lead: the latest key date's sentence that tells an event (not commentary).
    leads = [it for d in reversed(brief.timeline) for it in d["items"] if it["cite"]]
    lead = next((it for it in leads if reports(records.get(it["cite"].article_id, {}),
                                               it["cite"].start, it["cite"].end,
                                               ("events",))), leads[0] if leads else None)
    brief.counts["lead"] = lead
    brief.citations = number_citations(brief, lead)
    return brief
