"""Rate limiting of write requests: a token bucket per key.

Written by hand: a bucket is fifteen lines, and the libraries that do this for FastAPI
(slowapi and the like) bring a storage layer and decorators for what one in-process
dict does here. Writes are rare and expensive (each one runs the analysis). The app
keeps two limiters: one for requests carrying the token, one per client address for
refused requests (which slows token guessing); the token is checked first, so a
stranger's bad requests never spend the token holder's budget.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class RateLimiter:
    """`burst` requests at once, then `per_minute` a minute, per key."""

    per_minute: float = 30.0
    burst: int = 10
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, key: str) -> float:
        """0 when the request may go on, else the seconds to wait before the next one."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.per_minute / 60)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) * 60 / self.per_minute
