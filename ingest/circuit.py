"""Remembering that Chroma is unavailable, so waiting requests fail at once instead of each waiting a timeout."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from foundation.errors import StoreUnavailable


class Circuit:
    """Open after an outage: calls fail at once for `retry_s`; then one caller tries again while the rest wait not.

    The lock guards only the state, never the call itself: a hung server must not make callers queue.
    """

    def __init__(self, retry_s: float, probe_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.retry_s = retry_s
        # How long the one trying caller may take before another is let through (its own timeout, plus a margin).
        self.probe_s = probe_s
        self.clock = clock
        self._lock = threading.Lock()
        self._closed_at: float | None = None  # None: closed (calls go through)
        self._reason = ""

    @property
    def is_open(self) -> bool:
        """True while calls fail at once."""
        with self._lock:
            return self._closed_at is not None and self.clock() < self._closed_at

    @property
    def reason(self) -> str:
        """Why the circuit opened last (empty when it never did)."""
        return self._reason

    def admit(self) -> None:
        """Raise StoreUnavailable while open; after `retry_s`, let exactly one caller through to try again."""
        with self._lock:
            if self._closed_at is None:
                return
            now = self.clock()
            if now < self._closed_at:
                raise StoreUnavailable(f"Chroma niet bereikbaar (onthouden): {self._reason}")
            # This caller probes; the others keep failing at once until it reports back or runs out of time.
            self._closed_at = now + self.probe_s

    def failed(self, reason: str) -> None:
        """Chroma did not answer: open (again) for `retry_s`."""
        with self._lock:
            self._closed_at = self.clock() + self.retry_s
            self._reason = reason[:200]

    def succeeded(self) -> None:
        """Chroma answered: close."""
        if self._closed_at is None:
            return
        with self._lock:
            self._closed_at = None
