"""Remove the site furniture scrapers leave in article text, and say what was removed.

Rules are data: `data/boilerplate_*.txt` hold one whole-line regex per line (menus,
share buttons, copyright footers, "You may also like"...). Beyond the patterns, two
structural rules no regex can express: a line repeated verbatim (the headline printed
twice) keeps only its first occurrence, and a final paragraph that copies earlier text
(a teaser of the article's opening, often cut with "...") is dropped.

Cleaning never edits inside a line: it strips line ends, drops whole lines and
collapses runs of blank lines, so later stages' character offsets point at the words
the source wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# Furniture lines are short: longer lines are never tested against the patterns (speed).
MAX_FURNITURE_CHARS = 300
# After a "tail" marker, lines at most this long are taken as link lists and dropped too.
MAX_TAIL_LINK_CHARS = 200
# A repeated final paragraph must be at least this long (letters, spaces removed) to count.
MIN_TEASER_CHARS = 40
PATTERN_FILES: tuple[str, ...] = ("boilerplate_fr.txt", "boilerplate_en.txt")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, the lines removed (in order), and what a copyright footer told us."""

    text: str
    removed: list[str] = field(default_factory=list)
    site: str | None = None
    copyright_year: int | None = None


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled furniture patterns: whole lines to drop, and trailing-section markers."""

    line: re.Pattern[str]
    tail: re.Pattern[str]


def clean_text(text: str, patterns: Patterns | None = None) -> Cleaned:
    """Strip furniture lines, repeated lines and a repeated final teaser from `text`."""
    patterns = patterns or load_patterns()
    lines = [line.strip() for line in _NEWLINES.sub("\n", text).split("\n")]
    keep = [bool(line) for line in lines]
    removed: list[int] = []
    _drop_furniture(lines, keep, removed, patterns)
    _drop_repeated_lines(lines, keep, removed)
    _drop_final_teaser(lines, keep, removed)
    removed.sort()
    removed_lines = [lines[i] for i in removed]
    site, year = site_from_copyright(removed_lines)
    return Cleaned(_join_kept(lines, keep), removed_lines, site, year)


_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def _drop_furniture(lines: list[str], keep: list[bool], removed: list[int],
                    patterns: Patterns) -> None:
    """Drop lines matching a pattern; a tail marker in the second half also drops the link list after it."""
    total = sum(len(line) + 1 for line in lines)
    position = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        position += len(line) + 1
        if keep[i] and len(line) <= MAX_FURNITURE_CHARS:
            if patterns.tail.fullmatch(line) and position * 2 >= total:
                i = _drop_tail(lines, keep, removed, i)
                continue
            if patterns.line.fullmatch(line):
                keep[i] = False
                removed.append(i)
        i += 1


def _drop_tail(lines: list[str], keep: list[bool], removed: list[int], start: int) -> int:
    """Drop the marker at `start` and the short lines after it; return where a real paragraph resumes."""
    i = start
    while i < len(lines) and (i == start or len(lines[i]) <= MAX_TAIL_LINK_CHARS):
        if keep[i]:
            keep[i] = False
            removed.append(i)
        i += 1
    return i


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "«": '"', "»": '"',
                         "“": '"', "”": '"', "\u00a0": " ", "\u202f": " "})
_SPACES = re.compile(r"\s+")


def _line_key(line: str) -> str:
    """What makes two lines "the same" line: case, quote style and spacing do not count."""
    return _SPACES.sub(" ", line.translate(_QUOTES).casefold())


def _drop_repeated_lines(lines: list[str], keep: list[bool], removed: list[int]) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        key = _line_key(line)
        if key in seen:
            keep[i] = False
            removed.append(i)
        else:
            seen.add(key)


_ELLIPSIS = re.compile(r"(?:\.{3}|…|\[…\]|\[\.\.\.\])\s*$")


def _drop_final_teaser(lines: list[str], keep: list[bool], removed: list[int]) -> None:
    """Drop a final paragraph whose text (minus a trailing "...") already appears earlier.

    Compared without any whitespace, so a teaser that glued two paragraphs together
    ("...de Gaza.Les États-Unis ont transmis...") still matches the original.
    """
    kept = [i for i, k in enumerate(keep) if k]
    if len(kept) < 2:
        return
    last = [kept[-1]]
    for i in reversed(kept[:-1]):
        if i != last[0] - 1:  # a blank or removed line ends the paragraph
            break
        last.insert(0, i)
    paragraph = _ELLIPSIS.sub("", " ".join(lines[i] for i in last))
    teaser = _squeeze(paragraph)
    if len(teaser) < MIN_TEASER_CHARS:
        return
    earlier = _squeeze(" ".join(lines[i] for i in kept if i < last[0]))
    if teaser in earlier:
        for i in last:
            keep[i] = False
            removed.append(i)


def _squeeze(text: str) -> str:
    return _SPACES.sub("", text.translate(_QUOTES).casefold())


def _join_kept(lines: list[str], keep: list[bool]) -> str:
    """Kept lines with their line breaks; blank or removed lines become one paragraph break."""
    parts: list[str] = []
    gap = False
    for line, kept in zip(lines, keep):
        if not kept:
            gap = True
            continue
        if parts:
            parts.append("\n\n" if gap else "\n")
        parts.append(line)
        gap = False
    return "".join(parts)


_COPYRIGHT = re.compile(r"©|\(c\)|copyright|droits d['’]auteur", re.IGNORECASE)
_DOMAIN = re.compile(r"\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_RIGHTS = re.compile(r"tous droits réservés|all rights reserved|droits d['’]auteur|copyright|©|\(c\)",
                     re.IGNORECASE)


def site_from_copyright(lines: list[str]) -> tuple[str | None, int | None]:
    """The site name and year a copyright footer states ("Droits d’auteur © 2024 – onemedia.fr")."""
    for line in reversed(lines):
        if not _COPYRIGHT.search(line):
            continue
        year_match = _YEAR.search(line)
        year = int(year_match[0]) if year_match else None
        domain = _DOMAIN.search(line)
        if domain:
            return domain[1].lower(), year
        return _site_name(line), year
    return None, None


def _site_name(line: str) -> str | None:
    """The name left in a footer once the rights words and the year are gone ("© 2024 Le Monde")."""
    rest = _YEAR.sub(" ", _RIGHTS.sub(" ", line))
    for piece in re.split(r"\s[-–—|•·]\s|[.,;]", rest):
        name = piece.strip(" -–—|•·:")
        if 2 <= len(name) <= 60 and any(ch.isalpha() for ch in name):
            return name
    return None


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """Compile the packaged pattern files once per process."""
    line_rules: list[str] = []
    tail_rules: list[str] = []
    for name in PATTERN_FILES:
        text = resources.files("veille.ingest").joinpath("data", name).read_text(encoding="utf-8")
        for rule in _rules_in(text):
            if rule.startswith("tail:"):
                tail_rules.append(rule[5:])
            else:
                line_rules.append(rule)
    return Patterns(_alternation(line_rules), _alternation(tail_rules))


def _rules_in(text: str) -> list[str]:
    rules = []
    for raw in text.splitlines():
        rule = raw.strip()
        if rule and not rule.startswith("#"):
            re.compile(rule)  # fail early, naming the bad rule in the traceback
            rules.append(rule)
    return rules


def _alternation(rules: list[str]) -> re.Pattern[str]:
    if not rules:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{rule})" for rule in rules), re.IGNORECASE)
