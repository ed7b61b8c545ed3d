"""Publication dates: parse what a source says, at the precision it really says it.

A date comes from one place (`origin`): the scraper's header line, HTML metadata,
a JSONL field, a feed entry, a WARC record, a dateline at the start of the text,
or the user's override. `PubDate` keeps the value with its precision, so
"2024-03" stays a month and never pretends to be the first of March.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from veille.languages import babel_locales, dateparser_languages
from veille.model import DatePrecision
from veille.text import fold

log = logging.getLogger(__name__)

# How many of the first non-empty lines may carry a dateline (a headline may come first).
DATELINE_LINES = 3


@dataclass(frozen=True, slots=True)
class PubDate:
    """A publication date, the precision the source gave, and where it came from."""

    value: date
    precision: DatePrecision
    origin: str

    def with_origin(self, origin: str) -> PubDate:
        return PubDate(self.value, self.precision, origin)


_HEADER = re.compile(r"^[ \t]?date[ \t]+(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=\s|$)[ \t]*")


def split_header(text: str) -> tuple[PubDate | None, str]:
    """Read the scrapers' optional ` date YYYY[-MM[-DD]]` first line; return the date and the rest.

    The rest of that first line is kept: scrapers put the headline or the first
    sentence right after the date.
    """
    match = _HEADER.match(text)
    if match is None:
        return None, text
    parsed = _from_parts(int(match[1]), match[2], match[3], "header")
    if parsed is None:
        log.debug("header date %r is not a valid date", match[0].strip())
        return None, text
    return parsed, text[match.end():]


def _from_parts(year: int, month: str | None, day: str | None, origin: str) -> PubDate | None:
    try:
        if day is not None and month is not None:
            return PubDate(date(year, int(month), int(day)), "day", origin)
        if month is not None:
            return PubDate(date(year, int(month), 1), "month", origin)
        return PubDate(date(year, 1, 1), "year", origin)
    except ValueError:
        return None


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date_text(value: object, origin: str) -> PubDate | None:
    """Parse a date as metadata writes it: ISO 8601 (full or partial), RFC 2822, dd/mm/yyyy, epoch.

    Anything else goes to dateparser (French and English); None when nothing fits.
    A datetime keeps the calendar day of its own time zone: that is the day the
    source says it published. Whether the date is plausible is judged where the
    article is assembled (`model.implausible_date`), so the rejection can be flagged.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(value, origin)
    text = str(value).strip()
    if text[:1] in ("-", "+"):  # "-2024-01-01": a signed year is no publication date
        log.debug("%s date %r is signed: not a date", origin, text)
        return None
    for parse in (_parse_iso, _parse_rfc2822, _parse_dmy, _parse_free):
        parsed = parse(text, origin)
        if parsed is not None:
            return parsed
    log.debug("%s date %r not understood", origin, text)
    return None


def _from_epoch(seconds: int | float, origin: str) -> PubDate | None:
    """A date from epoch seconds; None when out of range. JSON integers have no bound: a
    300-digit one overflows even the conversion to float, hence inside the try (found by
    the reader fuzz: it ended the whole JSONL file as "unexpected error")."""
    try:
        return PubDate(datetime.fromtimestamp(float(seconds), tz=timezone.utc).date(), "day",
                       origin)
    except (OverflowError, OSError, ValueError):
        return None


def _parse_iso(text: str, origin: str) -> PubDate | None:
    match = _ISO_PARTIAL.match(text)
    if match:
        return _from_parts(int(match[1]), match[2], match[3], origin)
    try:
        return PubDate(datetime.fromisoformat(text).date(), "day", origin)
    except ValueError:
        return None


def _parse_rfc2822(text: str, origin: str) -> PubDate | None:
    if not text[:1].isalpha() or "," not in text[:5]:
        return None
    try:
        return PubDate(parsedate_to_datetime(text).date(), "day", origin)
    except (TypeError, ValueError, IndexError):
        return None


def _parse_dmy(text: str, origin: str) -> PubDate | None:
    match = _DMY.match(text)
    return _from_parts(int(match[3]), match[2], match[1], origin) if match else None


def _parse_free(text: str, origin: str) -> PubDate | None:
    """Last resort for free text ("4 février 2026"); dateparser is slow, so it comes last."""
    if len(text) > 60 or not any(ch.isdigit() for ch in text):
        return None
    import dateparser  # imported lazily: heavy, and rarely needed

    parsed = dateparser.parse(text, languages=list(dateparser_languages()),
                              settings={"REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"})
    return PubDate(parsed.date(), "day", origin) if parsed else None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline's day and month ("DUBAÏ, 4 février -"), and its year when it says one."""

    place: str
    day: int
    month: int
    year: int | None


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening one of the first lines of `text`, if any."""
    seen = 0
    start = 0
    while seen < DATELINE_LINES and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        start = end + 1
        if not line:
            continue
        seen += 1
        found = _dateline_in(line)
        if found is not None:
            return found
    return None


def _dateline_in(line: str) -> Dateline | None:
    match = _dateline_regex().match(line)
    if match is None:
        return None
    months = _month_numbers()
    month_name = fold(match["m1"] or match["m2"], compat=True).rstrip(".")
    day = int(match["d1"] or match["d2"])
    year = int(match["year"]) if match["year"] else None
    if not 1 <= day <= 31:
        return None
    return Dateline(match["place"].strip(), day, months[month_name], year)


def date_from_dateline(dateline: Dateline, reference: PubDate | None,
                       year_hint: int | None) -> PubDate | None:
    """Date a dateline: its own year, else the reference date's year, else `year_hint`.

    With a day-precise reference the year is the one that puts the dateline on or just
    before the reference (a "31 décembre" dateline on an article dated 2 January is the
    previous year). Without any year we know no storable date: None.
    """
    year = dateline.year
    if year is None and reference is not None:
        year = reference.value.year
        if reference.precision == "day":
            candidate = _safe_date(year, dateline.month, dateline.day)
            if candidate is not None and candidate > reference.value + timedelta(days=7):
                year -= 1
    if year is None:
        year = year_hint
    if year is None:
        return None
    value = _safe_date(year, dateline.month, dateline.day)
    return PubDate(value, "day", "dateline") if value else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Month names (wide and abbreviated, accent-folded) of every known language's Babel
    locale (languages.yaml `babel`: a dateline may be in any) → month number."""
    names: dict[str, int] = {"sept": 9}
    for locale in babel_locales():
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names.setdefault(fold(name, compat=True).rstrip("."), number)
    return names


_ACCENTED: dict[str, str] = {"e": "[eéèêë]", "a": "[aàâä]", "u": "[uùûü]", "i": "[iîï]",
                             "o": "[oôö]", "c": "[cç]"}


def _accent_tolerant(word: str) -> str:
    """A regex for an accent-folded name that also matches its accented spellings."""
    return "".join(_ACCENTED.get(ch, re.escape(ch)) for ch in word)


@lru_cache(maxsize=1)
def _dateline_regex() -> re.Pattern[str]:
    """PLACE[ (X)], [weekday] D month [YYYY] [(Agency)] -   or   PLACE, Month D[, YYYY] (Agency) -"""
    months = sorted(_month_numbers(), key=len, reverse=True)
    month = "(?:" + "|".join(_accent_tolerant(m) for m in months) + r")\.?"
    days = sorted({fold(d, compat=True) for loc in babel_locales()
                   for d in get_day_names("wide", locale=loc).values()}, key=len, reverse=True)
    weekday = "(?:(?:" + "|".join(_accent_tolerant(d) for d in days) + r")\s+)?"
    place = r"(?P<place>[A-ZÀ-ÝŒ][A-Za-zÀ-ÿŒœ'’ .\-/]{1,40}?)(?:\s*\([^)]{1,40}\))?"
    when = (rf"(?i:{weekday}(?:(?P<d1>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<m1>{month})"
            rf"|(?P<m2>{month})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?))")
    tail = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?\s*(?:\([^)]{1,40}\))?\s*[-–—]"
    return re.compile(rf"{place}\s*,\s*{when}{tail}")


# --- what the text itself says about when it was written ---------------------------------

# Words just before a date that say it is past: "depuis", an auxiliary of a compound past
# ("a commencé en octobre 2023", "s'était emparé en 2014"); or "dernier" right after it.
_PAST_BEFORE = re.compile(
    r"(?:\bdepuis|\b(?:a|ont|avait|avaient|est|sont|était|étaient|eut|fut|furent)\s+(?:\w+\s+){0,2}?"
    r"\w+(?:é|ée|és|ées|i|is|ie|ies|u|us|ue|ues|t|ts|te|tes))\s+(?:\w+\s+){0,3}?(?:le\s+|en\s+|au\s+mois\s+d['’])?$",
    re.IGNORECASE)
# How far before a date the past marker is looked for.
PAST_WINDOW_CHARS = 80


@lru_cache(maxsize=1)
def _text_date_regex() -> re.Pattern[str]:
    """[D] month [YYYY | dernier/dernière], or a bare year after "en" (French month names)."""
    names = sorted({fold(n, compat=True) for n in get_month_names("wide", locale="fr").values()},
                   key=len, reverse=True)
    month = "(?P<month>" + "|".join(_accent_tolerant(m) for m in names) + ")"
    return re.compile(
        rf"(?i:\b(?:(?P<day>\d{{1,2}})(?:er)?\s+)?{month}\s+(?:(?P<year>(?:19|20)\d{{2}})\b|(?P<last>derni[eè]re?)\b))"
        rf"|(?i:\ben\s+(?P<bare>(?:19|20)\d{{2}})\b)")


def past_date_in_text(text: str, year_hint: int | None = None) -> PubDate | None:
    """The latest absolute date the text names as past: a lower bound of its publication.

    "le 13 avril dernier" (its year from `year_hint`, e.g. the copyright year; skipped
    without one), "a commencé en octobre 2023", "depuis janvier 2024", "s'était emparé
    en 2014". Precision is what the text gives (day, month, year); origin "text-past".
    """
    months = {fold(n, compat=True): k for k, n in get_month_names("wide", locale="fr").items()}
    best: tuple[date, DatePrecision] | None = None
    for match in _text_date_regex().finditer(text):
        if match["bare"]:
            found: tuple[date, DatePrecision] = (date(int(match["bare"]), 1, 1), "year")
            if not _PAST_BEFORE.search(text[max(0, match.start() - PAST_WINDOW_CHARS):match.start() + 3]):
                continue
        else:
            year = int(match["year"]) if match["year"] else year_hint
            if year is None:
                continue
            if not match["last"] and not _PAST_BEFORE.search(
                    text[max(0, match.start() - PAST_WINDOW_CHARS):match.start()]):
                continue
            number = months[fold(match["month"], compat=True)]
            day = int(match["day"]) if match["day"] else None
            value = _safe_date(year, number, day or 1)
            if value is None:
                continue
            found = (value, "day" if day else "month")
        if best is None or found[0] > best[0]:
            best = found
    return PubDate(best[0], best[1], "text-past") if best else None


# --- what the page around the article says: byline, URL --------------------------------

@lru_cache(maxsize=1)
def _clues() -> dict:
    """The byline words and limits of `data/date_clues.yaml` (read once)."""
    from importlib.resources import files

    from veille.yamlfile import load_yaml

    return load_yaml(files("veille.ingest").joinpath("data/date_clues.yaml")
                          .read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _byline_regex() -> re.Pattern[str]:
    """WORDS [:] (dd/mm/yy[yy] | d month yyyy), the words of either kind named by group."""
    clues = _clues()["byline"]
    alternation = {kind: "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                   for kind, words in clues.items()}
    months = sorted(_month_numbers(), key=len, reverse=True)
    month = "(?:" + "|".join(_accent_tolerant(m) for m in months) + r")\.?"
    when = (rf"(?:(?P<d>\d{{1,2}})[/.-](?P<m>\d{{1,2}})[/.-](?P<y>\d{{4}}|\d{{2}})\b"
            rf"|(?P<d2>\d{{1,2}})(?:er)?\s+(?P<m2>{month})\s+(?P<y2>(?:19|20)\d{{2}}))")
    return re.compile(rf"(?i:(?P<first>{alternation['first']})|(?P<update>{alternation['update']}))"
                      rf"\s*:?\s*(?:le\s+|on\s+)?(?:\w+\s+)?{when}", re.IGNORECASE)


# A byline is a short line, and its date words open it or follow an author ("Par X", "By X")
# or a separator: "Le rapport publié le 12 mars 2011 par l'ONU…" is a sentence, not a byline.
MAX_BYLINE_CHARS = 200
_BYLINE_PREFIX = re.compile(r"\s*(?:(?:par|by)\s.{0,80}?)?(?:.{0,80}[|•–—-])?\s*", re.IGNORECASE)


def byline_date(text: str, today: date | None = None) -> PubDate | None:
    """The date a byline gives ("Publié le 01/11/11 à 00h00"): the first publication when the
    page also prints an update; looked for in the page's first and last `byline_lines`
    lines (raw text, furniture included: a byline is furniture once the date is read)."""
    lines = text.splitlines()
    n = _clues()["byline_lines"]
    first = update = None
    for line in lines[:n] + lines[max(n, len(lines) - n):]:
        match = _byline_regex().search(line) if len(line) <= MAX_BYLINE_CHARS else None
        if match is None or not _BYLINE_PREFIX.fullmatch(line[:match.start()]):
            continue
        found = _byline_value(match, today or date.today())
        if found is None:
            continue
        if match["first"] and first is None:
            first = found
        elif match["update"] and update is None:
            update = found
    chosen = first or update
    return PubDate(chosen, "day", "byline") if chosen else None


def _byline_value(match: re.Match[str], today: date) -> date | None:
    if match["d"]:
        year = int(match["y"])
        if len(match["y"]) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
        return _safe_date(year, int(match["m"]), int(match["d"]))
    month = _month_numbers().get(fold(match["m2"], compat=True).rstrip("."))
    return _safe_date(int(match["y2"]), month, int(match["d2"])) if month else None


_URL_DATE = re.compile(
    r"[/_-](?P<y>(?:19|20)\d{2})(?P<sep>[/_-]?)(?P<m>0[1-9]|1[0-2])(?:(?P=sep)(?P<d>0[1-9]|[12]\d|3[01]))?"
    r"(?=[/_.-]|$)")


def url_date(url: str | None) -> PubDate | None:
    """The date a URL's path spells (`/2011/03/23/`, `/2011/03/`, `-2011-03-23-`), at its
    precision; origin "url". The host is left out (a domain has no date)."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.IGNORECASE)
    match = _URL_DATE.search(path)
    if match is None:
        return None
    if not match["sep"] and not match["d"]:
        return None  # "/201103": too easily a number of something else
    return _from_parts(int(match["y"]), match["m"], match["d"], "url")
