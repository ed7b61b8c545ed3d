"""The ingest options object and the `Skipped` record (apart, so every reader can import them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from veille.ingest.clean import DEFAULT_FURNITURE
from veille.ingest.templates import LineMemory
from veille.model import DatePrecision

# Field names JSON Lines inputs use unless ReadOptions.jsonl_fields maps them elsewhere.
DEFAULT_JSONL_FIELDS: dict[str, str] = {
    "id": "id", "title": "title", "date": "date", "text": "text", "url": "url",
    "source": "source", "language": "language",
}


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that produced no article, and why (shown to the user, counted in the summary)."""

    origin: str
    reason: str

    def __post_init__(self) -> None:
        # library exceptions carry multi-line messages; the user gets one line
        object.__setattr__(self, "reason", " ".join(self.reason.split()) or "unknown reason")


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read inputs. One options object instead of a dozen keyword arguments.

    `jsonl_fields` maps our field names (id, title, date, text, url, source, language)
    to the keys an input uses, e.g. {"text": "body", "date": "meta.published"};
    unmapped names keep their default key. `fetcher` replaces the HTTP client (tests,
    proxies): it takes a URL and returns the body bytes, raising on failure.
    `follow_links` lets a folder walk follow symbolic links out of the folder it was given.
    """

    published: date | None = None
    published_precision: DatePrecision = "day"
    language: str | None = None
    jsonl_fields: dict[str, str] = field(default_factory=dict)
    max_chars: int = 2_000_000
    fetch: bool = False
    limit: int | None = None
    fetcher: Callable[[str], bytes] | None = None
    fetch_timeout: float = 10.0
    follow_links: bool = False
    #: Cleaning mode (`ingest.clean.FURNITURE_MODES`): "patterns", "combined" or "classifier".
    furniture: str = DEFAULT_FURNITURE
    #: Template lines learned from the documents read so far and the store's earlier runs
    #: (`ingest.templates.LineMemory`); None: no template lines are removed.
    line_memory: LineMemory | None = None

    def jsonl_key(self, name: str) -> str:
        """The input's key for our field `name`."""
        return self.jsonl_fields.get(name, DEFAULT_JSONL_FIELDS[name])
