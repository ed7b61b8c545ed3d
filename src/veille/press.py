"""Wire-copy furniture inside an analysed text: the dateline, bylines and credit lines.

"SANAA, Feb 10 (Reuters) -", "CAIRO (AP) —", "By Fatma Ibrahim", "Reporting by …;
Editing by …" say where an article was filed and who wrote it. They stay in the text
(`veille.analyze` reads what it is given, and ingest keeps a dateline to date the
article), so the stages ask here where they are: the actors resolver drops mentions inside
them (the dateline's capital is not its government, the agency credit is not a source),
claims never read a speaker or a sentence in them, and places take the dateline's place
as where the story was filed.

The conventions are data, one file per language (`data/press/<code>.yaml`, registered as
the language's "press" data in `data/languages.yaml`); a language without one has no
furniture found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.abc import Traversable


from veille import languages
from veille.yamlfile import load_yaml

_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class PressRules:
    """One language's furniture patterns, compiled."""

    dateline_lines: int
    datelines: tuple[re.Pattern[str], ...]
    lines: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Furniture:
    """Where the furniture of one text is: character spans, in text order."""

    #: The whole dateline, dash and following blanks included, or None.
    dateline: tuple[int, int] | None = None
    #: The filing place inside the dateline ("SANAA"), or None.
    place: tuple[int, int] | None = None
    #: Every furniture span: the dateline and the byline and credit lines.
    spans: tuple[tuple[int, int], ...] = ()

    def covers(self, start: int, end: int) -> bool:
        """Whether the span [start, end) overlaps furniture."""
        return any(s < end and start < e for s, e in self.spans)


def find_furniture(text: str, language: str | None) -> Furniture:
    """The furniture of `text` under `language`'s conventions (none without a press file).

    Cached per text: the actors, places and claims stages each ask for the same article.
    """
    rules = _rules(language)
    if rules is None:
        return Furniture()
    return _find(text, rules)


@lru_cache(maxsize=32)
def _find(text: str, rules: PressRules) -> Furniture:
    dateline = place = None
    spans: list[tuple[int, int]] = []
    seen = 0
    for line in _LINE.finditer(text):
        raw = line.group()
        start = line.start() + len(raw) - len(raw.lstrip())
        end = line.end() - (len(raw) - len(raw.rstrip()))
        if start >= end:
            continue
        seen += 1
        if any(p.fullmatch(text, start, end) for p in rules.lines):
            spans.append((start, end))
            continue
        if dateline is None and seen <= rules.dateline_lines:
            found = _dateline_at(text, start, end, rules.datelines)
            if found is not None:
                dateline, place = (start, found.end()), found.span("place")
                spans.append(dateline)
    return Furniture(dateline, place, tuple(sorted(spans)))


def _dateline_at(text: str, start: int, end: int,
                 patterns: Iterable[re.Pattern[str]]) -> re.Match[str] | None:
    """A dateline opening the line [start, end) and followed by its story on that line."""
    for pattern in patterns:
        found = pattern.match(text, start, end)
        if found is not None and found.end() < end:
            return found
    return None


def without_furniture(spans: Iterable[tuple[int, int]], furniture: Furniture) -> list[tuple[int, int]]:
    """`spans` (sentences) with the furniture cut off their start; those inside it dropped.

    A dateline glued to the first sentence ("SANAA, Feb 10 - Yemen's Houthi movement said")
    would otherwise open its speaker.
    """
    kept = []
    for start, end in spans:
        for s, e in furniture.spans:
            if s <= start < e:
                start = e
        if start < end:
            kept.append((start, end))
    return kept


def _rules(language: str | None) -> PressRules | None:
    """The compiled press file of `language`, or None when it has none."""
    path = languages.data_file(language, "press")
    return None if path is None else _load(path)


@lru_cache(maxsize=16)
def _load(path: Traversable) -> PressRules:
    data = load_yaml(path.read_text("utf-8")) or {}
    return PressRules(
        dateline_lines=int(data.get("dateline_lines", 3)),
        datelines=tuple(re.compile(p, re.VERBOSE) for p in data.get("datelines") or ()),
        lines=tuple(re.compile(p) for p in data.get("lines") or ()),
    )
