"""Turn one matched time expression into a TIMEX3 value, kind by kind.

Each rule in the language table names a `kind`; `RESOLVERS[kind]` reads the
rule's named groups and the context (anchor, tense, last date mentioned) and
returns a `Resolution`, or None when the match is not a time after all (an
impossible date such as 31/02). Expressions that need an anchor the article does
not give stay unresolved: value None, `relative_form` says how they count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from veille.time import calendar_math as cal
from veille.time.calendar_math import Anchor
from veille.time.rules import TimeTable, normalize_word

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UNIT_GRANULARITY = {"D": "day", "H": "day", "MIN": "day", "S": "day", "W": "week",
                    "WE": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "year"}


@dataclass(slots=True)
class Context:
    """What a resolver may read besides the match itself."""

    anchor: Anchor
    table: TimeTable
    direction: Callable[[], int]
    ref_day: date | None = None
    ref_year: int | None = None
    #: The text of the expression ref_day / ref_year came from (None: the article date).
    ref_text: str | None = None
    #: The reference point of a narrative: the last calendar date the text itself named
    #: (not counted from the article date), when it is close before the expression. A
    #: yearless day or month in a chronology or a retrospective takes its year from it.
    story: date | None = None
    #: The month a chronology is at: the last month or day the text named, however far
    #: back ("= AVRIL =" heads "- 12 : …"), and the text that named it.
    chronicle: date | None = None
    chronicle_text: str | None = None
    #: The month of the last chronology heading without a year ("Janvier :"): the next
    #: heading follows it (resolve_heading_month).
    heading: date | None = None
    #: The last calendar point the text named, whole (a day or a clock time on it), with
    #: its type and mod: what "à ce moment-là" repeats.
    ref_point: tuple[str, str, str | None] | None = None
    since: bool = False
    ref_in_sentence: bool = False
    #: Years already chosen for a yearless day or month in this text: one article means
    #: one "5 décembre", whatever the tense of each clause that names it.
    seen_years: dict[tuple[int, int], int] = field(default_factory=dict)


@dataclass(slots=True)
class Resolution:
    """A resolved (or knowingly unresolved) expression, before it becomes a TimeValue."""

    value: str | None
    type: str = "DATE"
    granularity: str | None = None
    relative: bool = False
    span_start: str | None = None
    span_end: str | None = None
    relative_form: str | None = None
    day: date | None = None
    year: int | None = None
    mod: str | None = None
    #: The text of the expression the value was counted from, when not the article date.
    anchor: str | None = None


class Parts:
    """The named groups of a match, read through the language's lexicons."""

    def __init__(self, groups: dict[str, str | None], table: TimeTable,
                 pivot_year: int | None = None) -> None:
        self.g = {k: v for k, v in groups.items() if v}
        self.table = table
        #: A two-digit year is read in the century that keeps it within a year of this one.
        self.pivot_year = pivot_year

    def word(self, name: str, lexicon: str) -> Any:
        return self.table.lookup(lexicon, self.g[name]) if name in self.g else None

    def number(self, name: str) -> float | None:
        """A number written in digits or words; None for a vague amount ("plusieurs")."""
        raw = self.g.get(name)
        if raw is None:
            return None
        raw = raw.replace(",", ".")
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            return float(raw)
        total = 0
        for piece in re.split(r"[-\s]+", normalize_word(raw)):
            value = self.table.lex["numbers"].get(piece)
            if value is None and piece not in ("et",):
                return None
            total += value or 0
        return float(total) if total else None

    def day(self) -> int | None:
        raw = self.g.get("day")
        if raw is None:
            return None
        digits = re.match(r"\d+", raw)
        return int(digits.group(0)) if digits else 1

    def month(self) -> int | None:
        if "monthnum" in self.g:
            return int(self.g["monthnum"])
        return self.word("month", "months")

    def year(self) -> int | None:
        """The year written out, or counted from the pivot year ("l'an dernier" after a
        month: `yrel`, "cette année": `ythis`)."""
        if ("yrel" in self.g or "ythis" in self.g) and self.pivot_year is not None:
            return self.pivot_year + (self.word("yrel", "rel") or 0)
        raw = self.g.get("year") or self.g.get("year2")
        if raw is None:
            return None
        if len(raw) != 2:
            return int(raw)
        year = 2000 + int(raw)
        return year - 100 if self.pivot_year is not None and year > self.pivot_year + 1 else year

    def rel(self) -> int:
        return self.word("rel", "rel") or 0


def _with_pod(res: Resolution, parts: Parts) -> Resolution:
    """Add a part of day ("jeudi soir" -> 2026-02-05TEV, "late Tuesday" -> …TNI): the value
    becomes a TIME. A part named after the day wins over one named before it."""
    pod = parts.word("pod", "pods") or parts.word("podpre", "pod_prefixes")
    if pod is None:
        return res
    res.type, res.granularity = "TIME", "partofday"
    res.value = f"{res.value}T{pod}" if res.value else None
    if res.relative_form:
        joiner = "T" if res.relative_form.startswith("X") else ":T"
        res.relative_form = f"{res.relative_form}{joiner}{pod}"
    return res


def _day_res(d: date, relative: bool, form: str | None = None) -> Resolution:
    return Resolution(d.isoformat(), granularity="day", relative=relative, day=d, year=d.year,
                      relative_form=form if relative else None)


def resolve_day(parts: Parts, ctx: Context) -> Resolution | None:
    day, month, year = parts.day(), parts.month(), parts.year()
    wd = parts.word("wd", "weekdays")
    if month is None:
        return _weekday_day(parts, ctx, day, wd)
    if not 1 <= month <= 12:
        return None
    if year is not None:
        try:
            return _with_pod(_day_res(date(year, month, day), False), parts)
        except ValueError:
            return None
    form = f"XXXX-{month:02d}-{day:02d}"
    anchor = ctx.anchor
    if not anchor.allows("month"):
        return _with_pod(Resolution(None, granularity="day", relative=True, relative_form=form),
                         parts)
    seen = ctx.seen_years.get((month, day)) if not parts.rel() and wd is None else None
    story_year = _story_year(ctx, month) if not parts.rel() and wd is None else None
    if seen is not None:
        found = _safe_date(seen, month, day)
    elif story_year is not None:
        found = _safe_date(story_year, month, day)
    elif anchor.allows("day"):
        found = cal.day_month_date(anchor.day, day, month, ctx.direction(), parts.rel(), wd)
    else:
        y = cal.month_year(anchor.day, month, ctx.direction(), parts.rel())
        found = _safe_date(y, month, day)
    if found is None:
        return None
    ctx.seen_years.setdefault((month, day), found.year)
    return _with_pod(_day_res(found, True, form), parts)


def _story_year(ctx: Context, month: int) -> int | None:
    """The year of a yearless day or month read against the narrative's reference point:
    in a story set in another year than the article's ("Le 9 janvier 2003, … Le 18 mars,
    le procureur déclare…"), the first such month on or after it, whatever the tense (the
    historical present, "la mort finira par le rattraper"); in the article's own year, the
    named year when the tense does not say ("L'année 2018 a débuté… le 2 avril, Winnie
    Mandela meurt" in a review of December 2018). Either only within the table's
    story_reach_months after the point: a day most of a year on from it ("février 2011 …
    Ce 29 janvier, l'armée…" in January 2013; "le 19 novembre 2011 … le 3 juillet" in
    November 2013) is the article's, read as if no story were told."""
    story, anchor = ctx.story, ctx.anchor.day
    if story is None or anchor is None:
        return None
    if story.year != anchor.year:
        year = story.year if month >= story.month else story.year + 1
    elif ctx.direction() <= 0:
        year = story.year
    else:
        return None
    if (year - story.year) * 12 + month - story.month > ctx.table.story_reach_months:
        return None  # too far on from the point: "Ce 29 janvier" after "février 2011"
    return year


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_day(parts: Parts, ctx: Context, day: int | None, wd: int | None) -> Resolution:
    """"samedi 23": the nearest date with that day of month falling on that weekday."""
    form = f"XXXX-XX-{day:02d}"
    if not ctx.anchor.allows("day") or wd is None or day is None:
        return Resolution(None, granularity="day", relative=True, relative_form=form)
    for k in sorted(range(-45, 46), key=abs):
        d = ctx.anchor.day + timedelta(days=k)
        if d.day == day and d.weekday() == wd:
            return _with_pod(_day_res(d, True, form), parts)
    return Resolution(None, granularity="day", relative=True, relative_form=form)


def resolve_list_day(parts: Parts, ctx: Context) -> Resolution | None:
    """"- 12 : le Conseil de sécurité adopte…", "- 4 au 6 : …": a chronology's item on a
    bare day takes the month and year of its heading or of the item before; none named
    before it, it is no date (a numbered list)."""
    point, day = ctx.chronicle, parts.day()
    if point is None or day is None:
        return None
    found = _safe_date(point.year, point.month, day)
    if found is None:
        return None
    res = _day_res(found, True, f"XXXX-XX-{day:02d}")
    res.anchor = ctx.chronicle_text
    last = Parts({"day": parts.g.get("day2")}, parts.table).day()
    last = _safe_date(point.year, point.month, last) if last is not None else None
    if last is not None and last > found:
        res.span_start, res.span_end = found.isoformat(), last.isoformat()
    return res


def resolve_weekday(parts: Parts, ctx: Context) -> Resolution:
    wd = parts.word("wd", "weekdays")
    rel = parts.rel()
    how = {-1: "last", 1: "next"}.get(rel, "near")
    form = f"DCT:{how}:{WEEKDAY_CODES[wd]}"
    if not ctx.anchor.allows("day"):
        return _with_pod(Resolution(None, granularity="day", relative=True, relative_form=form),
                         parts)
    if not rel and ctx.ref_in_sentence and ctx.ref_day is not None \
            and ctx.ref_day.weekday() == wd:
        # "- 28 : vendredi de la colère", "le 3 mai, un vendredi": the day just named
        res = _day_res(ctx.ref_day, True, "REF+P0D")
        res.anchor = ctx.ref_text
        return _with_pod(res, parts)
    d = cal.weekday_date(ctx.anchor.day, wd, ctx.direction(), rel)
    return _with_pod(_day_res(d, True, form), parts)


def resolve_night_between(parts: Parts, ctx: Context) -> Resolution | None:
    """"la nuit de vendredi à samedi (27 juillet)": the night starts on the first weekday."""
    if "month" in parts.g:
        parts.g["wd"] = parts.g.get("wd2", parts.g.get("wd"))  # the date is the morning's
        res = resolve_day(parts, ctx)
        if res is None or res.day is None:
            return res
        d = res.day - timedelta(days=1)
    else:
        if not ctx.anchor.allows("day"):
            return Resolution(None, "TIME", "partofday", True, relative_form="DCT:near:night")
        d = cal.weekday_date(ctx.anchor.day, parts.word("wd", "weekdays"), ctx.direction())
    return Resolution(f"{d.isoformat()}TNI", "TIME", "partofday", True, day=d, year=d.year)


def _offset_res(ctx: Context, base: date | None, days: int, prefix: str) -> Resolution:
    sign = "+" if days >= 0 else "-"
    form = f"{prefix}{sign}P{abs(days)}D"
    if base is None:
        return Resolution(None, granularity="day", relative=True, relative_form=form)
    return _day_res(base + timedelta(days=days), True, form)


def resolve_deictic(parts: Parts, ctx: Context) -> Resolution:
    base = ctx.anchor.day if ctx.anchor.allows("day") else None
    return _with_pod(_offset_res(ctx, base, parts.word("deictic", "deictic"), "DCT"), parts)


def resolve_anaphor(parts: Parts, ctx: Context) -> Resolution:
    """"la veille", "le lendemain": one day from the last date mentioned (else the article's)."""
    base = ctx.ref_day or (ctx.anchor.day if ctx.anchor.allows("day") else None)
    days = parts.word("anaphor", "anaphor") or 0
    res = _with_pod(_offset_res(ctx, base, days, "REF"), parts)
    res.anchor = ctx.ref_text if ctx.ref_day is not None else None
    return res


def resolve_pod(parts: Parts, ctx: Context) -> Resolution:
    """"ce matin", "la nuit dernière": a part of the article's day; "la soirée", "pendant
    la nuit" without "ce": a part of the last day named ("Hier soir… pendant la nuit"),
    and a night told in the past with no day named before is the one before the article."""
    days = -1 if "rel" in parts.g else 0
    article_day = ctx.anchor.day if ctx.anchor.allows("day") else None
    # the day named last is the article's own ("KYIV, June 5 (Reuters) - … overnight"): the
    # night is read as with no day named, below
    if "this" not in parts.g and "rel" not in parts.g and ctx.ref_text is not None \
            and ctx.ref_day is not None and ctx.ref_day != article_day:
        res = _day_res(ctx.ref_day, True, "REF+P0D")
        res.anchor = ctx.ref_text
        return _with_pod(res, parts)
    if "this" not in parts.g and parts.word("pod", "pods") == "NI" and ctx.direction() < 0:
        days = -1
    res = resolve_deictic_days(ctx, days)
    return _with_pod(res, parts)


def resolve_deictic_days(ctx: Context, days: int) -> Resolution:
    base = ctx.anchor.day if ctx.anchor.allows("day") else None
    return _offset_res(ctx, base, days, "DCT")


def _month_res(ctx: Context, month: int, year: int | None, rel: int) -> Resolution:
    if year is not None:
        return Resolution(cal.month_value(year, month), granularity="month", year=year)
    form = f"XXXX-{month:02d}"
    if not ctx.anchor.allows("month"):
        return Resolution(None, granularity="month", relative=True, relative_form=form)
    seen = ctx.seen_years.get((month, 0)) if not rel else None
    y = seen or (None if rel else _story_year(ctx, month)) \
        or cal.month_year(ctx.anchor.day, month, ctx.direction(), rel)
    if not rel:
        ctx.seen_years.setdefault((month, 0), y)
    return Resolution(cal.month_value(y, month), granularity="month", relative=True,
                      relative_form=form, year=y)


def resolve_month(parts: Parts, ctx: Context) -> Resolution:
    return _month_res(ctx, parts.month(), parts.year(), parts.rel())


def resolve_heading_month(parts: Parts, ctx: Context) -> Resolution:
    """A chronology's month heading ("Janvier :", "= FÉVRIER =") without a year: a heading
    has no verb, so tense cannot place it. A chronology tells what happened: the first
    heading is the month most recently begun by the article's date (in a December 2019
    review, "Janvier" is January 2019, not 2020), unless the narrative's reference point
    fixes the year; each next one follows the heading before it, a year on when its month
    comes earlier in the calendar ("Décembre" then "Janvier"), back to the latest past
    one when that would pass the article's date (a list told latest first)."""
    month, year = parts.month(), parts.year()
    anchor = ctx.anchor
    if year is not None or not anchor.allows("month"):
        res = _month_res(ctx, month, year, 0)
        ctx.heading = date(res.year, month, 1) if res.year is not None else ctx.heading
        return res
    now = (anchor.day.year, anchor.day.month)
    latest = anchor.day.year if month <= anchor.day.month else anchor.day.year - 1
    prev = ctx.heading
    if prev is not None:
        y = prev.year if month >= prev.month else prev.year + 1
    else:
        y = _story_year(ctx, month) or latest
    if (y, month) > now:
        y = latest
    ctx.heading = date(y, month, 1)
    ctx.seen_years.setdefault((month, 0), y)
    return Resolution(cal.month_value(y, month), granularity="month", relative=True,
                      relative_form=f"XXXX-{month:02d}", year=y)


def resolve_part_month(parts: Parts, ctx: Context) -> Resolution:
    """"fin janvier": the month as value, its first/middle/last ten days as the span;
    "à la fin du mois (prochain)": the article's month (or the one after)."""
    if "month" not in parts.g:
        if not ctx.anchor.allows("month"):
            return Resolution(None, granularity="month", relative=True,
                              relative_form=f"DCT{parts.rel():+d}M")
        y, m = cal.add_months(ctx.anchor.day.year, ctx.anchor.day.month, parts.rel())
        part = parts.word("part", "parts")
        start, end = cal.month_part_span(y, m, part)
        return Resolution(cal.month_value(y, m), granularity="month", relative=True, year=y,
                          span_start=start.isoformat(), span_end=end.isoformat(),
                          mod=cal.PART_MOD.get(part))
    res = _month_res(ctx, parts.month(), parts.year(), parts.rel())
    part = parts.word("part", "parts")
    res.mod = cal.PART_MOD.get(part)
    if res.value is not None and part is not None:
        start, end = cal.month_part_span(res.year, parts.month(), part)
        res.span_start, res.span_end = start.isoformat(), end.isoformat()
    return res


#: TIMEX3 letter and count of the periods a year is cut into: "2002-Q1", "2002-H2".
YEAR_PERIODS = {"Q": ("Q", 4), "SEM": ("H", 2)}


def resolve_period_ordinal(parts: Parts, ctx: Context) -> Resolution | None:
    """"le premier trimestre 2002" -> 2002-Q1, "au second semestre" -> 2002-H2: without a
    year, the article's, a year back when a past tense names a period not begun yet
    ("au quatrième trimestre, les ventes ont baissé" in May), a year on when a future one
    names a period already over."""
    unit = "SEM" if "half" in parts.g else parts.word("unit", "units")  # "the first half of"
    letter, count = YEAR_PERIODS[unit]
    n = parts.word("ord", "ordinals")
    if n is None or not 1 <= n <= count:
        return None
    year = parts.year()
    if year is not None:
        return Resolution(f"{year}-{letter}{n}", granularity="quarter", year=year)
    form = f"XXXX-{letter}{n}"
    if not ctx.anchor.allows("month"):
        return Resolution(None, granularity="quarter", relative=True, relative_form=form)
    size = 12 // count
    first, last = (n - 1) * size + 1, n * size
    year, month, direction = ctx.anchor.day.year, ctx.anchor.day.month, ctx.direction()
    if direction < 0 and first > month:
        year -= 1
    elif direction > 0 and last < month:
        year += 1
    return Resolution(f"{year}-{letter}{n}", granularity="quarter", relative=True,
                      relative_form=form, year=year)


def resolve_part_year(parts: Parts, ctx: Context) -> Resolution:
    part = parts.word("part", "parts")
    year = parts.year()
    relative = year is None
    if year is None:
        if not ctx.anchor.allows("year"):
            return Resolution(None, granularity="year", relative=True,
                              relative_form=f"DCT{parts.rel():+d}Y:{part}")
        year = ctx.anchor.day.year + parts.rel()
    start, end = cal.year_part_span(year, part)
    return Resolution(str(year), granularity="year", relative=relative, year=year,
                      span_start=start.isoformat(), span_end=end.isoformat(),
                      mod=cal.PART_MOD.get(part))


def resolve_year(parts: Parts, ctx: Context) -> Resolution:
    year = parts.year()
    return Resolution(str(year), granularity="year", year=year)


def resolve_clock(parts: Parts, ctx: Context) -> Resolution | None:
    """"à 16h30", "at 4 p.m.": a clock time on the date named in its sentence, else on the
    article's day ("le 20 octobre à 21h00" -> 2018-10-20T21:00); with its weekday after it
    ("4 h mardi"), on that weekday."""
    if "noon" in parts.g:
        hour, minute = (12 if parts.g["noon"].lower() == "midi" else 24), 0
    else:
        hour, minute = int(parts.g["hour"]), int(parts.g.get("minute") or 0)
    if ("pm" in parts.g or "pm2" in parts.g) and hour < 12:
        hour += 12
    if hour > 24:
        return None
    clock = f"T{hour:02d}:{minute:02d}"
    article_day = ctx.anchor.day if ctx.anchor.allows("day") else None
    if "deictic" in parts.g:  # "hier à 10 h", "vers 15 h 30, hier": one TIME on that day
        res = _offset_res(ctx, article_day, parts.word("deictic", "deictic"), "DCT")
        res.type, res.granularity = "TIME", "time"
        res.value = f"{res.value}{clock}" if res.value else None
        res.relative_form = f"{res.relative_form}{clock}"
        return res
    wd = parts.word("wd", "weekdays")
    if wd is not None:  # "4 h mardi": that weekday's hour, read as a bare weekday is
        if article_day is None:
            return Resolution(None, "TIME", "time", True,
                              relative_form=f"DCT:near:{WEEKDAY_CODES[wd]}{clock}")
        day = cal.weekday_date(article_day, wd, ctx.direction())
        return Resolution(f"{day.isoformat()}{clock}", "TIME", "time", True, day=day,
                          year=day.year, relative_form=f"DCT:near:{WEEKDAY_CODES[wd]}{clock}")
    base = ctx.ref_day if ctx.ref_in_sentence else article_day
    if base is None:
        return Resolution(None, "TIME", "time", True, relative_form=f"REF{clock}")
    return Resolution(f"{base.isoformat()}{clock}", "TIME", "time", True,
                      relative_form=f"REF{clock}",
                      anchor=ctx.ref_text if ctx.ref_in_sentence else None)


def resolve_ref(parts: Parts, ctx: Context) -> Resolution:
    """"actuellement", "récemment", "bientôt": TIMEX3's PRESENT_REF / PAST_REF / FUTURE_REF."""
    return Resolution(parts.word("ref", "refs"), type=ctx.table.ref_type, granularity=None,
                      relative=True)


def resolve_decade(parts: Parts, ctx: Context) -> Resolution:
    """"les années 2000" -> 200, "les années 60" / "the 1960s" -> 196 (TIMEX3 decades);
    "les années soixante-dix" -> 197 (the table's decade_words)."""
    if "decword" in parts.g:
        value = str(parts.word("decword", "decade_words"))
        return Resolution(value, granularity="decade", year=int(value + "0"))
    raw = parts.g["decade"]
    digits = raw if len(raw) == 4 else "19" + raw
    return Resolution(digits[:3], granularity="decade", year=int(digits))


def resolve_season(parts: Parts, ctx: Context) -> Resolution:
    season = parts.word("season", "seasons")
    year = parts.year()
    relative = year is None
    if year is None:
        if not ctx.anchor.allows("season"):
            return Resolution(None, granularity="season", relative=True,
                              relative_form=f"XXXX-{season}")
        year = cal.season_year(ctx.anchor.day, season, ctx.direction(), parts.rel())
    start, end = cal.season_span(year, season)
    return Resolution(f"{year}-{season}", granularity="season", relative=relative, year=year,
                      span_start=start.isoformat(), span_end=end.isoformat())


def _shift(ctx: Context, base: date | None, unit: str, n: int, prefix: str) -> Resolution:
    granularity = UNIT_GRANULARITY.get(unit, "day")
    sign = "+" if n >= 0 else "-"
    form = f"{prefix}{sign}P{abs(n)}{unit}"
    if base is None or (prefix == "DCT" and not ctx.anchor.allows(granularity)):
        return Resolution(None, granularity=granularity, relative=True, relative_form=form)
    shifted = cal.shift_value(base, unit, n)
    if shifted is None:
        return Resolution(None, granularity=granularity, relative=True, relative_form=form)
    value, granularity = shifted
    day = base + timedelta(days=n) if unit == "D" else None
    year = int(value[:4]) if granularity == "year" else None
    return Resolution(value, granularity=granularity, relative=True, relative_form=form,
                      day=day, year=year)


def resolve_unit_offset(parts: Parts, ctx: Context) -> Resolution:
    """"cette semaine", "le mois dernier", "l'an prochain"; "ce week-end" told in the past
    on a weekday is the one just gone."""
    unit = parts.word("unit", "period_units")
    n = parts.rel()
    if unit == "WE" and n == 0 and ctx.anchor.allows("day") and ctx.anchor.day.weekday() < 5 \
            and ctx.direction() < 0:
        n = -1
    return _shift(ctx, ctx.anchor.day, unit, n, "DCT")


def resolve_unit_anaphor(parts: Parts, ctx: Context) -> Resolution:
    """"l'année suivante": one unit from the last date mentioned."""
    unit = parts.word("unit", "period_units") or parts.word("unit2", "period_units")
    n = parts.word("anarel", "anarel") or 0  # "la même année": the year itself
    if unit == "Y" and ctx.ref_year is not None:
        base: date | None = date(ctx.ref_year, 7, 1)
    else:
        base = ctx.ref_day
    res = _shift(ctx, base, unit, n, "REF")
    res.anchor = ctx.ref_text
    return res


def _ago_in(parts: Parts, ctx: Context, sign: int) -> Resolution:
    unit = parts.word("unit", "units")
    n = parts.number("num")
    if n is None:
        return Resolution("PAST_REF" if sign < 0 else "FUTURE_REF", type=ctx.table.ref_type,
                          relative=True)
    return _shift(ctx, ctx.anchor.day, unit, sign * int(n), "DCT")


def resolve_ago(parts: Parts, ctx: Context) -> Resolution:
    return _ago_in(parts, ctx, -1)


def resolve_in(parts: Parts, ctx: Context) -> Resolution:
    return _ago_in(parts, ctx, 1)


def resolve_duration(parts: Parts, ctx: Context) -> Resolution:
    unit = parts.word("unit", "units")
    n = parts.number("num") if "num" in parts.g else parts.number("num2")
    res = Resolution(cal.duration_value(n, unit), type="DURATION", granularity="duration")
    if ctx.since and n is not None and ctx.anchor.allows("day") and unit in ("D", "W", "M", "Y"):
        start = _shift(ctx, ctx.anchor.day, unit, -int(n), "DCT").value
        res.span_start, res.span_end = start, ctx.anchor.day.isoformat()
    return res


def resolve_duration_word(parts: Parts, ctx: Context) -> Resolution:
    """"un quart de siècle" -> P25Y: a fixed phrase with its value in the table."""
    return Resolution(parts.word("durword", "duration_words"), type="DURATION",
                      granularity="duration")


def resolve_set(parts: Parts, ctx: Context) -> Resolution:
    """"chaque mois" -> P1M; "chaque samedi", "tous les mardis" -> XXXX-WXX-6, XXXX-WXX-2
    (TIMEX3 writes a weekly recurrence by its weekday, not as P1W)."""
    wd = parts.word("wd", "weekdays")
    wd = parts.word("wd2", "weekdays") if wd is None else wd
    if wd is not None:
        return Resolution(f"XXXX-WXX-{wd + 1}", type="SET", granularity="set")
    unit = parts.word("unit", "units") or parts.word("setadj", "set_adjectives")
    every = parts.number("num") if "num" in parts.g else 1
    return Resolution(cal.duration_value(every, unit), type="SET", granularity="set")


def resolve_pod_adjective(parts: Parts, ctx: Context) -> Resolution:
    """"une virée nocturne", "des explosions nocturnes": a part of day with no day to it
    (TIMEX3 TIME "TNI")."""
    return Resolution(f"T{parts.word('podadj', 'pod_adjectives')}", type="TIME",
                      granularity="partofday")


_ROMAN = {"I": 1, "V": 5, "X": 10}


def resolve_century(parts: Parts, ctx: Context) -> Resolution | None:
    """"le XIXe siècle" -> 18 (TIMEX3 writes a century by its first two digits)."""
    total, last = 0, 0
    for ch in reversed(parts.g["roman"].upper()):
        value = _ROMAN[ch]
        total, last = (total - value, last) if value < last else (total + value, value)
    if not 1 <= total <= 21:
        return None
    return Resolution(f"{total - 1:02d}", granularity="century", year=None)


def resolve_century_ordinal(parts: Parts, ctx: Context) -> Resolution | None:
    """"the 19th century" -> 18."""
    n = int(parts.g["ordinal"])
    return Resolution(f"{n - 1:02d}", granularity="century") if 1 <= n <= 21 else None


def resolve_later(parts: Parts, ctx: Context) -> Resolution:
    """"Deux mois plus tard" after "le 14 février 2018" -> 2018-04: a point counted from
    the last date the text named, else from the article's."""
    unit = parts.word("unit", "units")
    n = int(parts.number("num") or 0)
    sign = -1 if (parts.word("later", "later_words") or 1) < 0 else 1
    from_text = ctx.ref_text is not None
    if not from_text and sign > 0:
        n = 0  # "Trente ans après, la profanation reste…" opening an article: now
    base = ctx.ref_day if from_text else ctx.anchor.day
    if from_text and unit == "Y" and ctx.ref_year is not None and base is None:
        base = date(ctx.ref_year, 7, 1)
    if unit in ("H", "MIN", "S"):  # "Deux heures plus tôt" is that day, not two days back
        unit, n = "D", n // 24 if unit == "H" else 0
    elif unit not in ("D", "W", "M", "Y"):
        unit = "D"
    res = _shift(ctx, base, unit, sign * n, "REF" if from_text else "DCT")
    res.anchor = ctx.ref_text
    if sign < 0:
        res.day = None  # a look back ("15 jours plus tôt") does not move the story's day
    return res


def resolve_same_time(parts: Parts, ctx: Context) -> Resolution | None:
    """"à ce moment-là": the last point the text named, at its own precision ("vers 15 h 30,
    hier … à ce moment-là" -> that clock time, APPROX); none named, no time."""
    if ctx.ref_point is None or ctx.ref_text is None:
        return None
    value, kind, mod = ctx.ref_point
    res = Resolution(value, type=kind, granularity="day", relative=True, mod=mod,
                     relative_form="REF+P0D")
    res.anchor = ctx.ref_text
    return res


def resolve_named_period(parts: Parts, ctx: Context) -> Resolution:
    """"l'après-guerre" -> 1945, mod AFTER: a period the language names by a word, its
    TIMEX3 value and mod written in the table (`named_periods: word: "value [MOD]"`)."""
    value, _, mod = str(parts.word("named", "named_periods")).partition(" ")
    return Resolution(value, granularity="year", year=int(value) if value.isdigit() else None,
                      mod=mod or None)


RESOLVERS: dict[str, Callable[[Parts, Context], Resolution | None]] = {
    "day": resolve_day, "weekday": resolve_weekday, "night_between": resolve_night_between,
    "deictic": resolve_deictic, "anaphor": resolve_anaphor, "pod": resolve_pod,
    "month": resolve_month, "heading_month": resolve_heading_month, "part_month": resolve_part_month, "part_year": resolve_part_year,
    "year": resolve_year, "decade": resolve_decade, "season": resolve_season,
    "unit_offset": resolve_unit_offset, "clock": resolve_clock, "ref": resolve_ref,
    "unit_anaphor": resolve_unit_anaphor, "ago": resolve_ago, "in": resolve_in,
    "duration": resolve_duration, "set": resolve_set, "duration_word": resolve_duration_word,
    "later": resolve_later, "century": resolve_century, "list_day": resolve_list_day,
    "century_ordinal": resolve_century_ordinal, "pod_adjective": resolve_pod_adjective,
    "period_ordinal": resolve_period_ordinal, "named_period": resolve_named_period,
    "same_time": resolve_same_time,
}
