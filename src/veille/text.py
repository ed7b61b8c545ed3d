"""Folding and word splitting: the one place veille decides when two spellings are one word.

Every stage compares words written by different people on different keyboards —
"États-Unis" and "Etats-Unis", "l’Iran" and "l'Iran" — so every stage folds and splits
text, and four private copies of the same few lines had started to drift. They live here.

`fold` has one meaning — lower case, accents stripped — in two forms chosen by what the
caller needs to keep:

- the default keeps *offsets*: one character in, one character out, so a match found in
  the folded text is a match at the same offsets in the original (actors, places). It also
  writes every apostrophe as "'" and every hyphen or short dash as "-", so "l’Iran" and
  "USA–Iran" tokenize as "l'Iran" and "USA-Iran" do.
- `compat=True` keeps *characters as written*, apart from case and accents, and applies
  Unicode compatibility decomposition (NFKD): "ﬁ" → "fi", "²" → "2", a no-break space → a
  space, "…" → "...". The length may change. Apostrophes and dashes stay as they are: the
  event classifier's character n-grams were trained on them (`events.features`), and the
  stories' word split already reads both apostrophes.

Neither form expands the ligatures œ and æ ("Œuvre" → "œuvre", not "oeuvre"): each is one
letter in French spelling, and expanding them would break the one-for-one offsets.

`words` is the one word splitter: runs of letters and digits (`\\w+`), lower-cased. With
`elide=True` it reads French the way the stories stages compare sentences: an apostrophe
inside a word keeps it whole ("aujourd'hui") and a leading elision is cut ("l'armée" →
"armée").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["APOSTROPHES", "DASHES", "WORD", "fold", "words"]

#: Characters written for an apostrophe (typographic, modifier letter, backtick, acute
#: accent); the offset-keeping `fold` reads them all as "'".
APOSTROPHES = "\u2019\u2018\u02bc`\u00b4"
#: Hyphens and short dashes the offset-keeping `fold` reads as "-".
DASHES = "\u2010\u2011\u2012\u2013"
#: One word: a run of letters, digits or underscores. Use `WORD.finditer` where offsets matter.
WORD = re.compile(r"\w+")

_ELIDED_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
#: The offset-keeping fold only maps characters below this code point (Latin, Greek,
#: Cyrillic and general punctuation); the table stays small and built in milliseconds.
_TABLE_END = 0x2100


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Lower-case, accent-less, one-apostrophe version of every character whose fold is one character."""
    table: dict[int, str] = {}
    for code in range(0x80, _TABLE_END):
        char = chr(code)
        base = unicodedata.normalize("NFD", char.lower())
        base = "".join(c for c in base if not unicodedata.combining(c))
        if len(base) == 1 and base != char:
            table[code] = base
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for quote in APOSTROPHES:
        table[ord(quote)] = "'"
    for dash in DASHES:
        table[ord(dash)] = "-"
    return table


def fold(text: str, *, compat: bool = False) -> str:
    """`text` lower-cased without accents, so "Élysée" and "elysee" compare equal.

    By default the result has the same length as `text` (offsets carry over) and
    apostrophes and dashes are unified; `compat=True` applies NFKD instead and leaves
    apostrophes and dashes as written (see the module docstring for who needs which).
    """
    if compat:
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    return text.translate(_fold_table())


def words(text: str, *, elide: bool = False) -> list[str]:
    """The lower-cased words of `text`: runs of letters and digits.

    `elide=True` keeps apostrophe compounds whole and cuts French elisions
    ("l'armée" → "armée"), and splits on underscores.
    """
    if elide:
        return [_ELISION.sub("", w) for w in _ELIDED_WORD.findall(text.lower())]
    return [w.lower() for w in WORD.findall(text)]
