"""CL-TLS / ML-Crisis style timeline gold data: the reference file and the dated document folders.

A gold loader, so it lives with the other evaluation code: it runs the ingest
(`veille.run`), and the stories stages it evaluates never have to import the runner.

A reference timeline is blocks separated by lines of dashes; each block starts with a
`YYYY-MM-DD` line followed by that date's summary sentences, one per line. Documents
live in `docs/YYYY-MM-DD/*.txt`, the folder name being the publication date.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

from veille.errors import VeilleError
from veille.ingest import ReadOptions
from veille.ingest.templates import LineMemory
from veille.model import Analysis
from veille.nlp import load_pipeline
from veille.run.runner import IngestSummary, RunOptions, ingest
from veille.run.workers import Analyzer, default_workers
from veille.store import Store
from veille.time.tagger import tag_times

log = logging.getLogger(__name__)

_DATE_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SEPARATOR = re.compile(r"^-{5,}\s*$")

#: Documents beyond this many characters are cut (one Egypt file is a 2 MB page dump
#: of headlines; analysing it whole costs minutes and adds nothing datable).
DEFAULT_MAX_CHARS = 200_000


class ReferenceFormatError(VeilleError, ValueError):
    """A reference timeline file that does not follow the CL-TLS format."""


def load_reference(path: str | Path) -> dict[date, list[str]]:
    """{date: [summary sentence, …]} from a CL-TLS reference file, dates in file order."""
    timeline: dict[date, list[str]] = {}
    current: date | None = None
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if _SEPARATOR.match(line):
            current = None
            continue
        if current is None and _DATE_LINE.match(line):
            current = date.fromisoformat(line)
            timeline.setdefault(current, [])
            continue
        if current is None:
            raise ReferenceFormatError(f"{path}:{number}: expected a YYYY-MM-DD line, got {line[:40]!r}")
        timeline[current].append(line)
    if not timeline:
        raise ReferenceFormatError(f"{path}: no dated block found")
    return timeline


def dated_folders(docs_dir: str | Path) -> list[tuple[date, Path]]:
    """The `YYYY-MM-DD` sub-folders of `docs_dir` with their dates, oldest first."""
    folders = []
    for child in sorted(Path(docs_dir).iterdir()):
        if child.is_dir() and _DATE_LINE.match(child.name):
            folders.append((date.fromisoformat(child.name), child))
    if not folders:
        raise FileNotFoundError(f"{docs_dir}: no YYYY-MM-DD sub-folder of documents")
    return folders


def ingest_dated_folders(docs_dir: str | Path, store: Store, *, language: str | None = None,
                         max_chars: int = DEFAULT_MAX_CHARS, workers: int | None = None,
                         times_only: bool = False,
                         furniture: str | None = None) -> IngestSummary:
    """Ingest every `docs_dir/YYYY-MM-DD/` folder with that date as publication date.

    `times_only` skips the full analysis and tags only time expressions (parser and
    rules): all a timeline needs, at a fraction of the cost on long documents.
    `furniture` names a cleaning mode (`clean.FURNITURE_MODES`); given, the folders are
    read with it and with one line memory, so template lines are learned across them as
    `veille ingest` learns them (None: the reader's defaults, no memory).
    """
    total = IngestSummary()
    workers = default_workers() if workers is None else workers  # as `veille ingest`
    cleaning = {} if furniture is None else {"furniture": furniture,
                                             "line_memory": LineMemory()}
    with Analyzer(workers=workers) as analyzer:  # one model load for every folder
        for day, folder in dated_folders(docs_dir):
            read = ReadOptions(published=day, published_precision="day", language=language,
                               max_chars=max_chars, **cleaning)
            summary = ingest([str(folder)], store, read=read, analyzer=analyzer,
                             run=RunOptions(analyze=not times_only, workers=workers))
            _add(total, summary)
            log.info("%s: read %d, stored %d", day, summary.read, summary.stored)
    if times_only:
        total.analyzed += tag_pending_times(store)
    return total


def tag_pending_times(store: Store) -> int:
    """Tag the time expressions of the store's unanalysed articles; returns how many."""
    done = 0
    for article in list(store.pending()):
        language = article.language or "fr"
        doc = load_pipeline(language)(article.text)  # the tense of each clause orients dates
        times = tag_times(article.text, published=article.published,
                          precision=article.date_precision, language=language, doc=doc)
        store.write_analyses([Analysis(article=article, times=times)])
        done += 1
    return done


def _add(total: IngestSummary, summary: IngestSummary) -> None:
    total.read += summary.read
    total.stored += summary.stored
    total.analyzed += summary.analyzed
    total.already_stored += summary.already_stored
    total.skipped.extend(summary.skipped)
