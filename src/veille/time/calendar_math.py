"""Calendar arithmetic for time expressions: pick the year, the week, the day they mean.

Every function here is pure: given an anchor (the article date or the last date
mentioned), a direction from tense (-1 past, +1 future, 0 unknown) and the parts
of an expression, it returns a date or a TIMEX3 value string. Python's `datetime`
and `calendar` do the arithmetic; dateparser is not used here because it returns a
single datetime, with no granularity (it turns "en janvier" into a fake day) and no
notion of tense.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

PRECISION_RANK = {"unknown": 0, "year": 1, "month": 2, "day": 3}
#: The anchor precision a granularity needs to be resolved.
GRANULARITY_NEEDS = {"day": 3, "week": 3, "partofday": 3, "weekend": 3,
                     "month": 2, "season": 2, "quarter": 2, "year": 1}
SEASON_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}
SEASON_SPAN = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date relative expressions are read against, with how much of it is known."""

    day: date | None
    precision: str = "day"

    def allows(self, granularity: str) -> bool:
        """Whether an expression of this granularity can be resolved from this anchor."""
        if self.day is None:
            return False
        return PRECISION_RANK.get(self.precision, 0) >= GRANULARITY_NEEDS.get(granularity, 3)


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _pick(candidates: list[tuple[int, object]], direction: int, strict: bool) -> object:
    """Choose among (signed distance to anchor, value): past, future or nearest."""
    if direction < 0:
        pool = [c for c in candidates if c[0] < 0 or (c[0] == 0 and not strict)]
        return max(pool, key=lambda c: c[0])[1]
    if direction > 0:
        pool = [c for c in candidates if c[0] > 0 or (c[0] == 0 and not strict)]
        return min(pool, key=lambda c: c[0])[1]
    return min(candidates, key=lambda c: (abs(c[0]), c[0] > 0))[1]


def weekday_date(anchor: date, weekday: int, direction: int, rel: int = 0) -> date:
    """The date of a named weekday: `rel` (dernier/prochain) excludes the anchor day itself."""
    candidates = [(k, anchor + timedelta(days=k)) for k in range(-7, 8)
                  if (anchor + timedelta(days=k)).weekday() == weekday]
    return _pick(candidates, rel or direction, strict=bool(rel))


def day_month_date(anchor: date, day: int, month: int, direction: int, rel: int = 0,
                   weekday: int | None = None) -> date | None:
    """The year of a day and month given without one; a weekday named with it decides first."""
    candidates = []
    for year in range(anchor.year - 6, anchor.year + 7):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        candidates.append(((d - anchor).days, d))
    if weekday is not None:
        matching = [c for c in candidates if c[1].weekday() == weekday and abs(c[0]) < 366 * 3]
        if matching:
            return min(matching, key=lambda c: abs(c[0]))[1]
    near = [c for c in candidates if abs(c[0]) <= 366]
    if not near:
        return None
    picked = _pick(near, rel or direction, strict=bool(rel))
    if not rel and direction:
        # The tense is a soft cue (the parse may hang the date on the wrong verb): a day
        # it sends most of a year away yields to the same day within a month the other
        # way ("à l'approche du second tour, les 16 et 17 juin" in an article of 5 June).
        close = [c for c in near if abs(c[0]) <= 31 and (c[0] > 0) != (direction > 0)]
        if close and abs((picked - anchor).days) > 270:
            return close[0][1]
    return picked


def month_year(anchor: date, month: int, direction: int, rel: int = 0) -> int:
    """The year of a month named without one, read from the anchor's month."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        candidates.append(((year - anchor.year) * 12 + month - anchor.month, year))
    return _pick(candidates, rel or direction, strict=bool(rel))


def season_year(anchor: date, season: str, direction: int, rel: int = 0) -> int:
    """The year of a season named without one (winter counts from its January)."""
    mid = SEASON_MONTH[season]
    candidates = [((y - anchor.year) * 12 + mid - anchor.month, y)
                  for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    return _pick(candidates, rel or direction, strict=bool(rel))


def shift_value(anchor: date, unit: str, n: int) -> tuple[str, str] | None:
    """The value `n` units away from the anchor, at that unit's granularity."""
    if unit in ("D", "H", "MIN", "S"):
        days = n if unit == "D" else 0
        return (anchor + timedelta(days=days)).isoformat(), "day"
    if unit == "W":
        return iso_week(anchor + timedelta(weeks=n)), "week"
    if unit == "WE":
        return iso_week(anchor + timedelta(weeks=n)) + "-WE", "week"
    if unit == "M":
        return month_value(*add_months(anchor.year, anchor.month, n)), "month"
    if unit == "Q":
        y, m = add_months(anchor.year, anchor.month, 3 * n)
        return f"{y}-Q{(m - 1) // 3 + 1}", "quarter"
    if unit == "Y":
        return str(anchor.year + n), "year"
    if unit == "DE":
        return str(anchor.year + 10 * n)[:3], "decade"
    return None


#: Units TIMEX3 has no letter for, written as a multiple of one it has: a semester is P6M.
UNIT_MULTIPLES = {"SEM": (6, "M")}


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration: P10M, PXM for a vague amount, PT24H for clock units."""
    if unit in UNIT_MULTIPLES:  # "six semestres" -> P36M
        size, unit = UNIT_MULTIPLES[unit]
        n = None if n is None else n * size
    amount = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    clock = {"H": "H", "MIN": "M", "S": "S"}
    if unit in clock:
        return f"PT{amount}{clock[unit]}"
    if unit == "DE":
        return f"P{amount}DE"
    if unit == "CE":
        return f"P{amount}CE"
    return f"P{amount}{unit}"


def month_part_span(year: int, month: int, part: str) -> tuple[date, date]:
    """First days 1-10, middle 11-20, end 21-last of a month: the span of "début/mi/fin mars"."""
    last = calendar.monthrange(year, month)[1]
    bounds = {"start": (1, 10), "mid": (11, 20), "end": (21, last)}[part]
    return date(year, month, bounds[0]), date(year, month, bounds[1])


#: TIMEX3 `mod` of a part of a period: "fin 2010" is 2010 with mod END.
PART_MOD = {"start": "START", "mid": "MID", "end": "END"}


def year_part_span(year: int, part: str) -> tuple[date, date]:
    """The span of "début/mi/fin 2003": the first or last quarter, May-August for the middle.
    (The TIMEX3 value is the year itself, with mod START/MID/END.)"""
    if part == "start":
        return date(year, 1, 1), date(year, 3, 31)
    if part == "end":
        return date(year, 10, 1), date(year, 12, 31)
    return date(year, 5, 1), date(year, 8, 31)


def season_span(year: int, season: str) -> tuple[date, date]:
    start_m, end_m = SEASON_SPAN[season]
    start = date(year - 1 if season == "WI" else year, start_m, 1)
    return start, date(year, end_m, calendar.monthrange(year, end_m)[1])
