"""A small thread-safe set whose members expire: remembers which Slack events were already answered."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable


class TtlSet:
    """Keys remembered for `ttl_s` seconds, at most `max_size` of them (oldest dropped first)."""

    def __init__(self, ttl_s: float, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_size = max_size
        self._clock = clock
        self._expiry: OrderedDict[Hashable, float] = OrderedDict()
        # Lazy listeners and the HTTP worker threads touch the set concurrently.
        self._lock = threading.Lock()

    def _purge(self, now: float) -> None:
        # Insertion order is expiry order (one TTL for all), so expired keys sit at the front.
        while self._expiry:
            _key, expires = next(iter(self._expiry.items()))
            if expires > now and len(self._expiry) <= self.max_size:
                break
            self._expiry.popitem(last=False)

    def add(self, key: Hashable) -> None:
        """Remember a key (again) for the full TTL."""
        with self._lock:
            now = self._clock()
            self._expiry.pop(key, None)
            self._expiry[key] = now + self.ttl_s
            self._purge(now)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            now = self._clock()
            self._purge(now)
            return key in self._expiry

    def claim(self, keys: Iterable[Hashable]) -> bool:
        """True (and remember every key) when none of the keys was seen; False for a duplicate."""
        keys = [k for k in keys if k is not None]
        with self._lock:
            now = self._clock()
            self._purge(now)
            if any(k in self._expiry for k in keys):
                return False
            for key in keys:
                self._expiry[key] = now + self.ttl_s
            self._purge(now)
            return True

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return len(self._expiry)
