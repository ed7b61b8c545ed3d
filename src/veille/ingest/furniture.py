"""Find the article in a scraped page: a line classifier in the jusText spirit, then its context.

Pattern files (`clean.py`) know furniture a site writes in words; most furniture is only
recognisable by its shape and its place: lists of other headlines, account notices,
footers, reader comments. Each line is first classed on its own:

- *good*: prose, long enough, with the stop-word density of running text (jusText's
  French stoplist, or the English one) and ending like a sentence (or very long);
- *bad*: shaped like furniture whatever its words: a timestamp or byline with a date,
  a teaser cut with "…" / "[...]", a credit line, a line of separators, a link arrow,
  a line of a list of "(City) …" teasers, a line the pattern files already removed;
- *short*: anything else (headlines, subheadings, captions, menu items).

Then the page is cut into runs of good lines ("clusters") separated by gaps of other
lines. A gap ends the article when it looks like a page section break: four list-like
lines (bad, or not ending like a sentence or a quote's introduction), two bad lines,
twelve lines of anything, or a link arrow. The article is the first cluster holding a
good share of the page's prose, extended backwards over a short lead (a lead paragraph
and its byline above the body) and forwards to the page's end when no break follows, or
over the short sentences right after it; its headline is the short line just above it
(back to its first copy when printed twice). Lines before the article, after it, and bad
lines inside it are furniture; short lines inside it (subheadings, quote introductions)
stay.

A page with no good line, whose lines are all good, or all long, is left alone: the
classifier only decides where an article with furniture around it starts and ends.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A good line: at least this long, ending like a sentence, or this long whatever its end.
MIN_GOOD_CHARS = 100
LONG_GOOD_CHARS = 200
# Share of a good line's words that are stop words (running text is about 0.3-0.5).
MIN_STOPWORD_DENSITY = 0.2
# A gap ends the article when it holds this many list-like lines (bad, or short and not
# ending like a sentence or a quote's introduction), this many bad ones, or this many lines.
BREAK_LIST_LINES = 4
BREAK_BAD_LINES = 2
BREAK_ANY_LINES = 12
# A headline: at most this many short lines just above the article's first prose.
MAX_HEADLINE_LINES = 1
# A short line after the article's last prose still belongs to it when it reads as a
# sentence: this long at least, ending like one, with running text's stop words.
MIN_TRAILING_CHARS = 30
# Timestamp or dated byline lines looked over, between a headline and the article's first prose.
MAX_STAMPS_UNDER_HEADLINE = 2
# Copies of the headline (printed twice) are looked for this many lines above it.
HEADLINE_COPY_LINES = 8
# The article is the first cluster with at least this share of the largest cluster's prose.
MAIN_CLUSTER_SHARE = 0.4
# A lead before the article's body: at most this many good lines, this many lines of gap.
MAX_LEAD_LINES = 2
MAX_LEAD_GAP = 3
# A headline is no longer than this.
MAX_HEADLINE_CHARS = 200
# Stop-word density is measured on a line's first characters (enough to tell prose).
DENSITY_PREFIX_CHARS = 300
# Bad lines are short: a long line is never classed bad by its shape alone.
MAX_BAD_CHARS = 300

GOOD, SHORT, BAD = "good", "short", "bad"

_SENTENCE_END = (".", "!", "?", "»", '"', "…", ")", "”")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_CUT = re.compile(r"(?:\[(?:…|\.\.\.)\]|\((?:…|\.\.\.)\))\s*$")
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*$")
# A teaser cut with a bare ellipsis is shorter than this (a sentence may end with "...").
MAX_ELLIPSIS_TEASER_CHARS = 100
_MONTHS = (r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
           r"novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
           r"september|october|november|december")
_TIME = r"\d{1,2}\s*[h:]\s*\d{2}"
_STAMP = re.compile(
    rf"(?:(?:le|on)\s+)?(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}|\d{{1,2}}[-/.]\d{{1,2}}(?:[-/.]\d{{2,4}})?)"
    rf"(?:\s*(?:à|a|at|-|\|)?\s*{_TIME})?(?:\s*[-–|]\s*.{{0,60}})?", re.IGNORECASE)
# A byline's verb opens the line, follows a separator ("— mis à jour le…", "| Updated") or is
# capitalised after the author's name ("Par X Publié le…"); a lower-case verb in running text
# ("une vidéo publiée le 24 janvier 2013.") is a sentence, not a byline.
_BYLINE_VERB = r"(?:publié|publiée|mis à jour|modifié|actualisé|published|updated|posted)"
_DATED_BYLINE = re.compile(
    rf"(?:^|[|—–-]\s*)(?i:{_BYLINE_VERB})\s*(?i:le|on)?\s*:?\s*\d"
    r"|\s(?:Publié|Publiée|Mis à jour|Modifié|Actualisé|Published|Updated|Posted)"
    r"\s*(?:le|on)?\s*:?\s*\d")
_AGENCY_ONLY = re.compile(r".{0,60}\((?:AFP|Reuters|AP|ANSA|Belga|ATS|PC|dpa|Xinhua)\)\s*", re.IGNORECASE)
_ARROW = re.compile(r"^[»›>▶►→]")  # link arrows; bullets (• * -) open list items of articles
_CITY_TEASER = re.compile(r"^\([A-ZÀ-Ý][^()]{1,40}\)\s")
_SEPARATORS = re.compile(r"[|/·•]")  # "Monde | Afrique | Egypte"; a URL's slashes are no menu
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+", re.IGNORECASE)


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """jusText's French and English stop words, casefolded (read once)."""
    import justext

    words: set[str] = set()
    for language in ("French", "English"):
        words.update(w.casefold() for w in justext.get_stoplist(language))
    return frozenset(words)


def line_class(line: str) -> str:
    """GOOD, BAD or SHORT for one stripped, non-empty line, on its own."""
    n = len(line)
    if n <= MAX_BAD_CHARS and _is_bad(line):
        return BAD
    if n < MIN_GOOD_CHARS:
        return SHORT
    if n < LONG_GOOD_CHARS and not line.endswith(_SENTENCE_END):
        return SHORT
    words = _WORD.findall(line[:DENSITY_PREFIX_CHARS])
    if not words:
        return SHORT
    stop = stopwords()
    density = sum(w.casefold() in stop for w in words) / len(words)
    return GOOD if density >= MIN_STOPWORD_DENSITY else SHORT


def _is_bad(line: str) -> bool:
    if _CUT.search(line) and len(line) < LONG_GOOD_CHARS:
        return True
    if _STAMP.fullmatch(line) or _AGENCY_ONLY.fullmatch(line):
        return True
    if len(line) < LONG_GOOD_CHARS and _DATED_BYLINE.search(line):
        return True
    if _ARROW.match(line):
        return True
    if len(line) < MIN_GOOD_CHARS and len(_SEPARATORS.findall(_URL.sub(" ", line))) >= 2:
        return True
    return False


def _strong(line: str) -> bool:
    """A line that alone ends the article when it comes after it (a link arrow)."""
    return bool(_ARROW.match(line))


def classify(lines: list[str], keep: list[bool],
             comments: list[bool] | None = None) -> dict[int, str]:
    """Why each kept line outside the article, or bad inside it, is furniture.

    `lines` are stripped; `keep` says which are still in (False: blank or already removed
    by a pattern, which counts as a bad line here); `comments` marks the lines that open a
    section of reader comments ("100 réactions à cet article", a comment form): the article
    ends before the first one that follows prose, however much prose the comments hold
    (a blog post under hundreds of comments is still the post). Returns {index: reason}
    for lines to remove now, reasons "before-article", "after-article" and "furniture-line".
    """
    if all(len(line) >= LONG_GOOD_CHARS or not line for line in lines):
        return {}  # only long paragraphs (or blanks): nothing furniture-shaped to place
    classes: list[str | None] = []
    for i, line in enumerate(lines):
        if not line:
            classes.append(None)  # blank lines count for nothing
        elif not keep[i]:
            classes.append(BAD)  # removed by a pattern: furniture for the structure too
        else:
            classes.append(line_class(line))
    _mark_teaser_lists(lines, classes)
    goods = [i for i, c in enumerate(classes) if c == GOOD]
    if not goods or all(c in (GOOD, None) for c in classes):
        return {}
    clusters = _clusters(lines, classes, goods)
    stop = next((i for i, marks in enumerate(comments or ()) if marks and i > goods[0]),
                len(lines))
    clusters = [[i for i in cluster if i < stop] for cluster in clusters]
    clusters = [cluster for cluster in clusters if cluster]
    weights = [sum(len(lines[i]) for i in cluster) for cluster in clusters]
    best = max(weights)
    main = next(k for k, w in enumerate(weights) if w >= MAIN_CLUSTER_SHARE * best)
    start, end = clusters[main][0], clusters[main][-1]
    if main > 0:
        lead = clusters[main - 1]
        gap = [i for i in range(lead[-1] + 1, start) if classes[i] is not None]
        if len(lead) <= MAX_LEAD_LINES and len(gap) <= MAX_LEAD_GAP:
            start = lead[0]
    start = _headline_above(lines, classes, start)
    end = min(_trailing_end(lines, classes, end), stop - 1)
    decided: dict[int, str] = {}
    for i, cls in enumerate(classes):
        if cls is None or not keep[i]:
            continue
        if i < start:
            decided[i] = "before-article"
        elif i > end:
            decided[i] = "after-article"
        elif cls == BAD:
            decided[i] = "furniture-line"
    return decided


def _mark_teaser_lists(lines: list[str], classes: list[str | None]) -> None:
    """Lists of other articles' teasers: three or more lines in a row opening with "(City) ",
    two or more short lines in a row cut with an ellipsis (one such line may be a sentence)."""
    cut = [i for i, line in enumerate(lines)
           if line and len(line) < MAX_ELLIPSIS_TEASER_CHARS and _ELLIPSIS.search(line)]
    for a, b in zip(cut, cut[1:]):
        if all(not lines[k] for k in range(a + 1, b)):
            classes[a] = classes[b] = BAD
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if line and _CITY_TEASER.match(line):
            run.append(i)
            continue
        if not line and i < len(lines):
            continue
        if len(run) >= 3:
            for j in run:
                classes[j] = BAD
        run = []


def _clusters(lines: list[str], classes: list[str | None], goods: list[int]) -> list[list[int]]:
    """Runs of good lines that no breaking gap separates."""
    clusters = [[goods[0]]]
    for prev, cur in zip(goods, goods[1:]):
        gap = [i for i in range(prev + 1, cur) if classes[i] is not None]
        if _breaks(lines, classes, gap):
            clusters.append([cur])
        else:
            clusters[-1].append(cur)
    return clusters


def _breaks(lines: list[str], classes: list[str | None], gap: list[int]) -> bool:
    """Whether a gap between two runs of prose is a page section break (see the module doc)."""
    bad = sum(classes[i] == BAD for i in gap)
    listy = sum(classes[i] == BAD or not lines[i].endswith(_SENTENCE_END + (":",)) for i in gap)
    return (listy >= BREAK_LIST_LINES or bad >= BREAK_BAD_LINES or len(gap) >= BREAK_ANY_LINES
            or any(_strong(lines[i]) for i in gap))


def _trailing_end(lines: list[str], classes: list[str | None], end: int) -> int:
    """The article's last line: `end`, the whole rest of the page when it holds no break,
    or the short sentences right after `end` (a last paragraph shorter than prose)."""
    rest = [i for i in range(end + 1, len(lines)) if classes[i] is not None]
    if rest and not _breaks(lines, classes, rest):
        return rest[-1]
    for i in rest:
        line = lines[i]
        if classes[i] != SHORT or len(line) < MIN_TRAILING_CHARS \
                or not line.endswith((".", "!", "?", "»", '"')) or not _prose_words(line):
            break
        end = i
    return end


def _prose_words(line: str) -> bool:
    words = _WORD.findall(line)
    stop = stopwords()
    return bool(words) and sum(w.casefold() in stop for w in words) >= MIN_STOPWORD_DENSITY * len(words)


def _headline_above(lines: list[str], classes: list[str | None], start: int) -> int:
    """Where the article starts: its headline (and kicker) just above `start`, up to
    MAX_HEADLINE_LINES short lines, not bad, over up to MAX_STAMPS_UNDER_HEADLINE timestamp or
    byline lines under it (they stay furniture-lines inside the article); back to the first
    copy when printed twice."""
    top, taken, stamps, i = start, 0, 0, start - 1
    while i >= 0 and taken < MAX_HEADLINE_LINES:
        if classes[i] is None:
            i -= 1
            continue
        if classes[i] == BAD and taken == 0 and stamps < MAX_STAMPS_UNDER_HEADLINE \
                and _is_stamp(lines[i]):
            stamps, i = stamps + 1, i - 1  # "30-06-13 à 17h43" between headline and lead
            continue
        if classes[i] != SHORT or len(lines[i]) > MAX_HEADLINE_CHARS \
                or lines[i].endswith((",", ";", ":")):
            break
        top, taken, i = i, taken + 1, i - 1
    if top == start:
        return start
    key = _key(lines[top])
    for j in range(top - 1, max(-1, top - HEADLINE_COPY_LINES - 1), -1):
        if lines[j] and _key(lines[j]) == key:
            top = j
    return top


def _is_stamp(line: str) -> bool:
    """A timestamp, a dated byline or an agency dateline on its own line (they sit between a
    headline and its lead)."""
    return bool(_STAMP.fullmatch(line) or _AGENCY_ONLY.fullmatch(line)
                or (len(line) < LONG_GOOD_CHARS and _DATED_BYLINE.search(line)))


def _key(line: str) -> str:
    return "".join(ch for ch in line.casefold() if ch.isalnum())


# --- the combined cleaner: the classifier's cuts, kept only where evidence backs them -----

# A list of other articles' headlines: this many short lines in a row that do not end like a
# sentence (and do not open with a date: a chronology's items are the article's content).
MIN_HEADLINE_LIST_LINES = 3
_DATED_ITEM = re.compile(
    rf"^\W*(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})|\d{{1,2}}[-/.]\d{{1,2}}|(?:19|20)\d{{2}}\b|{_TIME}"
    r"|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)\b)", re.IGNORECASE)
# A quoted social-media post opens with its author's handle: "@monasosh: …".
_HANDLE = re.compile(r"^@\w{2,30}\s*:")


def evidence(lines: list[str], keep: list[bool]) -> list[bool]:
    """Which lines are furniture on evidence of their own, not of their place on the page:
    already removed (a pattern, a tail marker, a template line: `templates.py`), a line
    shaped like furniture (`line_class` BAD), or a line of a list of headlines."""
    found = [bool(line) and (not keep[i] or line_class(line) == BAD)
             for i, line in enumerate(lines)]
    run: list[int] = []
    for i, line in enumerate(lines + [""]):
        if line and _headline_shaped(line, _next_line(lines, i)):
            run.append(i)
            continue
        if len(run) >= MIN_HEADLINE_LIST_LINES:
            for j in run:
                found[j] = True
        run = []
    return found


# A headline may end with a question mark ("Où sont passés les leaders des Frères
# musulmans ?") or a quotation closing without a full stop ("Disparition de Chirac :
# « Le Maroc perd un ami »"), never with a full stop, a colon, a comma, or an exclamation
# mark (a menu's call, "Culture : bon courage, Mme Bachelot !", sits above headlines too).
_NOT_A_HEADLINE_END = (".", "…", ")", ":", ",", ";", "!")
_CLOSING_QUOTES = "»\"”"
_SENTENCE_STOP = (".", "…")


def _headline_shaped(line: str, following: str) -> bool:
    """A line that may be one of a list of other articles' headlines: short, not ending
    with a full stop (a question or a quotation may end one), not an item of a dated
    chronology, not prose. A headline is whole on its
    line, so a line ending with "," or ";" (an item of an enumeration, a quoted chant), a
    line the next one continues with a lower-case word (a sentence wrapped over lines) or a quoted
    post opening with its author's handle ("@monasosh: …", a tweet the article cites) is no
    headline."""
    if len(line) >= LONG_GOOD_CHARS or line.endswith(_NOT_A_HEADLINE_END) \
            or line.rstrip(_CLOSING_QUOTES + " ").endswith(_SENTENCE_STOP):
        return False
    if _DATED_ITEM.match(line) or _HANDLE.match(line) or line_class(line) == GOOD:
        return False
    first = following.split(maxsplit=1)[0] if following else ""
    return not (first[:1].isalpha() and first.islower())  # "madmoiZelle", "iPhone": names


def _next_line(lines: list[str], i: int) -> str:
    """The next non-blank line after `i` ('' at the end)."""
    return next((line for line in lines[i + 1:] if line), "")


def backed(verdicts: dict[int, str], found: list[bool]) -> dict[int, str]:
    """The classifier's verdicts that evidence backs: a line before the article goes only when
    some evidence lies between it and the article (it is inside the page's header, not the
    article's kicker or a caption above the text); a line after the article only from the
    first evidence on (a chronology or a last short paragraph after the prose stays).
    Furniture-shaped lines inside the article are evidence themselves."""
    before = [i for i, why in verdicts.items() if why == "before-article"]
    after = sorted(i for i, why in verdicts.items() if why == "after-article")
    kept: dict[int, str] = {i: why for i, why in verdicts.items() if why == "furniture-line"}
    if before:
        article_start = min((i for i in range(max(before) + 1, len(found))
                             if i not in verdicts), default=len(found))
        last = max((i for i in range(article_start) if found[i]), default=-1)
        kept.update({i: "before-article" for i in before if i <= last})
    if after:
        first = next((i for i in range(after[0] - 1, len(found)) if found[i]), len(found))
        kept.update({i: "after-article" for i in after if i >= first})
    return kept
