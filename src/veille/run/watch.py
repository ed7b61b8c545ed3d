"""Watch RSS/Atom feeds: poll them on a schedule, ingest and analyse what is new.

Each cycle polls every feed of the list with a conditional GET (If-None-Match /
If-Modified-Since from the validators the server gave last time; the HTTP client is
`veille.ingest.fetch`'s), hands the bodies that changed to the ingest runner in one run
(the feed reader turns entries into articles, the runner deduplicates, analyses and
stores them), then saves the new validators in the store's `meta` table. A restart therefore resumes where it stopped,
and even without validators an entry already stored is never stored twice (the
runner recognises its id). A feed that times out, answers 500 or serves malformed
XML is counted as an error for that cycle and polled again at the next one; the
others go on. Local files may stand in for URLs (their content hash is the validator).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from veille.ingest import ReadOptions, Skipped, read_bytes
from veille.ingest.fetch import FetchError, conditional_get, is_url
from veille.ingest.formats import GZIP_MAGIC, Format, Unreadable
from veille.ingest.readers import reader_for
from veille.model import Article
from veille.run.runner import IngestSummary, RunOptions, ingest_articles
from veille.run.workers import Analyzer
from veille.store import Store

log = logging.getLogger(__name__)

META_PREFIX = "watch.feed:"
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_SNIFF_BYTES = 65536
MAX_PARALLEL_POLLS = 8


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How to watch: the schedule, and how to ingest what the feeds bring."""

    every: float = 900.0
    max_cycles: int | None = None
    analyze: bool = True
    fetch: bool = False
    timeout: float = 10.0
    batch_size: int = 64


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a feed's last successful poll left: the server's validators, the body's hash."""

    etag: str | None = None
    last_modified: str | None = None
    sha1: str | None = None

    def to_json(self) -> str:
        return json.dumps({"etag": self.etag, "last_modified": self.last_modified,
                           "sha1": self.sha1})

    @classmethod
    def from_json(cls, text: str | None) -> FeedState:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(data.get("etag"), data.get("last_modified"), data.get("sha1"))


@dataclass(frozen=True, slots=True)
class Poll:
    """One feed polled: changed (with its body and new state), not modified, or an error."""

    feed: str
    outcome: Literal["changed", "not_modified", "error"]
    body: bytes = b""
    state: FeedState = FeedState()
    reason: str = ""


@dataclass(slots=True)
class CycleReport:
    """What one cycle did; `line()` is the one-line summary logged per cycle."""

    cycle: int
    polled: int = 0
    changed: int = 0
    not_modified: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    summary: IngestSummary = field(default_factory=IngestSummary)
    seconds: float = 0.0

    @property
    def new_articles(self) -> int:
        return self.summary.stored

    def line(self) -> str:
        return (f"cycle {self.cycle}: {self.polled} feeds polled, {self.new_articles} new "
                f"articles, {self.not_modified} not modified, {len(self.errors)} errors "
                f"({self.seconds:.1f} s)")


def parse_interval(text: str) -> float:
    """Seconds in `90`, `90s`, `15m`, `1.5h` or `1d`; raises ValueError on anything else."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"{text!r}: expected a positive duration such as 90s, 15m, 1h or 1d")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def read_feed_list(path: str | Path) -> list[str]:
    """Feeds listed in `path`: one URL or file path per line; blank lines and # comments
    skipped; relative file paths are read from the list's folder."""
    path = Path(path)
    feeds: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = re.sub(r"(^|\s)#.*$", "", line).strip()  # "#" inside a URL is a fragment
        if not entry:
            continue
        if not is_url(entry) and not Path(entry).expanduser().is_absolute():
            entry = str(path.parent / entry)
        feeds.append(entry)
    return list(dict.fromkeys(feeds))


def poll_feed(feed: str, state: FeedState, *, timeout: float = 10.0) -> Poll:
    """Poll one feed (URL or file); a body identical to the last one counts as not modified."""
    fetched = _poll_url(feed, state, timeout) if is_url(feed) else _read_file(feed)
    if fetched.outcome != "changed":
        return fetched
    sha1 = hashlib.sha1(fetched.body).hexdigest()
    if sha1 == state.sha1:
        return replace(fetched, outcome="not_modified", body=b"")
    problem = _not_a_feed(fetched.body)
    if problem:
        return Poll(feed, "error", reason=problem)
    return replace(fetched, state=replace(fetched.state, sha1=sha1))


def _poll_url(url: str, state: FeedState, timeout: float) -> Poll:
    try:
        fetched = conditional_get(url, etag=state.etag, last_modified=state.last_modified,
                                  timeout=timeout)
    except FetchError as err:
        return Poll(url, "error", reason=str(err))
    if fetched.body is None:
        return Poll(url, "not_modified", state=state)
    return Poll(url, "changed", body=fetched.body,
                state=FeedState(fetched.etag, fetched.last_modified))


def _read_file(path: str) -> Poll:
    try:
        return Poll(path, "changed", body=Path(path).expanduser().read_bytes())
    except OSError as err:
        return Poll(path, "error", reason=f"cannot read: {err.strerror or err}")


def _not_a_feed(body: bytes) -> str | None:
    """Why `body` is not an RSS/Atom document (an HTML error page, say), or None."""
    head = body[:_SNIFF_BYTES]
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, _SNIFF_BYTES)
        except zlib.error as err:
            return f"invalid gzip: {err}"
    try:
        kind = reader_for(head).name
    except Unreadable as err:
        return f"not an RSS/Atom feed: {err}"
    return None if kind == Format.FEED.value else f"not an RSS/Atom feed (looks like {kind})"


def run_cycle(feeds: Sequence[str], store: Store, options: WatchOptions, *, cycle: int = 1,
              analyzer: Analyzer | None = None) -> CycleReport:
    """Poll `feeds` once, ingest those that changed, remember their new validators."""
    started = time.monotonic()
    report = CycleReport(cycle, polled=len(feeds))
    polls = _poll_all(feeds, {f: FeedState.from_json(store.read_meta(META_PREFIX + f))
                              for f in feeds}, options.timeout)
    changed = [p for p in polls if p.outcome == "changed"]
    report.not_modified = sum(p.outcome == "not_modified" for p in polls)
    report.errors = {p.feed: p.reason for p in polls if p.outcome == "error"}
    if changed:
        report.summary = _ingest_changed(changed, store, options, analyzer, report.errors)
        report.changed = sum(p.feed not in report.errors for p in changed)
        if not report.summary.interrupted:
            store.write_meta({META_PREFIX + p.feed: p.state.to_json()
                              for p in changed if p.feed not in report.errors})
    for feed, reason in report.errors.items():
        log.warning("feed %s: %s", feed, reason)
    report.seconds = time.monotonic() - started
    log.info(report.line())
    return report


def _poll_all(feeds: Sequence[str], states: dict[str, FeedState], timeout: float) -> list[Poll]:
    """Every feed polled, several at a time: one slow server must not hold up the cycle."""
    if not feeds:
        return []
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_POLLS, len(feeds))) as pool:
        return list(pool.map(lambda f: poll_feed(f, states[f], timeout=timeout), feeds))


def _ingest_changed(changed: Sequence[Poll], store: Store, options: WatchOptions,
                    analyzer: Analyzer | None, errors: dict[str, str]) -> IngestSummary:
    """One runner pass over the changed feeds' bodies, as polled (never downloaded twice);
    a feed the reader rejects whole is added to `errors` (its state is then not saved,
    so the next cycle tries again)."""
    read = ReadOptions(fetch=options.fetch, fetch_timeout=options.timeout)
    run = RunOptions(analyze=options.analyze, batch_size=options.batch_size)
    return ingest_articles(_feed_articles(changed, read, errors), store, run, analyzer=analyzer)


def _feed_articles(changed: Sequence[Poll], read: ReadOptions,
                   errors: dict[str, str]) -> Iterator[Article | Skipped]:
    """The entries of every changed feed (their pages fetched with `read.fetch`)."""
    for poll in changed:
        for item in read_bytes(poll.body, poll.feed, read):
            if (isinstance(item, Skipped) and item.origin == poll.feed
                    and not item.reason.startswith("feed has no entries")):
                errors[poll.feed] = item.reason
            yield item


def watch(feeds_file: str | Path, store: Store, options: WatchOptions, *,
          analyzer: Analyzer | None = None,
          on_cycle: Callable[[CycleReport], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> int:
    """Run cycles every `options.every` seconds until `max_cycles` (forever if None) or
    Ctrl-C; the feed list is re-read each cycle, so it can be edited while watching.
    Returns the number of cycles run."""
    own = analyzer is None and options.analyze
    analyzer = analyzer or (Analyzer() if options.analyze else None)
    cycle, feeds = 0, read_feed_list(feeds_file)
    try:
        while options.max_cycles is None or cycle < options.max_cycles:
            cycle += 1
            feeds = _current_feeds(feeds_file, feeds) if cycle > 1 else feeds
            report = run_cycle(feeds, store, options, cycle=cycle, analyzer=analyzer)
            if on_cycle is not None:
                on_cycle(report)
            if report.summary.interrupted:
                break
            if options.max_cycles is None or cycle < options.max_cycles:
                sleep(max(0.0, options.every - report.seconds))
    finally:
        if own and analyzer is not None:
            analyzer.close()
    return cycle


def _current_feeds(feeds_file: str | Path, previous: list[str]) -> list[str]:
    """The feed list as edited since the last cycle; the previous one if it cannot be read."""
    try:
        return read_feed_list(feeds_file)
    except (OSError, UnicodeDecodeError) as err:
        log.error("cannot read feed list %s (%s); polling the previous list", feeds_file, err)
        return previous
