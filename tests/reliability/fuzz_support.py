"""Shared pieces of the fuzz tests: hostile text strategies, a per-input time bound, counts.

Hostile means what news feeds really carry: zero-width and bidi controls, Arabic inside
French, emoji, C0/C1 control characters, lone surrogates excluded (they cannot be
encoded), plus plain French so the readers' prose heuristics are exercised too.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

T = TypeVar("T")

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

HOSTILE_CHARS = list(ZERO_WIDTH_BIDI + CONTROL + ARABIC + EMOJI + "<>&\"'`\\")
#: What a hostile text is made of: French words twice as likely as a hostile character.
POOL = [*FRENCH_WORDS, *FRENCH_WORDS, *HOSTILE_CHARS]

hostile_chars = st.sampled_from(HOSTILE_CHARS)
french_word = st.sampled_from(FRENCH_WORDS)


#: Code points that are not surrogates (a str holding one cannot be encoded to be stored).
_PLANES = ((0x20, 0x250), (0x0, 0x20), (0x250, 0xD800), (0xE000, 0x110000))


def noise(rng: random.Random, size: int) -> str:
    """`size` arbitrary code points: Latin and C0 controls half the time, anything else
    (CJK, RTL, private use, astral emoji, noncharacters) the other half."""
    chars = []
    for _ in range(size):
        low, high = _PLANES[min(rng.randrange(6), 3)] if rng.random() < 0.5 else _PLANES[3]
        chars.append(chr(rng.randrange(low, high)))
    return "".join(chars)


def hostile_words(rng: random.Random) -> str:
    """Up to 120 pieces of POOL (French words, hostile characters), with up to 6 pieces of
    arbitrary Unicode of up to 12 code points dropped in, space-joined. Lengths favour the
    edges (none, one, the most) as Hypothesis' own would."""
    count = rng.choice((0, 1, 2, 120, rng.randrange(121), rng.randrange(121), rng.randrange(121)))
    pieces = [rng.choice(POOL) for _ in range(count)]
    for _ in range(rng.choice((0, 0, 1, rng.randrange(7)))):
        pieces.insert(rng.randrange(len(pieces) + 1), noise(rng, rng.randrange(13)))
    return " ".join(pieces)


#: Hostile text. Hypothesis draws one seed and a seeded generator writes the words: drawn
#: piece by piece through Hypothesis' engine (one_of + element for each of up to 120
#: pieces, text code point by code point) it cost more per input than most readers take
#: to read it, so a long run spent most of its time generating. The structure around the
#: text (formats, cuts, depths, encodings, flipped bytes) is still Hypothesis' to draw;
#: a failing input is reported whole (the long runs do not shrink).
hostile_text = st.randoms(use_true_random=True).map(hostile_words)


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


class InputStalled(BaseException):
    """An input ran past its time bound. A BaseException, not a TimeoutError: the readers
    turn every Exception (TimeoutError is an OSError) into a Skipped ("cannot read: …"),
    which hid a stall as an ordinary skip; this one passes through their catch-alls, and
    through Hypothesis, which only catches Exception as a test failure."""


#: A stalled input that waits (no CPU used) is failed after this many times its CPU bound
#: in wall time: a shared, niced machine can leave a process unscheduled for tens of
#: seconds, which is no fault of the input.
WALL_SLACK = 10


@contextmanager
def bounded(name: str, seconds: float) -> Iterator[None]:
    """Fail an input that uses more than `seconds` of CPU (SIGPROF, so even a regex stall is
    interrupted) or waits more than WALL_SLACK times that (SIGALRM), by raising
    InputStalled; record it in TRIED and its CPU time in SLOWEST. CPU time, not wall
    time: on a machine shared with other jobs the wall clock measures them too."""
    def stalled(signum: int, frame: object) -> None:
        what = "CPU time" if signum == signal.SIGPROF else "wall time"
        raise InputStalled(f"{name}: input took more than {seconds:g} s of {what}"
                           if signum == signal.SIGPROF else
                           f"{name}: input waited more than {seconds * WALL_SLACK:g} s of {what}")

    previous = {sig: signal.signal(sig, stalled) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_SLACK)
    started = time.process_time()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        TRIED[name] += 1
        SLOWEST[name] = max(SLOWEST.get(name, 0.0), time.process_time() - started)


# --- the long runs: chunked campaigns that record their figures as they go ---------------

#: Where a long run writes its figures (one JSON file per reader or stage, rewritten after
#: every chunk, so a run stopped early still says how far it got).
ENV_RESULTS = "VEILLE_FUZZ_RESULTS"
DEFAULT_RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "fuzz"
#: Inputs per Hypothesis run inside a campaign. One run of 100,000 examples would keep
#: Hypothesis' tree of every choice made (memory and time growing with it); chunks with
#: a fresh seed each keep the per-input cost flat and give a progress point per chunk.
CHUNK = 100

#: The settings of one chunk: generation only. No shrinking (a failure is reported with
#: the input that failed, at full size), no database, no health checks (slow generation
#: on a loaded machine is not a fault), no deadline (`bounded` is the time limit).
CHUNK_SETTINGS = settings(max_examples=CHUNK, deadline=None, database=None,
                          phases=[Phase.generate], suppress_health_check=list(HealthCheck),
                          report_multiple_bugs=False)


def _caused_by(err: BaseException, kind: type[BaseException]) -> bool:
    """Whether `err`, or an exception inside it (group, cause, context), is a `kind`."""
    seen: set[int] = set()
    todo = [err]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return True
        todo.extend(getattr(current, "exceptions", ()))
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return False


def campaign(name: str, strategy: st.SearchStrategy[T],
             check: Callable[[T], Iterable[object]], total: int, *,
             suite: str = "reader") -> dict[str, object]:
    """Feed `total` inputs drawn from `strategy` to `check`, in chunks of CHUNK with a seed
    each (VEILLE_FUZZ_SEED shifts them all), and return the figures: inputs tried, the
    outcomes `check` returned (counted by type name: Article, Skipped…), crashes (a
    property failed or an exception escaped) and hangs (an input over its time bound:
    InputStalled from `bounded`).
    The figures go to VEILLE_FUZZ_RESULTS/<suite>-<name>.json after every chunk and at the
    end; `slowest_s` is the most CPU time a `bounded(name, …)` (or `bounded("…-name")`,
    as the stages are timed) block took.
    A failing chunk is recorded and the campaign goes on with the next seed, so one run
    counts every chunk that found a fault; the caller asserts none did."""
    out_dir = Path(os.environ.get(ENV_RESULTS) or DEFAULT_RESULTS)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"{suite}-{name}.json"
    base_seed = int(os.environ.get("VEILLE_FUZZ_SEED", "0") or 0)
    outcomes: Counter[str] = Counter()
    figures: dict[str, object] = {"name": f"{suite}-{name}", "target": total, "inputs": 0, "outcomes": outcomes,
                                  "crashes": 0, "hangs": 0, "failures": [], "chunks": 0,
                                  "seconds": 0.0, "inputs_per_s": 0.0, "slowest_s": 0.0,
                                  "done": False}
    tried = [0]
    started = time.perf_counter()

    def save() -> None:
        figures["inputs"] = tried[0]
        figures["seconds"] = round(time.perf_counter() - started, 1)
        figures["inputs_per_s"] = round(tried[0] / max(figures["seconds"], 1e-9), 1)
        timed = [v for k, v in SLOWEST.items() if k == name or k.endswith(f"-{name}")]
        figures["slowest_s"] = round(max(timed, default=0.0), 3)
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(figures, indent=1, ensure_ascii=False))
        tmp.replace(out)

    chunk = 0
    while tried[0] < total:
        size = min(CHUNK, total - tried[0])

        @settings(CHUNK_SETTINGS, max_examples=size)
        @seed(base_seed * 1_000_003 + chunk)
        @given(value=strategy)
        def run(value: T) -> None:
            tried[0] += 1
            for item in check(value):  # a str names its own outcome, else its type does
                outcomes[item if isinstance(item, str) else type(item).__name__] += 1

        before = tried[0]
        try:
            run()
        except (Exception, InputStalled) as err:  # a fault: count it, keep its message, go on
            hang = _caused_by(err, InputStalled)
            figures["hangs" if hang else "crashes"] += 1  # type: ignore[operator]
            failures = figures["failures"]
            assert isinstance(failures, list)
            if len(failures) < 20:
                failures.append({"chunk": chunk, "kind": "hang" if hang else "crash",
                                 "error": f"{type(err).__name__}: {err}"[:4000]})
        if tried[0] == before:  # nothing generated (cannot happen with these strategies)
            break
        chunk += 1
        figures["chunks"] = chunk
        save()
    figures["done"] = tried[0] >= total
    save()
    print(f"\nfuzz {suite}-{name}: {json.dumps(figures, ensure_ascii=False)}")
    return figures
