"""HTTP mode: the bolt app mounted in the FastAPI app at POST /slack/events.

Every request is checked before anything parses it: rate limit per client, then the signature over the raw
body and headers, then the shape of the body. What fails gets 429, 401 or 400 and one short log line;
only a signed, well-formed request reaches bolt.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.request.internals import parse_body
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.app import build_slack_app

logger = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# Slack refuses requests older than five minutes itself; so do we (replays).
MAX_AGE_S = 5 * 60

# Spend one request of a client's allowance: 0.0 when allowed, else the seconds to wait.
Limiter = Callable[[str], float]
ClientKey = Callable[[Scope], str]


class RequestRefused(Exception):
    """A request to /slack/events that is not answered: its status and a short reason for the log."""

    def __init__(self, status: int, reason: str, retry_after_s: int = 0) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after_s = retry_after_s


def verify_signature(secret: str, body: bytes, headers: Any, now: float) -> None:
    """Slack's v0 signature over the raw bytes; raises RequestRefused(401) for anything else."""
    timestamp = headers.get("x-slack-request-timestamp") or ""
    signature = headers.get("x-slack-signature") or ""
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise RequestRefused(401, "tijdstempel ontbreekt of is geen getal")
    if abs(now - int(timestamp)) > MAX_AGE_S:
        raise RequestRefused(401, "tijdstempel ouder dan 5 minuten")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not secret or not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise RequestRefused(401, "ongeldige handtekening")


# What bolt reads from a body before any listener runs; another shape would make it fail with a 500.
_SHAPES: dict[str, type | tuple[type, ...]] = {
    "event": dict,
    "view": dict,
    "container": dict,
    "team": (dict, str),
    "user": (dict, str),
    "channel": (dict, str),
    "enterprise": (dict, str),
    "authorizations": list,
    "actions": list,
}


def check_body(body: bytes, content_type: str | None) -> str:
    """The body as text when it is UTF-8 and parses to what bolt expects; raises RequestRefused(400)."""
    try:
        text = body.decode("utf-8")
        parsed = parse_body(text, content_type)
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestRefused(400, f"onleesbare body ({type(error).__name__})") from None
    if not isinstance(parsed, dict):
        raise RequestRefused(400, "body is geen object")
    for key, kinds in _SHAPES.items():
        value = parsed.get(key)
        valid = value is None or isinstance(value, kinds)
        if valid and isinstance(value, list):
            valid = all(isinstance(item, dict) for item in value)
        if not valid:
            raise RequestRefused(400, f"veld '{key}' heeft een onverwachte vorm")
    if parsed.get("type") == "block_actions" and not parsed.get("actions"):
        # bolt takes the first action of every click before any listener runs.
        raise RequestRefused(400, "klik zonder actie")
    return text


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI handler, checking each request first and dispatching in a worker thread."""

    def __init__(
        self, app: App, signing_secret: str, limiter: Limiter | None = None, client_key: ClientKey | None = None
    ) -> None:
        super().__init__(app)
        self.signing_secret = signing_secret
        self.limiter = limiter
        self.client_key = client_key or _peer

    async def handle(self, req: Request, addition_context_properties: dict[str, Any] | None = None) -> Response:
        """Refuse what is not from Slack (429/401/400), or dispatch it; bolt's answer is the response."""
        client = self.client_key(req.scope)
        try:
            if self.limiter is not None and (wait_s := self.limiter(client)) > 0:
                raise RequestRefused(429, "te veel verzoeken", retry_after_s=max(1, math.ceil(wait_s)))
            body = await req.body()
            verify_signature(self.signing_secret, body, req.headers, time.time())
            check_body(body, req.headers.get("content-type"))
            bolt_request = to_bolt_request(req, body, addition_context_properties)
        except RequestRefused as refused:
            return _refusal(refused, client, req.headers.get("x-slack-retry-num"))
        except Exception as error:
            # bolt reads context fields (team, user, channel) while building its request.
            return _refusal(RequestRefused(400, f"onverwachte vorm ({type(error).__name__})"), client, None)
        # App.dispatch is synchronous (listener acks, the first auth.test call): keep it off the event loop
        # that also serves the web chat.
        bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "onbekend"


def _refusal(refused: RequestRefused, client: str, retry: str | None) -> Response:
    # One short line, no body, no traceback: a flood of bad requests must not flood the log.
    logger.warning("Slack-verzoek geweigerd (%d): %s (client=%s)", refused.status, refused.reason, client[:64])
    headers = {"Retry-After": str(refused.retry_after_s)} if refused.retry_after_s else {}
    return Response(status_code=refused.status, content=refused.reason, media_type="text/plain", headers=headers)


def mount_slack(
    app: FastAPI,
    answerer: Answerer,
    feedback: FeedbackStore | None,
    settings: Settings,
    *,
    limiter: Limiter | None = None,
    client_key: ClientKey | None = None,
) -> App:
    """Add POST /slack/events to the FastAPI app, answering with the same answerer and feedback store.

    `limiter` (per client, from `client_key`) refuses floods before their body is read.
    """
    slack_app = build_slack_app(answerer, settings, feedback)
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    handler = ThreadedSlackRequestHandler(slack_app, secret, limiter, client_key)

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    # Kept for tests and health checks that want to look at the bolt app.
    app.state.slack_app = slack_app
    return slack_app
