"""Security headers on every response; a strict Content-Security-Policy on the web chat and the API."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import handle_error

# The chat loads nothing from elsewhere: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# The chat uses no device features; denying them means an injected frame or script cannot ask for them.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# /docs sets its own policy: Swagger UI needs one inline start-up script (allowed by its hash, see docs.py).
_OWN_POLICY_PATHS = frozenset({"/docs"})


class SecurityHeaders:
    """Pure-ASGI middleware adding nosniff, referrer, frame, permissions, cross-origin and CSP headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers to the response start message."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        strict = scope.get("path") not in _OWN_POLICY_PATHS
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                # Another site's window can neither script this one nor embed its responses.
                headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
                headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
                if strict:
                    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as error:
            if started:
                raise
            # Answered here, not by Starlette's outermost error layer: that one would send the 500 without
            # these headers, and re-raise so the server logs a second traceback.
            response = await handle_error(Request(scope), error)
            await response(scope, receive, send_with_headers)
