"""Per-client rate limiting that never keeps an IP address.

Each client address is turned into a keyed hash (HMAC-SHA-256 with a random salt made
at start and held only in memory) before it is used as a key; the address itself is
dropped at once. The buckets live only in memory, so a restart forgets them, and the
salt changes, so the hashes cannot be linked across restarts or to an address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from typing import Callable


class RateLimiter:
    """A token bucket per client: `per_minute` submissions a minute, in bursts up to the same.

    Used from the server's event loop only, so it needs no lock.
    """

    def __init__(self, per_minute: int, max_clients: int = 100_000, clock: Callable[[], float] = time.monotonic):
        if per_minute < 1:
            raise ValueError("the rate limit must be at least 1 a minute")
        self.per_minute = per_minute
        self._rate = per_minute / 60.0  # tokens a second
        self._max_clients = max_clients
        self._clock = clock
        self._salt = secrets.token_bytes(32)
        self._buckets: OrderedDict[bytes, tuple[float, float]] = OrderedDict()  # key -> (tokens, when)

    def _key(self, client: str) -> bytes:
        return hmac.new(self._salt, client.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()[:16]

    def take(self, client: str) -> float:
        """Use one token: 0 if allowed, else the seconds until the client may try again."""
        key, now = self._key(client), self._clock()
        tokens, when = self._buckets.pop(key, (float(self.per_minute), now))
        tokens = min(float(self.per_minute), tokens + (now - when) * self._rate)
        wait = 0.0 if tokens >= 1 else (1 - tokens) / self._rate
        self._buckets[key] = (tokens - 1 if wait == 0 else tokens, now)  # most recently used last
        while len(self._buckets) > self._max_clients:
            self._buckets.popitem(last=False)  # forget the longest-idle client
        return wait
