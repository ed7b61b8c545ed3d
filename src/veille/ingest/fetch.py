"""HTTP(S) downloads: feed URLs, the pages feed entries link to, and `watch`'s polls.

The one HTTP client of veille, a thin wrapper over urllib (no extra dependency): a
timeout, a size cap, our user agent, and one exception type carrying a one-line
reason. `conditional_get` adds the validators a poller sends (If-None-Match,
If-Modified-Since) and reads a 304 as "not modified". Tests never reach the network:
they inject `ReadOptions.fetcher` or serve from a local server.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.client import HTTPException

from veille.errors import VeilleError
from veille.ingest.options import ReadOptions

# Pages or feeds larger than this are cut (a news page is well under 5 MB).
MAX_FETCH_BYTES = 20_000_000
USER_AGENT = "veille/0.1 (+https://github.com/veille; news monitoring)"


class FetchError(VeilleError):
    """A download that failed; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response: its body (None when the server answered 304 Not Modified) and the
    validators to send next time."""

    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def fetch_bytes(url: str, options: ReadOptions) -> bytes:
    """The body at `url`, through `options.fetcher` when one is given; raises FetchError."""
    if options.fetcher is None:
        return _get(url, {}, options.fetch_timeout).body or b""
    with _one_line_reasons():
        return options.fetcher(url)


def conditional_get(url: str, *, etag: str | None = None, last_modified: str | None = None,
                    timeout: float = 10.0) -> Fetched:
    """GET `url` unless it changed since the response that gave `etag` / `last_modified`;
    `Fetched.body` is None when it did not. Raises FetchError."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _get(url, headers, timeout)


def _get(url: str, headers: dict[str, str], timeout: float) -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **headers})
    with _one_line_reasons():
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Fetched(response.read(MAX_FETCH_BYTES), response.headers.get("ETag"),
                               response.headers.get("Last-Modified"))
        except urllib.error.HTTPError as err:
            if err.code != 304:
                raise
            return Fetched(None, err.headers.get("ETag"), err.headers.get("Last-Modified"))


@contextmanager
def _one_line_reasons() -> Iterator[None]:
    """Whatever a download raises, as a FetchError saying why in one line."""
    try:
        yield
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        raise FetchError(f"cannot reach server: {err.reason}") from err
    except (OSError, HTTPException, ValueError) as err:  # timeouts, resets, bad URLs
        raise FetchError(f"download failed: {err or type(err).__name__}") from err
