"""Per-client rate limit on the public question and feedback endpoints: a token bucket per client key.

The buckets live in memory in each worker process: with `--workers N` a client gets up to N times the
limit, and a restart forgets them. That is enough to stop one client from flooding the answerer; a limit
shared across machines belongs in the reverse proxy in front of the service.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.api.errors import error_response, headers_of
from assistant.api.explorer.pages import render
from foundation.errors import RateLimited

# Only these are limited: health checks, the page and its static files must stay reachable.
LIMITED_PATHS = frozenset({"/api/ask", "/api/ask/stream", "/api/feedback"})
# Adding a comment to a vote (PATCH /api/feedback/{id}) writes to the store as well.
LIMITED_PREFIXES = ("/api/feedback/",)
# The chat without JavaScript asks at "/": a posted form, or a follow-up link (?vraag=…).
CHAT_PAGE = "/"

# Forgetting the least recently seen clients bounds memory when many addresses (or spoofed ones) appear;
# a forgotten client merely starts again with a full bucket.
MAX_CLIENTS = 10_000


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucket:
    """Token buckets keyed by client: `burst` requests at once, refilled at `per_minute` per minute."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = MAX_CLIENTS,
    ) -> None:
        self.rate = per_minute / 60.0
        self.capacity = float(max(1, burst))
        self.clock = clock
        self.max_clients = max_clients
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        """Spend one token for `key`; 0.0 when allowed, else the seconds until a token is available."""
        now = self.clock()
        bucket = self._buckets.pop(key, None) or _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently seen last
        while len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate

    def __len__(self) -> int:
        return len(self._buckets)


def client_key(scope: Scope, trust_forwarded_for: bool) -> str:
    """The remote address, or the first X-Forwarded-For entry when the proxy in front is trusted."""
    if trust_forwarded_for:
        forwarded = Headers(scope=scope).get("x-forwarded-for", "")
        first = forwarded.split(",")[0].strip()
        if first:
            # A header can be any length; the key need not be.
            return first[:64]
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimit:
    """Pure-ASGI middleware answering 429 with Retry-After once a client's bucket is empty."""

    def __init__(
        self,
        app: ASGIApp,
        per_minute: int,
        burst: int,
        trust_forwarded_for: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app = app
        self.buckets = TokenBucket(per_minute, burst, clock=clock) if per_minute > 0 else None
        self.trust_forwarded_for = trust_forwarded_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, or refuse it before its body is read."""
        if self.buckets is not None and scope["type"] == "http" and _asks(scope):
            wait_s = self.buckets.take(client_key(scope, self.trust_forwarded_for))
            if wait_s > 0:
                error = RateLimited(f"wacht {wait_s:.1f} s", retry_after_s=math.ceil(wait_s))
                if scope.get("path") == CHAT_PAGE:
                    # The chat without JavaScript is a page: it gets the message as a page, not as JSON.
                    response = render(Request(scope), "error.html", 429, message=error.user_message)
                    response.headers.update(headers_of(error))
                else:
                    response = error_response(error)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _asks(scope: Scope) -> bool:
    """Whether a request asks a question or writes feedback (what the limit is for)."""
    path, method = str(scope.get("path", "")), scope.get("method")
    if path == CHAT_PAGE:
        return method == "POST" or (method == "GET" and b"vraag=" in scope.get("query_string", b""))
    return method in ("POST", "PATCH") and (path in LIMITED_PATHS or path.startswith(LIMITED_PREFIXES))
