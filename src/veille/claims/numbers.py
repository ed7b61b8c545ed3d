"""Numeric facts: "99 % des missiles", "350 missiles balistiques", "2 500 soldats",
"environ 150 fois", "sept membres", "la moitié des missiles" — value, unit, what they count.

Dates, years, ages and durations ("10 mois", "34 ans", "4 février", "2014") are not facts
to compare and are skipped, and so is "les deux pays" (a reference, not a count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from veille.claims.lexicon import Lexicon, phrase_alternation

_DIGITS = r"\d{1,3}(?:[  \u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_STOP = frozenset("en dans de des du d' d’ à au aux et ou qui que qu' qu’ ont sont a est se sur par pour "
                  "avec sans contre ont été in of to and or that which have has are is were was by for with "
                  "on at from, la le les l' l’ the".split())
_REFERENCE_BEFORE = frozenset("les des ces leurs ses aucun aucune the these those both".split())


@dataclass(slots=True)
class NumericFact:
    """One number in a claim, with what it counts (offsets into the document text)."""

    text: str
    value: float
    unit: str  # "count", "percent", "fraction", "times"
    counts: str | None
    approximate: bool
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "unit": self.unit, "counts": self.counts,
                "approximate": self.approximate, "start": self.start, "end": self.end}


@lru_cache(maxsize=8)
def _number_pattern(language: str) -> re.Pattern[str]:
    from veille.claims.lexicon import load_lexicon

    lex = load_lexicon(language)
    words = phrase_alternation([str(w) for w in lex.raw.get("number_words", {}) if str(w) not in ("un", "une", "one", "a")])
    fractions = phrase_alternation([str(w) for w in lex.raw.get("fraction_words", {})])
    approx = phrase_alternation(lex.list("approx_words"))
    return re.compile(
        rf"(?<![\w-])(?P<approx>(?:{approx})\s+)?(?:(?P<frac>{fractions})|(?P<num>(?:{_DIGITS})(?:\s+(?:{words}))?|(?:{words})(?:\s+(?:{words}))?))"
        rf"(?![\w-])(?:\s*(?P<pct>%|pour\s*cent|per\s*cent|percent))?", re.IGNORECASE)


def _parse_value(text: str, lex: Lexicon) -> float | None:
    words = {str(k).lower(): float(v) for k, v in lex.raw.get("number_words", {}).items()}
    value: float | None = None
    text = re.sub(r"(?<=\d)[\s.](?=\d{3}(?!\d))", "", text)  # "2 500", "20.000" → one number
    for part in text.lower().split():
        if re.fullmatch(r"[\d  \u202f.,]+", part):
            digits = part.replace("\u202f", "").replace(" ", "").replace(" ", "")
            digits = digits.replace(".", "") if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits) else digits.replace(",", ".")
            try:
                value = float(digits) if value is None else value * float(digits)
            except ValueError:
                return None
        elif part in words:
            value = words[part] if value is None else value * words[part]
    return value


def _is_small_word(number: str, lex: Lexicon) -> bool:
    """A spelled-out number under 100 ("les deux pays"), which after a determiner is a reference."""
    value = _parse_value(number, lex)
    return not number[:1].isdigit() and value is not None and value < 100 \
        and not number.lower().endswith(("aine", "aines", "zen", "zens"))


def _counted_noun(after: str) -> str | None:
    """The one or two words a number counts: "missiles balistiques et des drones" → "missiles balistiques"."""
    words = re.findall(r"[\w'’-]+", after)
    if words and words[0].lower() in ("des", "de", "d'", "d’", "du", "of", "the"):
        words = words[1:]
    if words and words[0].lower()[:2] in ("d'", "d’"):  # "milliers d'Egyptiens"
        words[0] = words[0][2:]
    if words and words[0].lower() in ("entre", "eux", "elles", "autres", "them", "those"):
        return None
    kept: list[str] = []
    for word in words[:2]:
        if word.lower() in _STOP or word[:1].isdigit() or word.lower()[:2] in ("d'", "d’", "l'", "l’"):
            break
        kept.append(word)
    return " ".join(kept) or None


def numeric_facts(text: str, start: int, end: int, lex: Lexicon) -> list[NumericFact]:
    """Numeric facts inside text[start:end] (a claim's content or a sentence)."""
    time_units = {u.lower() for u in lex.list("time_units")}
    non_facts = {w.lower() for w in lex.list("non_fact_nouns")}
    facts = []
    for m in _number_pattern(lex.language).finditer(text, start, end):
        number = m.group("frac") or m.group("num")
        before = text[max(start, m.start() - 12):m.start()].split()
        if (not m.group("approx") and before and before[-1].lower() in _REFERENCE_BEFORE
                and not m.group("pct") and _is_small_word(number, lex)):
            continue
        after = text[m.end():min(end, m.end() + 60)]
        next_word = (re.findall(r"[\w'’-]+", after) or [""])[0].lower()
        if next_word in time_units or (number.isdigit() and len(number) == 4 and number[:2] in ("19", "20")):
            continue
        if m.group("frac"):
            value = float(lex.raw["fraction_words"].get(m.group("frac").lower(), 0.5))
            unit = "fraction"
        else:
            parsed = _parse_value(number, lex)
            if parsed is None:
                continue
            value = parsed
            unit = "percent" if m.group("pct") else "times" if next_word in ("fois", "times") else "count"
        counts = _counted_noun(after) if unit != "times" else None
        if unit == "count" and (counts is None or counts.split()[0].lower() in non_facts):
            continue
        facts.append(NumericFact(text=text[m.start():m.end()].strip(), value=value, unit=unit, counts=counts,
                                 approximate=bool(m.group("approx")), start=m.start(), end=m.end()))
    return facts


def share_through(fact: NumericFact, context: str, lex: Lexicon) -> float | None:
    """The share (0–1) of an attack that got through, when a fact is a share of blocked or landed items."""
    if fact.unit == "percent":
        share = fact.value / 100.0
    elif fact.unit == "fraction":
        share = fact.value
    else:
        return None
    verbs = lex.raw.get("complement_verbs", {})
    low = context.lower()
    if any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", low) for v in verbs.get("blocked", [])):
        return 1.0 - share
    if any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", low) for v in verbs.get("succeeded", [])):
        return share
    return None
