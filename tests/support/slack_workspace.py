"""Slack's side of the service in tests: a workspace that signs and posts events, commands and clicks to our
service, and helpers to build events and read what the bot posted."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from tests.support.fake_slack_api import BOT_USER_ID, TEAM_ID, TS, Call, FakeSlackApi, signed_headers


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
        said = event.get("type") in ("message", "app_mention") and event.get("subtype") in (None, "thread_broadcast")
        if said and event.get("channel") and event.get("ts"):
            # The workspace holds what people write; a thread read later shows it.
            kept = {k: v for k, v in event.items() if k not in ("channel", "channel_type", "event_ts")}
            self.fake.remember(str(event["channel"]), {**kept, "type": "message"})
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


def posted(call: Call, ts: str | None = None) -> dict[str, Any]:
    """The message a chat.postMessage call created, as Slack includes it in a click on one of its buttons."""
    ts = ts or str(call.reply.get("ts") or "1700000000.000999")
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
