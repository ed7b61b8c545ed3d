"""Find time expressions in a text and normalize them against the article date.

The engine is generic; what it looks for lives in the language table
(`data/<lang>.yaml`). Steps: every rule proposes matches, blockers veto idioms
("du jour au lendemain"), the longest match wins at each place, a "depuis" /
"pendant" before it joins the expression, then each match is resolved in text
order so that "la veille" can count from the last date mentioned.

dateparser is not the engine: it returns a single datetime for a string, so it has
no granularity (it turns "en janvier" into a fake day), no tense, no spans, and it
gives nothing for "mardi dernier", "le 13 avril dernier" or "fin janvier". The
evaluation (`veille eval time`) runs it side by side on the same expressions.
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc

from veille.model import DatePrecision, TimeValue
from veille.nlp import doc_text
from veille.text import WORD
from veille.time.calendar_math import Anchor
from veille.time.resolve import RESOLVERS, Context, Parts, Resolution
from veille.time.rules import Rule, TimeTable, has_table, load_table, normalize_word
from veille.time.tense import clause_direction

log = logging.getLogger(__name__)

_LOOKBEHIND = 24
_MARGIN = 32
_SENTENCE_BREAK = re.compile(r"[.!?]\s|\n")
_SINCE_INSIDE = re.compile(r"(?:depuis|since|à partir)\b", re.I)
#: How far back (characters) a date the text named still sets the year of a yearless
#: one: a chronology's or a retrospective's items follow each other closely.
_STORY_REACH = 600
#: Resolver kinds whose value the text fixes (not counted from the article date): they
#: set the narrative's reference point.
_STORY_KINDS = frozenset({"day", "month", "heading_month", "year", "part_month", "part_year", "anaphor",
                          "unit_anaphor", "season", "list_day"})


@dataclass(slots=True)
class Match:
    """One rule's match, before resolution."""

    start: int
    end: int
    rule: Rule
    order: int
    groups: dict[str, str | None]
    since: bool = False
    mod: str | None = None


def find_matches(text: str, table: TimeTable) -> list[Match]:
    """Non-overlapping matches in text order: longest first at each place, then rule order."""
    segments = trigger_segments(text, table)
    # Each stretch runs only the rules and blockers one of whose needs (words, a digit)
    # it holds: the others cannot match there.
    present = [table.needles_in(text, s, e) for s, e in segments]
    blocked = [(m.start(), m.end())
               for b, needs in zip(table.blockers, table.blocker_needs)
               for (s, e), found in zip(segments, present)
               if table.can_match(needs, found)
               for m in b.finditer(text, s, e)]
    candidates = []
    for order, rule in enumerate(table.rules):
        needs = rule.needs
        for (seg_start, seg_end), found in zip(segments, present):
            if not table.can_match(needs, found):
                continue
            for m in rule.regex.finditer(text, seg_start, seg_end):
                if m.end() > m.start() and not _inside(m.start(), m.end(), blocked):
                    candidates.append(Match(m.start(), m.end(), rule, order, m.groupdict()))
    candidates.sort(key=lambda c: (c.start, -(c.end - c.start), c.order))
    chosen: list[Match] = []
    for c in candidates:
        if chosen and c.start < chosen[-1].end:
            continue
        chosen.append(c)
    for c in chosen:
        _attach_prefix(text, c, table)
    return chosen


def trigger_segments(text: str, table: TimeTable) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, widened to whole words, merged when they meet.

    Every rule contains a trigger (a month, a unit, a digit…) and reaches at most
    _MARGIN characters beyond it, so scanning these stretches finds every match
    the rules would find on the whole text, at a fraction of the cost.
    """
    segments: list[tuple[int, int]] = []
    n = len(text)
    for m in WORD.finditer(text):
        word = m.group(0)
        if not (word[0].isdigit() or word.lower() in table.trigger_words):
            continue
        start, end = max(0, m.start() - _MARGIN), min(n, m.end() + _MARGIN)
        if segments and start <= segments[-1][1]:
            segments[-1] = (segments[-1][0], end)
        else:
            segments.append((start, end))
    return [(_word_start(text, s), _word_end(text, e)) for s, e in segments]


def _word_start(text: str, i: int) -> int:
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _attach_prefix(text: str, match: Match, table: TimeTable) -> None:
    """Join "depuis"/"pendant" to the expression they introduce ("depuis le 4 février")."""
    _attach_mod(text, match, table)
    window_start = max(0, match.start - _LOOKBEHIND)
    window = text[window_start:match.start]
    found = table.since.search(window)
    if found:
        match.since = True
    elif match.rule.kind == "duration":
        found = table.duration_prefix.search(window)
    if found:
        match.start = window_start + found.start()
    elif _SINCE_INSIDE.match(text, match.start):
        match.since = True


def _attach_mod(text: str, match: Match, table: TimeTable) -> None:
    """TIMEX3 `mod` from a word before the expression ("environ une heure": joined to it)
    or at its start ("vers 15 h", "il y a environ deux semaines")."""
    window_start = max(0, match.start - _LOOKBEHIND)
    found = table.mod_prefix.search(text, window_start, match.start)
    if found:
        match.start = found.start()
    else:
        found = table.mod_inside.search(text, match.start, min(match.end, match.start + 16))
    if found:
        match.mod = table.mod_words.get(normalize_word(found.group(0)))


def tag_times(text: str, *, published: date | None, precision: DatePrecision = "day",
              language: str = "fr", doc: Doc | None = None,
              within: tuple[date, date] | None = None) -> list[TimeValue]:
    """Time expressions of `text`, normalized TIMEX3-style against the publication date.

    `precision` says how much of `published` is known ("month": 2024-03 is stored as
    2024-03-01); expressions finer than that stay unresolved (value None) with their
    `relative_form` kept. `doc`, the spaCy Doc of the same text, lets the tense of
    the clause decide whether a bare "vendredi" points back or forward.

    `within`, the first and last day the article can have been published (a year-precision
    date bounded by a date the text names as past: `publication_range`), resolves what
    `precision` alone leaves open as far as the range allows: each expression is resolved
    against both ends, and the part of the value both agree on is kept ("le 13 avril
    dernier" in an article of 14 April..31 December 2024: 2024-04-13; "mardi dernier":
    only 2024, never a made-up day).
    """
    if not has_table(language):  # a language with a table: veille.languages
        log.debug("no time table for language %r: no times tagged", language)
        return []
    table = load_table(language)
    anchor = Anchor(published, precision if published is not None else "unknown")
    if doc is not None and doc_text(doc) != text:
        log.warning("tag_times: the doc given is not of this text; tense read from cue words")
        doc = None
    times = _tag_against(text, table, anchor, doc)
    if within is not None and within[0] <= within[1] and not anchor.allows("day"):
        early = {(t.start, t.end): t for t in _tag_against(text, table, Anchor(within[0]), doc)}
        late = {(t.start, t.end): t for t in _tag_against(text, table, Anchor(within[1]), doc)}
        for tv in times:
            if tv.value is None and (tv.start, tv.end) in early and (tv.start, tv.end) in late:
                _narrow(tv, early[(tv.start, tv.end)].value, late[(tv.start, tv.end)].value)
    return times


#: A day, or a clock time or part of day on a day: what "à ce moment-là" can repeat.
_POINT_VALUE = re.compile(r"\d{4}-\d\d-\d\d(?:T[\w:]+)?")
_CALENDAR_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_PREFIX_GRANULARITY = ((10, "day"), (7, "month"), (4, "year"))


def _narrow(tv: TimeValue, early: str | None, late: str | None) -> None:
    """Give `tv` the value both ends of the publication range agree on, at the precision they
    share: the same day, else the same month, else the same year, else nothing."""
    if early is None or late is None:
        return
    if early == late:
        tv.value = early
        return
    if not (_CALENDAR_VALUE.fullmatch(early) and _CALENDAR_VALUE.fullmatch(late)):
        return  # weeks, durations, sets: no shared coarser value to give
    for width, granularity in _PREFIX_GRANULARITY:
        if len(early) >= width and len(late) >= width and early[:width] == late[:width]:
            tv.value, tv.granularity = early[:width], granularity
            return


def publication_range(published: date | None, precision: DatePrecision,
                      not_before: str | None = None,
                      not_after: str | None = None) -> tuple[date, date] | None:
    """The first and last day an article known to `precision` can have been published,
    narrowed by the bounds ingest found on the page (`quality` flags `date_not_before`, the
    latest date the text names as past, so the article is later than it, and
    `date_not_after`, ISO days or months or years); None when the date is known to the day
    or not at all, or the bounds leave no day."""
    if published is None or precision not in ("month", "year"):
        return None
    if precision == "year":
        lo, hi = date(published.year, 1, 1), date(published.year, 12, 31)
    else:
        lo = published.replace(day=1)
        hi = date(published.year, published.month, calendar.monthrange(published.year,
                                                                       published.month)[1])
    after = _last_day(not_before) if not_before else None
    if after is not None:
        lo = max(lo, after + timedelta(days=1))
    before = _last_day(not_after) if not_after else None
    if before is not None:
        hi = min(hi, before)
    return (lo, hi) if lo <= hi else None


def _last_day(value: str) -> date | None:
    """The last day of an ISO day, month or year ("2024-04" -> 2024-04-30)."""
    try:
        parts = [int(x) for x in value.split("-")]
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None


def _tag_against(text: str, table: TimeTable, anchor: Anchor, doc: Doc | None) -> list[TimeValue]:
    """Every time expression of `text` resolved against one anchor."""
    ctx = Context(anchor=anchor, table=table, direction=lambda: 0)
    if anchor.allows("day"):
        ctx.ref_day, ctx.ref_year = anchor.day, anchor.day.year
    times: list[TimeValue] = []
    clocks: list[int] = []  # clock times read on the article's day, for _clock_days
    ref_end = 0
    story: tuple[date, int] | None = None  # the narrative's reference point and its end
    for match in find_matches(text, table):
        ctx.story = story[0] if story and match.start - story[1] <= _STORY_REACH else None
        ctx.ref_in_sentence = ref_end > 0 and not _SENTENCE_BREAK.search(text, ref_end,
                                                                          match.start)
        res = _resolve(text, match, ctx, doc)
        if res is None:
            continue
        times.append(_time_value(text, match, res, anchor))
        if match.rule.kind == "clock" and res.anchor is None and res.value is not None:
            clocks.append(len(times) - 1)
        point = _story_point(match, res, anchor)
        if point is not None:
            story = (point, match.end)
            if res.granularity in ("day", "month"):
                ctx.chronicle, ctx.chronicle_text = point, times[-1].text
        if res.day is not None:
            ctx.ref_day, ctx.ref_year = res.day, res.day.year
            ctx.ref_text = times[-1].text
            ref_end = match.end
        if times[-1].value and _POINT_VALUE.fullmatch(times[-1].value):
            ctx.ref_point = (times[-1].value, times[-1].type, times[-1].mod)
        elif res.year is not None and res.granularity == "year":
            ctx.ref_year = res.year
            ctx.ref_text = times[-1].text
    _clock_days(text, times, clocks)
    return times


def _story_point(match: Match, res: Resolution, anchor: Anchor) -> date | None:
    """The calendar point a resolved expression fixes for the narrative, if the text fixed it.
    A bare year sets one only when it is the article's own ("L'année 2018 a débuté…" in a
    review of 2018): "En 2018, les banques n'ont approuvé que 29 %… selon une étude parue
    mi-avril" is background, and "elle quittera la vie politique en 2021" is ahead."""
    if match.rule.kind not in _STORY_KINDS or match.since:
        return None
    if res.day is not None:
        return res.day
    found = re.match(r"(\d{4})(?:-(\d\d))?$", res.value or "")
    if found is None:
        return None
    year = int(found.group(1))
    if found.group(2) is None and (anchor.day is None or year != anchor.day.year):
        return None
    return date(year, int(found.group(2) or 1), 1)


def _clock_days(text: str, times: list[TimeValue], clocks: list[int]) -> None:
    """A clock time with no day before it in its sentence takes the day named after it
    ("vers 15 h 30, hier", "vers 0 h 40, jeudi"), instead of the article's."""
    for i in clocks:
        clock = times[i]
        for later in times[i + 1:]:
            if _SENTENCE_BREAK.search(text, clock.end, later.start):
                break
            day = later.value or ""
            if later.type in ("DATE", "TIME") and re.fullmatch(r"\d{4}-\d\d-\d\d(T[\w:]+)?", day):
                clock.value = day[:10] + clock.value[10:]
                clock.anchor = later.text
                break


def _resolve(text: str, match: Match, ctx: Context, doc: Doc | None) -> Resolution | None:
    if _SINCE_INSIDE.match(text, match.start) and not text[match.start:].lower().startswith("à"):
        ctx.direction = lambda: -1  # "depuis mars": what a span starts from is past
    else:
        ctx.direction = lambda: clause_direction(text, match.start, match.end, ctx.table, doc)
    ctx.since = match.since
    try:
        pivot = ctx.anchor.day.year if ctx.anchor.day is not None else None
        return RESOLVERS[match.rule.kind](Parts(match.groups, ctx.table, pivot), ctx)
    except (KeyError, TypeError, ValueError) as err:
        # A match the rules could not read (an unknown word form): skip it, say why.
        log.debug("time rule %s could not resolve %r: %s", match.rule.name,
                  text[match.start:match.end], err)
        return None


def _time_value(text: str, match: Match, res: Resolution, anchor: Anchor) -> TimeValue:
    span_start, span_end = res.span_start, res.span_end
    if match.since and res.type == "DATE" and res.value is not None:
        span_start = span_start or res.value
        span_end = anchor.day.isoformat() if anchor.allows("day") else None
    return TimeValue(
        start=match.start, end=match.end, text=text[match.start:match.end], value=res.value,
        type=res.type, granularity=res.granularity, relative=res.relative,
        span_start=span_start, span_end=span_end, relative_form=res.relative_form,
        mod=res.mod or match.mod, anchor=res.anchor,
    )
