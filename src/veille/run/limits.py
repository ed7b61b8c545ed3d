"""Per-document processing limits: a pathological article must not stall a run.

Two budgets, both configurable (arguments, or `VEILLE_MAX_ANALYSIS_CHARS` and
`VEILLE_DOC_TIMEOUT` in the environment):

* characters: analysis (spaCy and every rule stage) sees at most `max_analysis_chars`
  of an article. The article is still stored whole (reading has its own cap,
  `ReadOptions.max_chars`); its analysis covers a prefix, so every offset stays valid,
  and `quality["analysis_truncated_at"]` says where analysis stopped.
* time: the rule stages of one document get `max_seconds`. Past it, that document's
  analysis is abandoned: the article is stored with an empty analysis and
  `quality["analysis_timeout"]`, and the run goes on. The watchdog is a SIGALRM timer:
  it interrupts any Python loop (one long call inside C code, such as a single regex
  match, is interrupted only when it returns); it works in a process's main thread on
  Unix (the CLI and the worker processes). Elsewhere (a thread of the API
  server, Windows) there is no portable way to interrupt Python code, so only the
  character budget applies there, and that is logged once.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from veille.errors import VeilleError
from veille.model import Analysis, Article

log = logging.getLogger(__name__)

DEFAULT_MAX_ANALYSIS_CHARS = 200_000
DEFAULT_MAX_SECONDS = 60.0
ENV_CHARS, ENV_SECONDS = "VEILLE_MAX_ANALYSIS_CHARS", "VEILLE_DOC_TIMEOUT"
_warned_no_alarm = False


class AnalysisTimeout(VeilleError):
    """A document's analysis ran past its time budget."""


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """What one document may cost; 0 (or less) disables a budget."""

    max_analysis_chars: int = DEFAULT_MAX_ANALYSIS_CHARS
    max_seconds: float = DEFAULT_MAX_SECONDS

    @classmethod
    def from_env(cls) -> DocumentLimits:
        """The defaults, overridden by VEILLE_MAX_ANALYSIS_CHARS / VEILLE_DOC_TIMEOUT."""
        try:
            chars = int(os.environ.get(ENV_CHARS, DEFAULT_MAX_ANALYSIS_CHARS))
            seconds = float(os.environ.get(ENV_SECONDS, DEFAULT_MAX_SECONDS))
        except ValueError as exc:
            raise ValueError(f"{ENV_CHARS} must be an integer and {ENV_SECONDS} a number "
                             f"of seconds: {exc}") from None
        return cls(chars, seconds)


def capped(article: Article, limits: DocumentLimits) -> Article:
    """`article` with its text cut to the analysis budget (the same object when it fits)."""
    cap = limits.max_analysis_chars
    if cap <= 0 or len(article.text) <= cap:
        return article
    return replace(article, text=article.text[:cap])


def analyze_within(analyze: Callable[[], Analysis], article: Article,
                   limits: DocumentLimits) -> Analysis:
    """`analyze()` under the time budget, for the whole `article` (not its capped copy):
    an empty, flagged analysis when it times out; flags when the text was capped."""
    try:
        with time_budget(limits.max_seconds):
            analysis = analyze()
    except AnalysisTimeout:
        log.warning("%s: analysis took more than %g s, abandoned (stored unanalysed, flagged)",
                    article.origin or article.id, limits.max_seconds)
        analysis = Analysis(article=article)
        analysis.quality["analysis_timeout"] = limits.max_seconds
    if analysis.article is not article:
        analysis.article = article
    if 0 < limits.max_analysis_chars < len(article.text):
        analysis.quality["analysis_truncated_at"] = limits.max_analysis_chars
    return analysis


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise AnalysisTimeout in this block after `seconds` (no-op where SIGALRM cannot be
    used). An outer timer already running is restored, minus the time spent here."""
    if seconds <= 0 or not _alarm_usable():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise AnalysisTimeout(f"more than {seconds:g} s")

    outer_handler = signal.signal(signal.SIGALRM, expired)
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    own = min(seconds, outer_left) if outer_left > 0 else seconds
    signal.setitimer(signal.ITIMER_REAL, own)
    try:
        yield
    finally:
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_left > 0:  # give the outer timer what remains of its time (at least 1 ms)
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (own - left), 0.001))


def _alarm_usable() -> bool:
    global _warned_no_alarm
    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
        return True
    if not _warned_no_alarm:
        _warned_no_alarm = True
        log.warning("per-document time limit unavailable here (not the main thread, or no "
                    "SIGALRM); only the character limit applies")
    return False
