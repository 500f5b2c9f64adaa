"""A fake Slack on 127.0.0.1: a Web API that records every call, and Slack's request signing (v0).

It keeps the messages of each channel as Slack does: what the bot posts (with its metadata), what people wrote (every
message event a test delivers), and edits (chat.update); conversations.replies reads a thread back. It refuses
what Slack refuses: too many blocks, a section over 3,000 characters, a message's text over about 12,000.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.support.block_kit import block_kit_error

BOT_USER_ID = "UBOT"
TS = "1700000000.000100"
BOT_ID = "BBOT"
TEAM_ID = "T0001"
# What the methods that post or change a message answer for content Slack refuses.
POSTING = ("chat.postMessage", "chat.update", "chat.postEphemeral")


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
        # channel -> ts -> message: what a workspace holds, for conversations.replies and chat.update.
        self.messages: dict[str, dict[str, dict[str, Any]]] = {}
        # refuse_blocks(): the error every post with blocks gets, as when Slack refuses their content.
        self.blocks_error: str | None = None
        # refuse_metadata(): the error every post with metadata gets.
        self.metadata_error: str | None = None
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._latest = Decimal(TS)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                body = _parse(raw, self.headers.get("Content-Type", ""))
                # GET methods (conversations.replies) carry their arguments in the query string.
                body.update(parse_qsl(urlparse(self.path).query, keep_blank_values=True))
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

    def refuse_blocks(self, error: str = "invalid_blocks") -> None:
        """Refuse every later post or edit that has blocks, as Slack does blocks it cannot take; text-only passes."""
        self.blocks_error = error

    def refuse_metadata(self, error: str = "invalid_metadata_format") -> None:
        """Refuse every later post that carries message metadata."""
        self.metadata_error = error

    def remember(self, channel: str, message: dict[str, Any]) -> None:
        """Keep a message someone wrote (as Slack stores it), for conversations.replies; the same ts once."""
        with self._lock:
            self.messages.setdefault(channel, {}).setdefault(str(message["ts"]), copy.deepcopy(message))
            self._latest = max(self._latest, Decimal(str(message["ts"])))

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """The root and replies of a thread as the workspace holds them now, oldest first."""
        with self._lock:
            held = self.messages.get(channel, {})
            found = [m for ts, m in held.items() if ts == thread_ts or m.get("thread_ts") == thread_ts]
            return [copy.deepcopy(m) for m in sorted(found, key=lambda m: Decimal(str(m["ts"])))]

    def _next_ts(self) -> str:
        # Later than every message so far, as Slack's own timestamps are.
        self._latest += Decimal("0.000001")
        next(self._ts)
        return f"{self._latest:.6f}"

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
            ts = self._next_ts()
        if call.method in self.failures:
            return {"ok": False, "error": self.failures[call.method]}
        body = call.body
        if call.method in POSTING and (refused := self._refusal(body)):
            return {"ok": False, "error": refused}
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
            if body.get("thread_ts"):
                message["thread_ts"] = body["thread_ts"]
            if isinstance(body.get("metadata"), dict):
                message["metadata"] = body["metadata"]
            with self._lock:
                self.messages.setdefault(str(body.get("channel")), {})[ts] = copy.deepcopy(message)
            return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": message}
        if call.method == "chat.update":
            return self._update(body)
        if call.method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if call.method == "apps.connections.open":
            return {"ok": True, "url": self.socket_mode_url}
        if call.method == "conversations.replies":
            return self._replies(body)
        if call.method in ("views.open", "views.publish"):
            return {"ok": True, "view": {"id": f"V{next(self._ts):06d}", **(body.get("view") or {})}}
        return {"ok": True}

    def _refusal(self, body: dict[str, Any]) -> str | None:
        if self.metadata_error and body.get("metadata"):
            return self.metadata_error
        blocks = body.get("blocks")
        if not blocks:
            return None
        if self.blocks_error:
            return self.blocks_error
        return block_kit_error(blocks)

    def _update(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel")), str(body.get("ts"))
        with self._lock:
            message = self.messages.get(channel, {}).get(ts)
            if message is None:
                return {"ok": False, "error": "message_not_found"}
            if message.get("user") != BOT_USER_ID:
                return {"ok": False, "error": "cant_update_message"}
            message.update(text=body.get("text"), blocks=body.get("blocks"), edited={"user": BOT_USER_ID})
            if isinstance(body.get("metadata"), dict):
                message["metadata"] = body["metadata"]
            return {"ok": True, "channel": channel, "ts": ts, "text": body.get("text")}

    def _replies(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel")), str(body.get("ts"))
        thread = self.thread(channel, ts)
        if not thread:
            return {"ok": False, "error": "thread_not_found"}
        if str(body.get("include_all_metadata")).lower() not in ("1", "true"):
            for message in thread:
                message.pop("metadata", None)
        start = int(body.get("cursor") or 0)
        limit = int(body.get("limit") or 1000)
        page = thread[start : start + limit]
        more = start + limit < len(thread)
        reply: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
        reply["response_metadata"] = {"next_cursor": str(start + limit) if more else ""}
        return reply

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
