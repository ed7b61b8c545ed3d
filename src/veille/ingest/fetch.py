"""HTTP(S) downloads for feed URLs and, when asked, the pages feed entries link to.

A thin wrapper over urllib (no extra dependency): a timeout, a size cap, and one
exception type carrying a one-line reason. Tests never come here: they inject
`ReadOptions.fetcher`.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from veille.errors import VeilleError
from veille.ingest.options import ReadOptions

# Pages or feeds larger than this are cut (a news page is well under 5 MB).
MAX_FETCH_BYTES = 20_000_000
USER_AGENT = "veille/0.1 (+https://github.com/veille; news monitoring)"


class FetchError(VeilleError):
    """A download that failed; the message says why in one line."""


def is_url(path: str) -> bool:
    return path.startswith(("http://", "https://"))


def fetch_bytes(url: str, options: ReadOptions) -> bytes:
    """The body at `url`, through `options.fetcher` when one is given; raises FetchError."""
    try:
        if options.fetcher is not None:
            return options.fetcher(url)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
            return response.read(MAX_FETCH_BYTES)
    except FetchError:
        raise
    except urllib.error.HTTPError as err:
        raise FetchError(f"HTTP {err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        raise FetchError(f"cannot reach server: {err.reason}") from err
    except (OSError, ValueError) as err:
        raise FetchError(f"download failed: {err}") from err
