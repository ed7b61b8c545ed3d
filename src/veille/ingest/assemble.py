"""The step every reader shares: from what a reader found to a finished `Article`.

Readers only extract (text, title, url, dates they can see). Here the text is cut to
`max_chars`, cleaned of furniture, dated (source date, dateline, fallback, override
in that order of trust), given a source and a language.

Whatever had to be repaired is said in `Article.flags` (stored in the article's
quality): control characters and lone surrogates removed from a field, a title,
source or URL over its cap (`FIELD_CAPS`: a title is cut, a URL that long is dropped),
a date outside the plausible window of news (`model.implausible_date`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlparse

from veille.ingest.clean import Cleaned, clean_text
from veille.ingest.dates import PubDate, byline_date, date_from_dateline, find_dateline, \
    past_date_in_text, url_date
from veille.ingest.language import detect_language
from veille.ingest.options import ReadOptions, Skipped
from veille.ingest.titles import observe_title, strip_title
from veille.model import Article, implausible_date

log = logging.getLogger(__name__)
# Control characters that are neither whitespace nor line breaks: invisible garbage in
# news text, and NUL cannot be stored by PostgreSQL at all (found by tests/reliability).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")
# Lone surrogates (a JSON "\\ud800", a file name that is not UTF-8) cannot be stored.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters kept of each metadata field; a longer title is cut, a longer URL dropped.
FIELD_CAPS: dict[str, int] = {"title": 1_000, "source": 300, "url": 4_096}


@dataclass(slots=True)
class RawDoc:
    """What a reader found in one document, before cleaning and dating.

    `date` is what the document itself states; `fallback_date` a weaker clue used only
    when neither the document nor a dateline dates it (a WARC capture time).
    `guess_title` asks for the headline to be read from the text (plain text files).
    """

    text: str
    origin: str
    raw_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    date: PubDate | None = None
    fallback_date: PubDate | None = None
    language: str | None = None
    truncated: bool = False
    guess_title: bool = False


def assemble_article(raw: RawDoc, options: ReadOptions) -> Article | Skipped:
    """Clean, date and label `raw`; Skipped when no text is left after cleaning."""
    flags: dict[str, object] = {}
    text, truncated = _scrubbed(raw.text, "text", flags), raw.truncated
    if len(text) > options.max_chars:
        text, truncated = text[: options.max_chars], True
    if truncated:
        log.warning("%s: longer than %d characters, stored truncated", raw.origin, options.max_chars)
    cleaned = _cleaned(text, raw, options)
    if not cleaned.text:
        return Skipped(raw.origin, "no text left after removing site furniture"
                       if cleaned.removed else "no text")
    if cleaned.reasons:  # why each line went (clean.REASONS): counted, and every line kept by reason
        flags["boilerplate_by_reason"] = dict(Counter(cleaned.reasons))
        flags["boilerplate_lines"] = removed_by_reason(cleaned)
    published = _publication_date(raw, text, cleaned, options, flags)
    if published is None or published.precision != "day":
        published = _bounded(published, cleaned, flags)
    title = _capped(raw.origin, "title", _scrubbed(raw.title or "", "title", flags), flags)
    if not title and raw.guess_title:
        title = headline(cleaned.text)
    title = _headline_only(title, raw, options, flags)
    url = _capped(raw.origin, "url", _scrubbed(raw.url or "", "url", flags), flags) or None
    source = _capped(raw.origin, "source", _scrubbed(raw.source or "", "source", flags), flags)
    return Article(
        text=cleaned.text, url=url, source=source or cleaned.site or _domain(url),
        title=title.strip() if title else None,
        published=published.value if published else None,
        date_precision=published.precision if published else "unknown",
        date_origin=published.origin if published else None,
        language=options.language or raw.language or detect_language(cleaned.text or title or ""),
        raw_hash=raw.raw_hash, origin=_SURROGATE.sub("\ufffd", raw.origin),
        boilerplate_removed=cleaned.removed, truncated=truncated, flags=flags,
    )


def _headline_only(title: str | None, raw: RawDoc, options: ReadOptions,
                   flags: dict[str, object]) -> str | None:
    """The title without the furniture a site glues to it (`titles.strip_title`: "… |
    Le Figaro", "VIDÉO. …"), the raw title and what was cut kept in `flags`."""
    if not title:
        return title
    source = raw.source or _domain(raw.url)
    observe_title(title, options.line_memory, source)
    stripped = strip_title(title, options.line_memory, source)
    if stripped.removed:
        flags["title_raw"] = title
        flags["title_affixes_removed"] = list(stripped.removed)
    return stripped.title


def _cleaned(text: str, raw: RawDoc, options: ReadOptions) -> Cleaned:
    """`text` cleaned in the options' furniture mode; with a line memory, the document's lines
    are counted first (per its source, when the reader knows it) so its template lines go."""
    memory = options.line_memory
    source = raw.source or _domain(raw.url)
    if memory is not None:
        memory.observe(text.splitlines(), source)
    return clean_text(text, furniture=options.furniture, memory=memory, source=source)


def removed_by_reason(cleaned: Cleaned) -> dict[str, list[str]]:
    """The lines cleaning removed, grouped by reason in page order: stored in the article's
    quality so that nothing removed is lost (`veille articles --show ID --removed`)."""
    grouped: dict[str, list[str]] = {}
    for line, why in zip(cleaned.removed, cleaned.reasons):
        grouped.setdefault(why, []).append(line)
    return grouped


def _scrubbed(value: str, name: str, flags: dict[str, object]) -> str:
    """`value` without control characters and lone surrogates, counted in `flags`."""
    removed = len(_CONTROL.findall(value))
    if removed:
        value = _CONTROL.sub("", value)
        flags[f"{name}_control_chars_removed"] = removed
    if _SURROGATE.search(value):
        flags[f"{name}_invalid_chars_replaced"] = len(_SURROGATE.findall(value))
        value = _SURROGATE.sub("\ufffd", value)
    return value


def _capped(origin: str, name: str, value: str, flags: dict[str, object]) -> str:
    """`value` within its FIELD_CAPS size: a title or source cut, a URL dropped; flagged."""
    cap = FIELD_CAPS[name]
    if len(value) <= cap:
        return value
    log.warning("%s: %s longer than %d characters (%d), %s", origin, name, cap, len(value),
                "dropped" if name == "url" else "cut")
    if name == "url":
        flags["url_dropped"] = f"longer than {cap:,} characters"
        return ""
    flags[f"{name}_truncated_at"] = cap
    return value[:cap]


def _publication_date(raw: RawDoc, page: str, cleaned: Cleaned, options: ReadOptions,
                      flags: dict[str, object]) -> PubDate | None:
    """The best-trusted clue: the override; the document's own day-precise date; a byline
    of the page (`page`: the text before cleaning, furniture included) or the URL's day; a
    dateline (its year from those, else the copyright year); the stated or URL date at a
    coarser precision; the fallback. Each must be plausible (else flagged) and agree with
    a coarser stated date."""
    if options.published is not None:
        return PubDate(options.published, options.published_precision, "override")
    stated = _plausible(raw.date, raw.origin, flags)
    if stated is not None and stated.precision == "day":
        return stated
    from_url = _plausible(url_date(raw.url), raw.origin, flags)
    for clue in (_plausible(byline_date(page), raw.origin, flags), from_url):
        if clue is not None and clue.precision == "day" and _agrees(clue, stated):
            return clue
    coarse = stated or (from_url if _agrees_opt(from_url, stated) else None)
    fallback = _plausible(raw.fallback_date, raw.origin, flags)
    dateline = find_dateline(cleaned.text)
    if dateline is not None:
        reference = coarse or fallback
        dated = _plausible(date_from_dateline(dateline, reference, cleaned.copyright_year),
                           raw.origin, flags)
        if dated is not None and _agrees(dated, coarse):
            return dated
    return coarse or fallback


def _agrees_opt(found: PubDate | None, stated: PubDate | None) -> bool:
    return found is not None and _agrees(found, stated)


def _bounded(published: PubDate | None, cleaned: Cleaned, flags: dict[str, object]) -> PubDate | None:
    """A date known to less than a day, or none, bounded by what the page says (in `quality`):

    `date_not_before`: the latest date the text names as past, at its precision (origin
    `text-past`; "le 13 avril dernier" in a "© 2024" page: 2024-04-13). `date_not_after`:
    the end of an undated page's copyright year (`date_copyright_year`): a page is not
    older than its copyright, but an archive page carries the year it was rendered, so the
    year alone dates nothing. When both bounds fall in the copyright year, the article is
    of that year: published at year precision, origin `copyright`. A copyright year before
    a date the text names as past is rejected (flagged)."""
    year = cleaned.copyright_year if published is None else None
    if year is not None and implausible_date(date(year, 1, 1)) is not None:
        year = None
    hint = published.value.year if published is not None else year
    bound = past_date_in_text(cleaned.text, hint)
    if bound is not None and implausible_date(bound.value) is None:
        flags["date_not_before"] = _at_precision(bound)
        flags["date_not_before_origin"] = bound.origin
    else:
        bound = None
    if year is None:
        return published
    if bound is not None and bound.value.year > year:
        flags["date_rejected"] = f"copyright year {year} before {_at_precision(bound)}, named as past"
        return published
    flags["date_copyright_year"] = year
    flags["date_not_after"] = f"{year}-12-31"
    if bound is not None and bound.value.year == year:
        return PubDate(date(year, 1, 1), "year", "copyright")
    return published


def _at_precision(found: PubDate) -> str:
    iso = found.value.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(found.precision, iso)


def _plausible(found: PubDate | None, origin: str, flags: dict[str, object]) -> PubDate | None:
    """`found`, or None (flagged `date_rejected` with the reason) when no news is that old or new."""
    reason = implausible_date(found.value) if found is not None else None
    if reason is None:
        return found
    log.warning("%s: %s date rejected: %s", origin, found.origin, reason)  # type: ignore[union-attr]
    flags["date_rejected"] = f"{found.origin} date {reason}"  # type: ignore[union-attr]
    return None


def _agrees(dated: PubDate, stated: PubDate | None) -> bool:
    """A dateline may only sharpen a coarse stated date, never contradict it."""
    if stated is None:
        return True
    same_year = dated.value.year == stated.value.year
    if stated.precision == "month":
        return same_year and dated.value.month == stated.value.month
    return same_year


def _domain(url: str | None) -> str | None:
    """The site a URL belongs to, without "www." (the source when nothing better names it)."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


# A headline is one short line without a final full stop, followed by more text.
MAX_HEADLINE_CHARS = 160


def headline(text: str) -> str | None:
    """The first line of `text` when it reads as a headline, else None (no guessing beyond that)."""
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > MAX_HEADLINE_CHARS or first.endswith((".", ":", ",", ";")):
        return None
    return first
