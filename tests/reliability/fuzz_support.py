"""Shared pieces of the fuzz tests: hostile text strategies, a per-input time bound, counts.

Hostile means what news feeds really carry: zero-width and bidi controls, Arabic inside
French, emoji, C0/C1 control characters, lone surrogates excluded (they cannot be
encoded), plus plain French so the readers' prose heuristics are exercised too.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import strategies as st

#: Inputs per reader (or stage) in a `-m slow` run: VEILLE_FUZZ_EXAMPLES, else the default
#: each suite gives. `VEILLE_FUZZ_EXAMPLES=100000` is the figure in the README.
ENV_EXAMPLES = "VEILLE_FUZZ_EXAMPLES"


def slow_examples(default: int) -> int:
    """How many generated inputs a slow fuzz test tries (VEILLE_FUZZ_EXAMPLES overrides)."""
    value = os.environ.get(ENV_EXAMPLES, "")
    return int(value) if value.strip().isdigit() else default


#: Inputs tried, per reader or stage: printed at the end of the session (see conftest).
TRIED: Counter[str] = Counter()
#: Slowest input seen per reader or stage, in seconds.
SLOWEST: dict[str, float] = {}

ZERO_WIDTH_BIDI = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"
CONTROL = "".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 127, *range(0x80, 0xA0)]))
ARABIC = "القاهرة غزة حماس إسرائيل الأمم المتحدة وقف إطلاق النار "
EMOJI = "🇫🇷🇺🇦🔥💥🕊️👩‍👩‍👧‍👦 ✊🏿"
FRENCH_WORDS = ["Emmanuel", "Macron", "a", "déclaré", "lundi", "à", "Paris", "que", "l'ONU",
                "Gaza", "le", "Hamas", "« ", " »", "selon", "Le Caire", "3 mars 2024", "hier",
                "soldats", "ont", "été", "tués", ".", ",", "\n", "\n\n", "Israël", "Kiev"]

hostile_chars = st.sampled_from(list(ZERO_WIDTH_BIDI + CONTROL + ARABIC + EMOJI + "<>&\"'`\\"))
french_word = st.sampled_from(FRENCH_WORDS)
hostile_text = st.lists(st.one_of(french_word, french_word, hostile_chars,
                                  st.text(max_size=12)), max_size=120).map(" ".join)


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, truncated UTF-8, mixed UTF-8/cp1252/latin-1, or UTF-16 with a BOM."""
    text = draw(hostile_text)
    kind = draw(st.sampled_from(["random", "truncated", "mixed", "utf16", "utf8"]))
    if kind == "random":
        return draw(st.binary(max_size=2048))
    data = text.encode("utf-8")
    if kind == "truncated":
        return data[: draw(st.integers(0, max(0, len(data))))] + "é".encode()[:1]
    if kind == "mixed":
        other = draw(hostile_text).encode("cp1252", errors="ignore")
        return data + other + draw(hostile_text).encode("latin-1", errors="ignore")
    if kind == "utf16":
        return text.encode("utf-16")
    return data


@contextmanager
def bounded(name: str, seconds: float) -> Iterator[None]:
    """Fail an input that runs longer than `seconds` (SIGALRM, so even a regex stall is
    interrupted), and record it in TRIED / SLOWEST."""
    def stalled(signum: int, frame: object) -> None:
        raise TimeoutError(f"{name}: input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stalled)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.perf_counter()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        TRIED[name] += 1
        SLOWEST[name] = max(SLOWEST.get(name, 0.0), time.perf_counter() - started)
