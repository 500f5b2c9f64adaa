"""A fake Slack on 127.0.0.1: a Web API that records every call, and Slack's request signing (v0)."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

BOT_USER_ID = "UBOT"
TS = "1700000000.000100"
BOT_ID = "BBOT"
TEAM_ID = "T0001"


@dataclass
class Call:
    """One recorded request: the Web API method (or the path of a response_url) and its parsed body."""

    method: str
    path: str
    body: dict[str, Any]
    authorization: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    # What the fake answered (e.g. the ts of a posted message).
    reply: dict[str, Any] = field(default_factory=dict)


def signed_headers(
    signing_secret: str, body: str | bytes, timestamp: int | None = None, **extra: str
) -> dict[str, str]:
    """The headers Slack sends with a request: X-Slack-Request-Timestamp and the v0 HMAC-SHA256 signature."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    raw = body if isinstance(body, bytes) else body.encode()
    digest = hmac.new(signing_secret.encode(), f"v0:{ts}:".encode() + raw, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
    headers.update(extra)
    return headers


class FakeSlackApi:
    """Start with `with FakeSlackApi() as fake:`; point WebClient at `fake.api_url`; read `fake.calls`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures: dict[str, str] = {}
        self._limited: dict[str, int] = {}
        # Calls answered with 429 (they are in `calls` too, but calls_to() leaves them out).
        self.refused: list[Call] = []
        # What apps.connections.open hands out: the WebSocket URL of a fake Socket Mode server.
        self.socket_mode_url = "ws://127.0.0.1:9/link"
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                body = _parse(raw, self.headers.get("Content-Type", ""))
                path = urlparse(self.path).path
                method = path.rsplit("/", 1)[-1] if path.startswith("/api/") else path
                call = Call(method, path, body, self.headers.get("Authorization"), dict(self.headers.items()))
                limited = fake._rate_limited(call)
                reply = {"ok": False, "error": "ratelimited"} if limited else fake._reply(call)
                call.reply = reply
                data = json.dumps(reply).encode()
                self.send_response(429 if limited else 200)
                if limited:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.base_url}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlackApi:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def response_url(self, name: str = "cmd") -> str:
        """A response_url for slash commands and button clicks that lands in `calls` as path /respond/<name>."""
        return f"{self.base_url}/respond/{name}"

    def fail(self, method: str, error: str) -> None:
        """Make every later call of a Web API method answer {"ok": false, "error": error}."""
        self.failures[method] = error

    def rate_limit(self, method: str, times: int = 1) -> None:
        """Answer the next `times` calls of a method as Slack does over its rate limit: 429, Retry-After: 1."""
        with self._lock:
            self._limited[method] = times

    def _rate_limited(self, call: Call) -> bool:
        with self._lock:
            left = self._limited.get(call.method, 0)
            if left <= 0:
                return False
            self._limited[call.method] = left - 1
            self.calls.append(call)
            self.refused.append(call)
            return True

    def _reply(self, call: Call) -> dict[str, Any]:
        with self._lock:
            self.calls.append(call)
            ts = f"{int(time.time())}.{next(self._ts):06d}"
        if call.method in self.failures:
            return {"ok": False, "error": self.failures[call.method]}
        body = call.body
        if call.method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "actieplan",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
                "is_enterprise_install": False,
            }
        if call.method == "chat.postMessage":
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "ts": ts,
                "text": body.get("text"),
                "blocks": body.get("blocks"),
            }
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if call.method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts"), "text": body.get("text")}
        if call.method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if call.method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode_url}
        if call.method == "conversations.replies":
            return {"ok": True, "messages": [], "has_more": False}
        if call.method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": f"V{next(self._ts):06d}", **(body.get("view") or {})}}
        return {"ok": True}

    # -- reading what was recorded ------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls of one method (e.g. "chat.postMessage" or "/respond/cmd")."""
        with self._lock:
            return [c for c in self.calls if c.method == method and not any(c is r for r in self.refused)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Poll until `count` calls of the method arrived (lazy listeners run in threads); fail on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            calls = self.calls_to(method)
            if len(calls) >= count:
                return calls
            time.sleep(0.02)
        raise AssertionError(
            f"{method}: {len(self.calls_to(method))} calls after {timeout}s, wanted {count}; "
            f"recorded: {[c.method for c in self.calls]}"
        )

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> None:
        """Wait until no call arrived for `quiet` seconds: after it, no late duplicate is on its way."""
        deadline = time.monotonic() + timeout
        seen, since = len(self.calls), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            if len(self.calls) != seen:
                seen, since = len(self.calls), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return


def _parse(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {"_": parsed}
    body: dict[str, Any] = dict(parse_qsl(raw, keep_blank_values=True))
    for key in ("blocks", "attachments", "prompts", "metadata"):
        if isinstance(body.get(key), str):
            with contextlib.suppress(ValueError):
                body[key] = json.loads(body[key])
    return body


# -- Slack's side of the service: signed events, commands and clicks ---------------------------------


class Slack:
    """A workspace talking to our service through an HTTP client (TestClient or httpx): signs and posts.

    `idle` (the bolt app's ListenerPool.wait_idle, when the app runs in this process) waits until every
    listener a request started has finished: the signal to assert on, instead of waiting for silence.
    """

    def __init__(
        self, client: Any, fake: FakeSlackApi, signing_secret: str, idle: Callable[[float], bool] | None = None
    ) -> None:
        self.client = client
        self.fake = fake
        self.signing_secret = signing_secret
        self._idle = idle
        self._event_ids = iter(range(1, 10_000))

    def idle(self, timeout: float = 30.0) -> None:
        """Wait until the bot finished all work the requests so far started (fails after `timeout`)."""
        assert self._idle is not None, "the bot runs in another process: wait for a call instead"
        assert self._idle(timeout), f"the bot was still busy after {timeout} s"

    def post(self, body: str | bytes, content_type: str, **headers: Any) -> Any:
        """POST a body to /slack/events, signed; `secret=` or `timestamp=` forge a bad or stale signature."""
        timestamp = headers.pop("timestamp", None)
        secret = headers.pop("secret", self.signing_secret)
        signed = signed_headers(secret, body, timestamp, **headers)
        return self.client.post("/slack/events", content=body, headers={"Content-Type": content_type, **signed})

    def event(self, event: dict[str, Any], event_id: str | None = None, **headers: Any) -> Any:
        """Deliver an Events API event_callback."""
        payload = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._event_ids):04d}",
            "event_time": int(time.time()),
            "event": {"event_ts": event.get("ts", TS), **event},
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        return self.post(json.dumps(payload), "application/json", **headers)

    def command(self, text: str, user: str = "U0001", channel: str = "C0001", response_url: str | None = None) -> Any:
        """Invoke /actieplan; the reply goes to the fake's response_url /respond/cmd (or `response_url`)."""
        form = {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "user_id": user,
            "command": "/actieplan",
            "text": text,
            "response_url": response_url or self.fake.response_url("cmd"),
            "trigger_id": "1.2.3",
        }
        return self.post(urlencode(form), "application/x-www-form-urlencoded")

    def click(
        self,
        action_id: str,
        value: str,
        message: dict[str, Any] | None,
        user: str = "U0002",
        with_response_url: bool = True,
        channel: str = "C0001",
    ) -> Any:
        """Click a button (block_actions); `message=None` clicks a private (ephemeral) reply, which Slack
        sends without the message. Replies to the response_url go to /respond/click."""
        container: dict[str, Any] = {"type": "message", "channel_id": channel}
        if message is None:
            container.update(message_ts=TS, is_ephemeral=True)
        else:
            container["message_ts"] = message["ts"]
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user},
            "api_app_id": "A0001",
            "channel": {"id": channel},
            "container": container,
            "trigger_id": "1.2.4",
            "actions": [{"type": "button", "action_id": action_id, "block_id": "answer_actions", "value": value}],
        }
        if message is not None:
            payload["message"] = message
        if with_response_url:
            payload["response_url"] = self.fake.response_url("click")
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def submit(self, view: dict[str, Any], values: dict[str, Any], user: str = "U0002") -> Any:
        """Submit a modal (view_submission) with the given state values."""
        payload = {
            "type": "view_submission",
            "team": {"id": TEAM_ID},
            "user": {"id": user},
            "api_app_id": "A0001",
            "view": {**view, "id": "V0001", "state": {"values": values}},
        }
        return self.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def posted(call: Call, ts: str = "1700000000.000999") -> dict[str, Any]:
    """The message a chat.postMessage call created, as Slack includes it in a click on one of its buttons."""
    message = {"type": "message", "ts": ts, "text": call.body["text"], "blocks": call.body["blocks"]}
    if call.body.get("thread_ts"):
        message["thread_ts"] = call.body["thread_ts"]
    return message


def mention(text: str = "<@UBOT> Welke acties betrekken VMM?", **extra: Any) -> dict[str, Any]:
    """An app_mention event in channel C0001."""
    return {"type": "app_mention", "user": "U0001", "text": text, "ts": TS, "channel": "C0001", **extra}


def message(text: str, **extra: Any) -> dict[str, Any]:
    """A message event, by default a top-level post in channel C0001."""
    return {
        "type": "message",
        "user": "U0001",
        "text": text,
        "ts": TS,
        "channel": "C0001",
        "channel_type": "channel",
        **extra,
    }


def all_text(call: Call) -> str:
    """Everything a user can read in a posted message: the fallback text and every block."""
    return str(call.body.get("text", "")) + json.dumps(call.body.get("blocks") or [], ensure_ascii=False)


def button_value(call: Call, action_id: str) -> str:
    """The value (the answer's message id) of a button in a posted message."""
    return str(button(call, action_id)["value"])


def button(call: Call, action_id: str) -> dict[str, Any]:
    """A button of a posted message, by its action id."""
    for block in call.body["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no {action_id} button in {call.body['blocks']}")
