"""Load a language's time table (data/<lang>.yaml) and compile its rules once per process.

The table holds the words (months, weekdays, units…) and the rule templates; this
module only turns them into compiled regular expressions. Adding a language or a
phrasing is a data change, not a code change: the table of a language is the file the
language registry names for it (`veille.languages`, data kind "time").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.abc import Traversable
from typing import Any

from re import _parser as sre_parse  # type: ignore[attr-defined]  # a rule's required literals

from veille.languages import data_file
from veille.yamlfile import load_yaml

log = logging.getLogger(__name__)

APOS = "['’]"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
DAY = r"(?:1er|1re|premier|[12]\d|3[01]|0?[1-9])(?!\d)"
FLAGS = re.IGNORECASE | re.UNICODE

# Placeholder -> lexicon key whose words fill it.
LEXICON_PLACEHOLDERS = {
    "MONTH": "months", "WEEKDAY": "weekdays", "REL": "rel", "POD": "pods",
    "SEASON": "seasons", "DEICTIC": "deictic", "ANAPHOR": "anaphor", "ANAREL": "anarel",
    "UNIT": "units", "PERIOD": "period_units", "PART": "parts", "REFWORD": "refs",
    "SETADJ": "set_adjectives", "DURWORD": "duration_words", "PODADJ": "pod_adjectives",
    "ORD": "ordinals", "PODPRE": "pod_prefixes",
    "LATER": "later_words", "DECWORD": "decade_words", "NAMED": "named_periods",
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled rule: its name, the resolver kind, and the pattern.

    `needs`: sets of strings (lower-case, `DIGIT` standing for any digit) such that every
    match contains one string of each set. The tagger skips a stretch of text for a rule
    when it holds none of one set (`TimeTable.needles_in`)."""

    name: str
    kind: str
    regex: re.Pattern[str]
    needs: tuple[frozenset[str], ...] = ()


@dataclass(slots=True)
class TimeTable:
    """A language's lexicons and compiled rules, as loaded from its YAML file."""

    language: str
    lex: dict[str, dict[str, Any]]
    rules: list[Rule]
    blockers: list[re.Pattern[str]]
    since: re.Pattern[str]
    duration_prefix: re.Pattern[str]
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]
    trigger_words: frozenset[str] = frozenset()
    future_governors: frozenset[str] = field(default_factory=frozenset)
    #: Auxiliaries that make their verb's clause point forward ("will", "would"): read
    #: from the parse, beside the morphology's Tense=Fut.
    future_auxiliaries: frozenset[str] = field(default_factory=frozenset)
    number_joiners: tuple[str, ...] = ("-",)
    #: Words that give a TIMEX3 `mod` ("vers" APPROX, "plus de" MORE_THAN), before or
    #: at the start of an expression; `mod_words` maps each (normalized) to its mod.
    mod_prefix: re.Pattern[str] = re.compile("(?!)")
    mod_inside: re.Pattern[str] = re.compile("(?!)")
    mod_words: dict[str, str] = field(default_factory=dict)
    #: Which way a finite simple present points a bare weekday (0: the nearest; 1 in
    #: English news, where "the board meets on Monday" is a schedule, never a report).
    present_direction: int = 0
    #: TIMEX3 type of PRESENT_REF/PAST_REF/FUTURE_REF in this language's guide.
    ref_type: str = "DATE"
    #: How many months after a narrative's reference point a yearless day or month may
    #: fall and still take its year from it (resolve._story_year); beyond, it is read
    #: from the article date as without a story.
    story_reach_months: int = 6

    #: Every string some rule or blocker needs (`Rule.needs`), the blockers' own needs,
    #: and the characters that may match a needle's letter without lower-casing to it
    #: ("ſ", "ı"): a stretch holding one runs every rule. Filled by `_index_needs`.
    needles: tuple[str, ...] = ()
    blocker_needs: tuple[tuple[frozenset[str], ...], ...] = ()
    fold_danger: re.Pattern[str] = re.compile("(?!)")

    def needles_in(self, text: str, start: int, end: int) -> frozenset[str] | None:
        """The needles text[start:end] holds (DIGIT for a digit), or None where a risky
        character makes the test unsafe: a rule or blocker whose needs are disjoint from
        them cannot match there (`can_match`)."""
        if self.fold_danger.search(text, start, end):
            return None
        low = text[start:end].lower()
        found = {n for n in self.needles if n in low}
        if _DIGIT.search(text, start, end):
            found.add(DIGIT)
        return frozenset(found)

    @staticmethod
    def can_match(needs: tuple[frozenset[str], ...], found: frozenset[str] | None) -> bool:
        """Whether a rule or blocker with these `needs` may match where `found` was found."""
        return found is None or not any(clause.isdisjoint(found) for clause in needs)

    def lookup(self, lexicon: str, word: str) -> Any:
        """The value of `word` in `lexicon`, matching case, spaces and apostrophes loosely."""
        return self.lex[lexicon].get(normalize_word(word))


def normalize_word(word: str) -> str:
    """Lower-case, one space, straight apostrophe: the form lexicon keys are stored in."""
    return re.sub(r"\s+", " ", word.lower().replace("’", "'").replace("\xa0", " ")).strip()


def word_pattern(word: str) -> str:
    """A literal word as a regex: spaces match any whitespace, apostrophes either form."""
    parts = [re.escape(p) for p in normalize_word(word).split(" ")]
    return r"\s+".join(parts).replace("'", APOS)


def alternation(words: list[str]) -> str:
    """Longest-first alternation of literal words, so "une" is tried before "un"."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(word_pattern(w) for w in ordered) + ")"


def number_pattern(numbers: dict[str, int], joiners: list[str]) -> str:
    """Digits, number words, and tens joined to units ("vingt-deux", "trente et un")."""
    words = alternation(list(numbers))
    # Joiners keep their spaces as \s+ ("trente et un"); a bare hyphen stays a hyphen.
    joins = "(?:" + "|".join(re.escape(j).replace(r"\ ", r"\s+") for j in joiners) + ")"
    return rf"(?:\d+(?:[.,]\d+)?|{words}(?:{joins}{words})*)"


def _placeholders(raw: dict[str, Any]) -> dict[str, str]:
    values = {name: alternation(list(raw[key])) if raw.get(key) else "(?!)"
              for name, key in LEXICON_PLACEHOLDERS.items()}
    values["NUM"] = number_pattern(raw["numbers"], raw.get("number_joiners", ["-"]))
    values["VAGUE"] = alternation(raw["vague"])
    values["CLOCKPM"] = alternation(raw.get("clock_pm", [])) if raw.get("clock_pm") else "(?!)"
    values.update({"APOS": APOS, "YEAR": YEAR, "DAY": DAY})
    return values


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: values[m.group(1)], template)


def _compile_rule(spec: dict[str, str], values: dict[str, str]) -> Rule:
    body = _fill(spec["pattern"], values)
    # Word edges on both sides: a rule never starts or ends inside a word. A number may
    # follow a number and a hyphen: the second year of "1982-1990".
    regex = re.compile(rf"(?:(?<![\w-])|(?<=\d-)(?=\d))(?:{body})(?![\w])", FLAGS)
    return Rule(name=spec["name"], kind=spec["kind"], regex=regex,
                needs=tuple(_clauses(sre_parse.parse(regex.pattern, regex.flags))))


#: Lexicons whose words always come with a word of another lexicon ("dernier" with a
#: weekday, "deux" with a unit): not needed as triggers.
NON_TRIGGER_LEXICONS = ("rel", "anarel", "parts", "ordinals", "pod_prefixes",
                        "later_words", "decade_words")


def _trigger_words(raw: dict[str, Any]) -> frozenset[str]:
    """One word per lexicon entry that every rule needs one of (a month, a unit, "hier"…):
    the engine only runs the rules near these and near digits, which keeps tagging a small
    fraction of parsing. A multi-word entry is keyed by its longest word."""
    words: set[str] = set()
    for key in LEXICON_PLACEHOLDERS.values():
        if key in NON_TRIGGER_LEXICONS:
            continue
        for entry in raw.get(key) or ():
            pieces = re.findall(r"\w+", normalize_word(entry))
            if pieces:
                words.add(max(pieces, key=len))
    words.update(normalize_word(w) for w in raw.get("triggers") or ())
    return frozenset(words)


def _prefix_regex(prefixes: list[str]) -> re.Pattern[str]:
    """Matches one of `prefixes` right before the end of the text it is searched in."""
    return re.compile(rf"(?<![\w]){alternation(prefixes)}\s*$", FLAGS)


DIGIT = "\\d"
_DIGIT = re.compile(r"\d")


def _clauses(items: Any) -> list[frozenset[str]]:
    """Sets of strings such that every match of the parsed sequence `items` contains one of
    each (lower-cased literals, DIGIT for any digit). Only what a match consumes, or a
    lookahead reads (it cannot see past the stretch scanned), counts; a lookbehind may see
    before it."""
    clauses: list[frozenset[str]] = []
    run = ""

    def close() -> None:
        nonlocal run
        if run:
            clauses.append(frozenset({run}))
        run = ""

    for op, arg in items:
        if op is sre_parse.LITERAL and len(chr(arg).lower()) == 1:
            run += chr(arg).lower()
            continue
        close()
        if op is sre_parse.SUBPATTERN and not (arg[1] or arg[2]):  # no inline flags
            clauses.extend(_clauses(arg[3]))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            if arg[0] >= 1:
                clauses.extend(_clauses(arg[2]))
        elif op is sre_parse.ASSERT:
            if arg[0] == 1:
                clauses.extend(_clauses(arg[1]))
        else:
            found = _node_needs(op, arg)
            if found:
                clauses.append(found)
    close()
    return clauses


def _needs(items: Any) -> frozenset[str] | None:
    """The most telling of `_clauses(items)` (its shortest string longest, a digit counting
    as one character, then the fewest strings), or None."""
    clauses = _clauses(items)
    if not clauses:
        return None
    return max(clauses, key=lambda o: (min(1 if n == DIGIT else len(n) for n in o), -len(o)))


def _node_needs(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre_parse.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _needs(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op is sre_parse.SUBPATTERN:
        _group, add_flags, del_flags, body = arg
        return None if add_flags or del_flags else _needs(body)
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
        low, _high, body = arg
        return _needs(body) if low >= 1 else None
    if op is sre_parse.ASSERT:
        direction, body = arg
        return _needs(body) if direction == 1 else None
    if op is sre_parse.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is sre_parse.LITERAL and len(chr(value).lower()) == 1:
                chars.add(chr(value).lower())
            elif kind is sre_parse.CATEGORY and value is sre_parse.CATEGORY_DIGIT:
                chars.add(DIGIT)
            else:
                return None
        return frozenset(chars)
    return None


@lru_cache(maxsize=32)
def _fold_danger(letters: str) -> re.Pattern[str]:
    """Characters that match one of `letters` case-insensitively but do not lower-case to
    it ("ſ" for s, "ı" and "İ" for i): in their presence a lower-cased substring test could
    miss what the rule would match. Case pairs outside the BMP stay within their scripts."""
    bmp = "".join(chr(i) for i in range(0x10000) if not 0xD800 <= i < 0xE000)
    matched = set(re.findall("[" + "".join(re.escape(c) for c in letters) + "]", bmp, FLAGS))
    danger = {c for c in matched for letter in letters
              if c.lower() != letter and re.fullmatch(re.escape(letter), c, FLAGS)}
    if not danger:
        return re.compile("(?!)")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(danger)) + "]")


def _index_needs(table: TimeTable) -> None:
    """Fill the table's needle index (`TimeTable.needles_in`)."""
    table.blocker_needs = tuple(tuple(_clauses(sre_parse.parse(b.pattern, b.flags)))
                                for b in table.blockers)
    needles = {n for needs in (*(r.needs for r in table.rules), *table.blocker_needs)
               for clause in needs for n in clause}
    needles.discard(DIGIT)
    table.needles = tuple(sorted(needles))
    table.fold_danger = _fold_danger("".join(sorted({c for n in needles for c in n})))


def has_table(language: str) -> bool:
    """Whether the language registry names a time table for `language`."""
    return data_file(language, "time") is not None


def load_table(language: str) -> TimeTable:
    """The compiled time table for `language` (cached per file: patterns compile once per
    process)."""
    path = data_file(language, "time")
    if path is None:
        raise ValueError(f"no time table for language {language!r} (register one: "
                         "veille.languages.register_language(..., data={'time': path}))")
    return _compiled_table(language, path)


@lru_cache(maxsize=8)
def _compiled_table(language: str, path: Traversable) -> TimeTable:
    raw = load_yaml(path.read_text(encoding="utf-8"))
    values = _placeholders(raw)
    lex = {key: {normalize_word(k): v for k, v in (raw.get(key) or {}).items()}
           for key in (*LEXICON_PLACEHOLDERS.values(), "numbers")}
    cues = raw["tense_cues"]
    table = TimeTable(
        language=language,
        lex=lex,
        rules=[_compile_rule(spec, values) for spec in raw["rules"]],
        blockers=[re.compile(_fill(b, values), FLAGS) for b in raw.get("blockers", [])],
        since=_prefix_regex(raw["since_prefixes"]),
        duration_prefix=_prefix_regex(raw["duration_prefixes"]),
        future_cue=re.compile(_fill(cues["future"], values), FLAGS),
        past_cue=re.compile(_fill(cues["past"], values), FLAGS),
        trigger_words=_trigger_words(raw),
        future_governors=frozenset(raw.get("future_governors", [])),
        future_auxiliaries=frozenset(normalize_word(w) for w in raw.get("future_auxiliaries", [])),
        number_joiners=tuple(raw.get("number_joiners", ["-"])),
    )
    table.ref_type = raw.get("ref_type", "DATE")
    table.present_direction = int(raw.get("present_direction", 0))
    table.story_reach_months = int(raw.get("story_reach_months", 6))
    mods = raw.get("mod_prefixes") or {}
    inside = {**mods, **(raw.get("mod_inside") or {})}  # words a rule's own text may open on
    if inside:
        table.mod_words = {normalize_word(k): v for k, v in inside.items()}
        table.mod_inside = re.compile(rf"(?<![\w]){alternation(list(inside))}(?![\w])", FLAGS)
    if mods:
        table.mod_prefix = _prefix_regex(list(mods))
    _index_needs(table)
    log.debug("loaded time table %s: %d rules", language, len(table.rules))
    return table
