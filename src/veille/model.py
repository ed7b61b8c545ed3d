"""The shared vocabulary of veille: plain typed dataclasses passed from stage to stage.

Every stage reads the objects of the stages before it and adds its own; none reaches
back. The field names follow the `annotate` JSON contract in DESIGN.md, so that
`to_dict()` of an `Analysis` *is* the contract (offsets are character offsets into
`Article.text`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

DatePrecision = Literal["day", "month", "year", "unknown"]

ACTOR_KINDS: tuple[str, ...] = (
    "state", "government", "military", "armed_group", "opposition", "person", "igo",
    "ngo", "media", "civilians", "anonymous_source", "other",
)
EVENT_STATUSES: tuple[str, ...] = (
    "occurred", "threatened", "planned", "hypothetical", "denied", "reported",
)


def sha1_hex(text: str) -> str:
    """Stable content id: the contract says an article id is the sha1 of its url or text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class Article:
    """One news article after ingestion: cleaned text and what we know about where it came from.

    `published` is the first day of the known period when precision is month or year
    (2024-03 is stored as 2024-03-01 with precision "month"), so dates sort and compare
    while the precision keeps us honest about what the source really said.
    """

    text: str
    id: str = ""
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None
    date_precision: DatePrecision = "unknown"
    date_origin: str | None = None
    language: str | None = None
    raw_hash: str = ""
    origin: str | None = None
    boilerplate_removed: list[str] = field(default_factory=list)
    truncated: bool = False
    # What reading had to repair or refuse (a field cut to its cap, control characters
    # removed, an implausible date dropped): shown in `quality`, like `truncated`.
    flags: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = sha1_hex(self.url) if self.url else sha1_hex(self.text)
        if not self.raw_hash:
            self.raw_hash = sha1_hex(self.text)

    @property
    def published_text(self) -> str | None:
        """The publication date written at its precision: 2024-03-01/month reads '2024-03'."""
        if self.published is None or self.date_precision == "unknown":
            return None
        iso = self.published.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[self.date_precision]


@dataclass(slots=True)
class Actor:
    """A canonical actor of the knowledge base (a state, an institution, a group, a person)."""

    id: str
    name: str
    kind: str = "other"
    country: str | None = None
    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "country": self.country,
                "kind": self.kind, "sector": self.sector}


@dataclass(slots=True)
class Mention:
    """A span of text naming an actor; `actor` is None when it could not be resolved."""

    start: int
    end: int
    text: str
    actor: Actor | None = None
    label: str | None = None
    method: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "actor": self.actor.to_dict() if self.actor else None,
                "label": self.label, "method": self.method}


@dataclass(slots=True)
class TimeValue:
    """A time expression normalized TIMEX3-style (`value` None when it cannot be resolved)."""

    start: int
    end: int
    text: str
    value: str | None
    type: str = "DATE"
    granularity: str | None = None
    relative: bool = False
    span_start: str | None = None
    span_end: str | None = None
    #: How a relative expression counts from its anchor ("DCT-P1D", "DCT:last:TU",
    #: "REF+P1D"), kept so an unresolved one (no article date) is never guessed.
    relative_form: str | None = None
    #: TIMEX3 `mod`: START, MID, END, APPROX, BEFORE, AFTER, ON_OR_BEFORE, MORE_THAN,
    #: LESS_THAN… ("fin 2010" is value 2010, mod END); None when the value is exact.
    mod: str | None = None
    #: TIMEX3 `anchorTimeID` in spirit: the text of the expression the value was counted
    #: from ("le 3 mai" for "la veille"); None when counted from the publication date.
    anchor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "type": self.type, "granularity": self.granularity, "relative": self.relative,
                "span_start": self.span_start, "span_end": self.span_end,
                "relative_form": self.relative_form, "mod": self.mod, "anchor": self.anchor}


@dataclass(slots=True)
class Place:
    """A location named in the text, linked to a gazetteer entry when one matches."""

    start: int
    end: int
    text: str
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class Event:
    """Who did what to whom, when and where, with the sentence it was read from."""

    type: str
    sentence: str
    start: int
    end: int
    mode: str = ""
    source: Mention | None = None
    target: Mention | None = None
    status: str = "occurred"
    negated: bool = False
    date: TimeValue | None = None
    date_from_article: bool = False
    place: Place | None = None
    attributed_to: int | None = None
    trigger: str = ""
    cameo_root: str | None = None
    quad_class: str | None = None
    intensity: float | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type, "mode": self.mode,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "status": self.status, "negated": self.negated,
            "date": self.date.to_dict() if self.date else None,
            "date_from_article": self.date_from_article,
            "place": self.place.to_dict() if self.place else None,
            "attributed_to": self.attributed_to, "trigger": self.trigger,
            "sentence": self.sentence, "start": self.start, "end": self.end,
            "cameo_root": self.cameo_root, "quad_class": self.quad_class,
            "intensity": self.intensity, "confidence": self.confidence,
        }


@dataclass(slots=True)
class Claim:
    """Who says what, on whose word: a reported statement and its sourcing."""

    content: str
    start: int
    end: int
    speaker_text: str | None = None
    speaker: Mention | None = None
    sourcing: str = "unattributed"
    direct: bool = False
    verb: str | None = None
    stance: str | None = None
    relayed_by: list[str] = field(default_factory=list)
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_kind: str | None = None
    speaker_country: str | None = None
    source_count: int | None = None
    date_text: str | None = None
    sentence: str = ""
    numbers: list[dict[str, Any]] = field(default_factory=list)
    contested_with: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        actor = self.speaker.actor.to_dict() if self.speaker and self.speaker.actor else None
        return {
            "speaker": {"text": self.speaker_text, "actor": actor, "start": self.speaker_start,
                        "end": self.speaker_end, "kind": self.speaker_kind,
                        "country": self.speaker_country, "count": self.source_count},
            "sourcing": self.sourcing, "content": self.content, "direct": self.direct,
            "verb": self.verb, "stance": self.stance, "relayed_by": list(self.relayed_by),
            "start": self.start, "end": self.end, "date_text": self.date_text,
            "sentence": self.sentence, "numbers": list(self.numbers),
            "contested_with": list(self.contested_with),
        }


@dataclass(slots=True)
class Analysis:
    """Everything veille read in one article: the unit the store writes in one transaction."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quality: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The `annotate --format jsonl` contract of DESIGN.md."""
        a = self.article
        quality = {"boilerplate_removed": len(a.boilerplate_removed),
                   "date_precision": a.date_precision, "date_origin": a.date_origin,
                   "truncated": a.truncated}
        quality.update(a.flags)
        quality.update(self.quality)
        return {
            "id": a.id, "url": a.url, "source": a.source, "title": a.title,
            "published": a.published_text, "language": a.language, "text": a.text,
            "mentions": [m.to_dict() for m in self.mentions],
            "times": [t.to_dict() for t in self.times],
            "places": [p.to_dict() for p in self.places],
            "events": [e.to_dict() for e in self.events],
            "claims": [c.to_dict() for c in self.claims],
            "quality": quality,
        }


def parse_partial_date(value: str) -> tuple[date, DatePrecision]:
    """'2024-05-17', '2024-05' or '2024' → (first day of that period, its precision).

    Raises ValueError with a readable message for anything else, and for a date outside
    the plausible window of news (`implausible_date`).
    """
    parts = value.strip().split("-")
    try:
        if len(parts) == 1:
            parsed, precision = date(int(parts[0]), 1, 1), "year"
        elif len(parts) == 2:
            parsed, precision = date(int(parts[0]), int(parts[1]), 1), "month"
        else:
            parsed, precision = date.fromisoformat(value.strip()), "day"
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    reason = implausible_date(parsed)
    if reason:
        raise ValueError(f"{value!r} is not a plausible date: {reason}")
    return parsed, precision  # type: ignore[return-value]


#: The earliest publication date veille takes for real; the latest is a year from today.
EARLIEST_DATE = date(1800, 1, 1)


def implausible_date(value: date, *, today: date | None = None) -> str | None:
    """Why `value` cannot be a news article's date (before 1800, or more than a year
    after `today`), or None when it can. Dates 0001-01-01 and 9999-12-31 are what broken
    exports write for "unknown"."""
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.year}"
    latest = (today or date.today()) + timedelta(days=366)
    if value > latest:
        return f"{value.isoformat()} is more than a year after today"
    return None
