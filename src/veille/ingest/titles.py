"""Headlines without the site's furniture glued to them: "… : actualité automobile, infos,
scoop", "… | Le Figaro", "VIDÉO. …".

Sites print their name or a section slogan at the end of every title, and a format
rubric at its front. Left in, the words of a suffix shared by thousands of titles make
unrelated articles look alike to the story clusterer (title words weigh twice there) and
clutter every list of headlines. A title is cut at its separators (`title_affixes.yaml`);
its last segment is furniture when the pattern file names it (a domain, a news site) or
when enough other titles of the store or of the same source end with it, counted by the
ingest's `LineMemory` as titles arrive, the way template lines are learned. Its first
segment is furniture only when the pattern file names it (a format: "VIDÉO", "EN DIRECT"):
a prefix shared by many titles is most often the topic ("Coronavirus : …").

The raw title is kept by the caller (`Article.flags["title_raw"]`): nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from veille.ingest.templates import LineMemory
from veille.yamlfile import load_yaml


@dataclass(frozen=True, slots=True)
class TitleRules:
    """The compiled `title_affixes.yaml`."""

    separator: re.Pattern[str]
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    dotted_prefix: re.Pattern[str] | None
    min_other_titles: int
    min_other_source_titles: int
    max_affix_chars: int
    min_headline_chars: int


@dataclass(frozen=True, slots=True)
class Stripped:
    """A headline and the affixes cut from it (empty when nothing was)."""

    title: str
    removed: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    """`data/title_affixes.yaml`, compiled once."""
    text = resources.files("veille.ingest").joinpath("data/title_affixes.yaml").read_text("utf-8")
    data: dict[str, Any] = load_yaml(text)
    seps = "|".join(re.escape(s) for s in sorted(data["separators"], key=len, reverse=True))
    prefixes = "|".join(f"(?:{p})" for p in data["prefixes"])
    suffixes = "|".join(f"(?:{p})" for p in data["suffixes"])
    dotted = re.compile(rf"^(?:{prefixes})\s*[.!]\s+(?=\S)", re.IGNORECASE) \
        if data.get("rubric_dot") else None
    return TitleRules(re.compile(seps), re.compile(prefixes, re.IGNORECASE),
                      re.compile(suffixes, re.IGNORECASE), dotted,
                      int(data["min_other_titles"]), int(data["min_other_source_titles"]),
                      int(data["max_affix_chars"]), int(data["min_headline_chars"]))


def split_suffix(title: str) -> tuple[str, str] | None:
    """(head, suffix): the title cut at its last separator, None when it has none or the
    last segment is too long to be furniture."""
    rules = title_rules()
    last = None
    for last in rules.separator.finditer(title):
        pass
    if last is None:
        return None
    suffix = title[last.end():].strip()
    if not suffix or len(suffix) > rules.max_affix_chars:
        return None
    return title[: last.start()].rstrip(), suffix


def observe_title(title: str | None, memory: LineMemory | None, source: str | None) -> None:
    """Count the title's suffix candidate in `memory` (before `strip_title`, as lines are
    observed before cleaning)."""
    if title and memory is not None:
        cut = split_suffix(" ".join(title.split()))
        memory.observe_title(cut[1] if cut else None, source)


def strip_title(title: str, memory: LineMemory | None = None,
                source: str | None = None) -> Stripped:
    """`title` without its furniture prefix and suffix (see the module doc)."""
    rules = title_rules()
    text = " ".join(title.split())
    removed: list[str] = []
    cut = split_suffix(text)
    if cut and len(cut[0]) >= rules.min_headline_chars \
            and _suffix_is_furniture(cut[1], memory, source, rules):
        text = cut[0]
        removed.append(cut[1])
    text, prefix = _without_prefix(text, rules)
    if prefix:
        removed.insert(0, prefix)
    return Stripped(text, tuple(removed))


def _suffix_is_furniture(suffix: str, memory: LineMemory | None, source: str | None,
                         rules: TitleRules) -> bool:
    if rules.suffix.fullmatch(suffix):
        return True
    if memory is None:
        return False
    store, own = memory.other_titles(suffix, source)
    return store >= rules.min_other_titles or (source is not None
                                               and own >= rules.min_other_source_titles)


def _without_prefix(text: str, rules: TitleRules) -> tuple[str, str | None]:
    """`text` without a format rubric in front ("VIDÉO - …", "VIDÉO. …"), and the rubric."""
    first = rules.separator.split(text, maxsplit=1)
    if len(first) == 2 and rules.prefix.fullmatch(first[0].strip()) \
            and len(first[1].strip()) >= rules.min_headline_chars:
        return first[1].strip(), first[0].strip()
    if rules.dotted_prefix is not None:
        match = rules.dotted_prefix.match(text)
        if match and len(text) - match.end() >= rules.min_headline_chars:
            return text[match.end():], text[: match.end()].strip()
    return text, None
