"""Remove the site furniture scrapers leave in article text, and say what was removed.

Rules are data: `data/boilerplate_*.txt` hold one whole-line regex per line (menus,
share buttons, copyright footers, "You may also like"...); every language of the registry
(`veille.languages`, data kind "boilerplate") adds its file, and all apply to every text,
since cleaning runs before the language is detected. Beyond the patterns, two
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
from importlib.abc import Traversable

from veille.ingest.furniture import GOOD, backed, classify, evidence, line_class
from veille.ingest.templates import LineMemory
from veille.languages import data_file, languages

# Furniture lines are short: longer lines are never tested against the patterns (speed).
MAX_FURNITURE_CHARS = 300
# After a "tail" marker, short lines not ending like a sentence are a link list, dropped too.
# A tail marker counts only once a line of prose (this long, ending like a sentence) was read.
MIN_PROSE_CHARS = 80
MAX_TAIL_LINK_CHARS = 200
# A repeated final paragraph must be at least this long (whitespace removed) to count.
MIN_TEASER_CHARS = 40
# Characters of a final paragraph's start that must recur earlier before a full comparison.
PROBE_CHARS = 24


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, the lines removed (in order), and what a copyright footer told us."""

    text: str
    removed: list[str] = field(default_factory=list)
    site: str | None = None
    copyright_year: int | None = None
    #: Why each line of `removed` went (same order): see `REASONS`.
    reasons: list[str] = field(default_factory=list)


#: Why a line was removed: a pattern of the data files, a trailing link list after a
#: tail marker, the line classifier's verdicts (before or after the article, a furniture-
#: shaped line inside it: see `furniture.py`), a repeat of an earlier line, a final teaser
#: copying earlier text.
REASONS = ("pattern", "tail", "template", "before-article", "after-article", "furniture-line",
           "repeated", "teaser")

#: How much of the page the cleaning may strike out, from the most careful to the boldest:
#: "patterns" (the pattern files, repeats, teasers, and template lines when a `LineMemory`
#: is given), "combined" (that, plus the line classifier's cuts where evidence backs them:
#: `furniture.backed`), "classifier" (every cut of the line classifier).
FURNITURE_MODES = ("patterns", "combined", "classifier")
#: The mode ingest uses unless told otherwise (`veille ingest --furniture`): "combined"
#: keeps 92.8% of held-out content lines (target 98%), so the careful mode stays the default.
DEFAULT_FURNITURE = "patterns"


@dataclass(frozen=True, slots=True)
class Patterns:
    """The compiled furniture patterns: whole lines to drop, trailing-section markers, and
    the lines that open a section of reader comments (dropped too; the line classifier ends
    the article before the first one)."""

    line: re.Pattern[str]
    tail: re.Pattern[str]
    comments: re.Pattern[str] = re.compile(r"(?!x)x")


def clean_text(text: str, patterns: Patterns | None = None, *, furniture: str = "patterns",
               memory: LineMemory | None = None, source: str | None = None) -> Cleaned:
    """Strip furniture lines, repeated lines and a repeated final teaser from `text`; with a
    `memory` of the lines other documents carried (`templates.py`, the current document
    already observed), also the site's template lines; in `furniture` mode "combined" or
    "classifier" (`FURNITURE_MODES`), also what the line classifier finds around the article.

    The bare classifier is not the default: on pages from outlets nobody tuned it to it
    keeps only 86% of content lines (a chronology's short date lines, photo captions);
    "combined" only keeps its cuts where a line's own evidence backs them."""
    lines, keep, removed = _decide(text, patterns or load_patterns(), furniture, memory, source)
    order = sorted(removed)
    site, year = site_from_copyright([lines[i] for i in order if removed[i] not in _COPIES])
    return Cleaned(_join_kept(lines, keep), [lines[i] for i in order], site, year,
                   [removed[i] for i in order])


# Lines removed as copies of other lines are not read for a copyright footer.
_COPIES = ("repeated", "teaser")


def line_decisions(text: str, patterns: Patterns | None = None, *, furniture: str = "patterns",
                   memory: LineMemory | None = None,
                   source: str | None = None) -> list[tuple[str, str | None]]:
    """Each line of `text` (`str.splitlines`) with why `clean_text` removes it, None when kept."""
    lines, _keep, removed = _decide(text, patterns or load_patterns(), furniture, memory, source)
    return [(line, removed.get(i)) for i, line in enumerate(lines)]


def _decide(text: str, patterns: Patterns, furniture: str, memory: LineMemory | None,
            source: str | None) -> tuple[list[str], list[bool], dict[int, str]]:
    """The stripped lines, which are kept, and the removed ones' reasons by line index."""
    if furniture not in FURNITURE_MODES:
        raise ValueError(f"furniture mode {furniture!r}: expected one of {FURNITURE_MODES}")
    lines = [line.strip() for line in text.splitlines()]
    keep = [bool(line) for line in lines]
    removed: dict[int, str] = {}
    _drop_furniture(lines, keep, removed, patterns)
    _drop_templates(lines, keep, removed, _template_lines(lines, keep, memory, source))
    comments = [bool(line) and len(line) <= MAX_FURNITURE_CHARS
                and patterns.comments.fullmatch(line) is not None for line in lines]
    if furniture == "classifier":
        _drop_outside_article(lines, keep, removed, classify(lines, keep, comments))
    elif furniture == "combined":
        verdicts = classify(lines, keep, comments)
        _drop_outside_article(lines, keep, removed, backed(verdicts, evidence(lines, keep)))
    _drop_repeated_lines(lines, keep, removed)
    _drop_final_teaser(lines, keep, removed)
    return lines, keep, removed


def _drop_outside_article(lines: list[str], keep: list[bool], removed: dict[int, str],
                          verdicts: dict[int, str]) -> None:
    """Drop what the line classifier (`furniture.py`) found around and inside the article."""
    for i, why in verdicts.items():
        keep[i] = False
        removed[i] = why


def _template_lines(lines: list[str], keep: list[bool], memory: LineMemory | None,
                    source: str | None) -> list[bool]:
    """Which kept lines other documents carried too (`templates.py`). A line of prose (the
    classifier's "good" line: a syndicated paragraph) and a line introducing what follows
    (ending with ":", "Elle ajoute :") are never template lines on their count alone."""
    if memory is None:
        return [False] * len(lines)
    return [keep[i] and not line.endswith(":") and memory.is_template(line, source)
            and line_class(line) != GOOD for i, line in enumerate(lines)]


def _drop_templates(lines: list[str], keep: list[bool], removed: dict[int, str],
                    template: list[bool]) -> None:
    for i, is_template in enumerate(template):
        if is_template and keep[i]:
            keep[i] = False
            removed[i] = "template"


def _drop_furniture(lines: list[str], keep: list[bool], removed: dict[int, str],
                    patterns: Patterns) -> None:
    """Drop lines matching a pattern; a tail marker after the article's prose also drops the link list after it.

    A tail marker before any prose ("Sur le même sujet" in a sidebar above the article)
    only loses its own line: the short lines after it may be the article's headline.
    """
    prose_seen = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if keep[i] and len(line) <= MAX_FURNITURE_CHARS:
            is_tail = patterns.tail.fullmatch(line) is not None
            if is_tail and prose_seen:
                i = _drop_tail(lines, keep, removed, i, patterns)
                continue
            if is_tail or patterns.line.fullmatch(line):
                keep[i] = False
                removed[i] = "pattern"
                i += 1
                continue
        prose_seen = prose_seen or _is_prose(line)
        i += 1


def _is_prose(line: str) -> bool:
    """A line of article text: long enough, ending like a sentence."""
    return len(line) >= MIN_PROSE_CHARS and line.endswith(_SENTENCE_END)


_SENTENCE_END = (".", "!", "?", "»", '"', "…", ")")


def _is_tail_line(line: str, patterns: Patterns) -> bool:
    if not line:
        return True
    if len(line) > MAX_FURNITURE_CHARS:
        return False
    if len(line) <= MAX_TAIL_LINK_CHARS and not line.endswith(_SENTENCE_END):
        return True
    return patterns.line.fullmatch(line) is not None or patterns.tail.fullmatch(line) is not None


def _drop_tail(lines: list[str], keep: list[bool], removed: dict[int, str], start: int,
               patterns: Patterns) -> int:
    """Drop the marker at `start` and the link list after it; return where real text resumes.

    A link list is short lines that do not end like a sentence (headlines, "Leave a
    Comment", a copyright line) or that are furniture themselves; the first line that
    reads as prose ends the list.
    """
    i = start + 1
    while i < len(lines) and _is_tail_line(lines[i], patterns):
        i += 1
    for j in range(start, i):
        if keep[j]:
            keep[j] = False
            removed[j] = "tail"
    return i


_QUOTES: tuple[tuple[str, str], ...] = (
    ("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("«", '"'), ("»", '"'), ("“", '"'), ("”", '"'),
)


def _line_key(line: str) -> str:
    """What makes two lines "the same" line: case, quote style and spacing do not count.

    Only short lines (headlines) are normalised; a long paragraph must repeat exactly
    (normalising every paragraph of a corpus would cost more than the rest of cleaning).
    """
    if len(line) > MAX_FURNITURE_CHARS:
        return line
    for fancy, plain in _QUOTES:  # str.replace: far faster than str.translate on non-ASCII text
        if fancy in line:
            line = line.replace(fancy, plain)
    return " ".join(line.casefold().split())


def _drop_repeated_lines(lines: list[str], keep: list[bool], removed: dict[int, str]) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        key = _line_key(line)
        if key in seen:
            keep[i] = False
            removed[i] = "repeated"
        else:
            seen.add(key)


_ELLIPSES: tuple[str, ...] = ("...", "…", "[…]", "[...]")


def _drop_final_teaser(lines: list[str], keep: list[bool], removed: dict[int, str]) -> None:
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
    probe = lines[last[0]][:PROBE_CHARS]  # cheap test first: does the paragraph's start recur?
    if not any(probe in lines[i] for i in kept if i < last[0]):
        return
    teaser = _squeeze(_without_ellipsis(" ".join(lines[i] for i in last)))
    if len(teaser) < MIN_TEASER_CHARS:
        return
    earlier = _squeeze(" ".join(lines[i] for i in kept if i < last[0]))
    if teaser in earlier:
        for i in last:
            keep[i] = False
            removed[i] = "teaser"


def _without_ellipsis(paragraph: str) -> str:
    paragraph = paragraph.rstrip()
    for mark in _ELLIPSES:
        if paragraph.endswith(mark):
            return paragraph[: -len(mark)]
    return paragraph


def _squeeze(text: str) -> str:
    """`text` without whitespace, casefolded (a teaser is copied verbatim, quotes included)."""
    return "".join(text.casefold().split())


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
        years = _YEAR.findall(line)  # "© 1996-2020": the range's end is the page's year
        year = int(years[-1]) if years else None
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


def load_patterns() -> Patterns:
    """The pattern files of every registered language, compiled once per process."""
    files = (data_file(code, "boilerplate") for code in languages())
    return _compiled_patterns(tuple(f for f in files if f is not None))


@lru_cache(maxsize=4)
def _compiled_patterns(files: tuple[Traversable, ...]) -> Patterns:
    line_rules: list[str] = []
    tail_rules: list[str] = []
    comment_rules: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        for rule in _rules_in(text):
            if rule.startswith("tail:"):
                tail_rules.append(rule[5:])
            elif rule.startswith("comments:"):
                comment_rules.append(rule[9:])
                line_rules.append(rule[9:])  # the marker line itself is furniture
            else:
                line_rules.append(rule)
    return Patterns(_alternation(line_rules), _alternation(tail_rules),
                    _alternation(comment_rules))


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
