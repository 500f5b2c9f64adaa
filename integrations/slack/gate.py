"""Which Slack events deserve an answer: drops duplicates, retries, bot chatter and double deliveries."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from assistant.question.addressing import is_question_for_bot
from integrations.slack.dedupe import KeySet, TtlSet
from integrations.slack.questions import mentions_user, plain_question, thread_of

logger = logging.getLogger(__name__)

# Slack retries after 0 s, 1 min and 5 min; remember events a while longer than that.
DEDUPE_TTL_S = 15 * 60
# Plain messages and replies also sent to the channel; edits, joins and deletions are not questions.
ANSWERABLE_SUBTYPES = {None, "thread_broadcast"}
# Direct messages and group DMs (mpim): every message there may be for the bot, mentioned or not.
DIRECT_CHANNEL_TYPES = frozenset({"im", "mpim"})
# How long a thread the bot answered in stays open for follow-ups without a tag: as long as staff come back to a
# thread, not an hour (the answers themselves are read back from the thread).
THREAD_MEMORY_S = 400 * 24 * 3600


def is_from_bot(event: dict[str, Any], bot_user_id: str | None, bot_id: str | None) -> bool:
    """True for messages written by any bot, including this one: a bot never answers bots."""
    return bool(
        event.get("bot_id")
        or event.get("subtype") == "bot_message"
        or event.get("bot_profile")
        or (bot_user_id and event.get("user") == bot_user_id)
        or (bot_id and event.get("bot_id") == bot_id)
    )


class EventGate(Middleware):
    """Global middleware: acknowledges (without answering) every event that must not be answered."""

    def __init__(self, threads: KeySet, seen: KeySet | None = None) -> None:
        # `threads`: (channel, thread_ts) of threads where the bot was mentioned, for follow-ups.
        self.threads = threads
        # Not `seen or …`: an empty set is falsy, and a shared one must not be swapped for a private one.
        self.seen = seen if seen is not None else TtlSet(DEDUPE_TTL_S)

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        """Let answerable events through to the listeners; ack the rest with 200 so Slack does not retry."""
        body = req.body
        event = body.get("event") if body.get("type") == "event_callback" else None
        if not isinstance(event, dict):
            return next()
        reason = self.drop_reason(body, event, req.context.bot_user_id, req.context.bot_id)
        if reason is not None:
            logger.debug(
                "Slack-event genegeerd (%s): type=%s channel=%s ts=%s retry=%s",
                reason,
                event.get("type"),
                event.get("channel"),
                event.get("ts"),
                _first(req.headers.get("x-slack-retry-num")),
            )
            return BoltResponse(status=200, body="")
        return next()

    def drop_reason(
        self, body: dict[str, Any], event: dict[str, Any], bot_user_id: str | None, bot_id: str | None
    ) -> str | None:
        """Why this event gets no answer ("bot", "duplicate", …), or None when it should be answered."""
        kind = event.get("type")
        if kind == "app_mention":
            if is_from_bot(event, bot_user_id, bot_id):
                return "bot"
            if not self._claim(body, event):
                return "duplicate"
            # Later messages in this thread are follow-ups to this mention.
            self.threads.add((event.get("channel"), thread_of(event)))
            return None
        if kind == "message":
            return self._message_drop_reason(body, event, bot_user_id, bot_id)
        # Other events (assistant threads): only retries are duplicates.
        event_id = body.get("event_id")
        return None if not event_id or self.seen.claim([("event", str(event_id))]) else "duplicate"

    def _message_drop_reason(
        self, body: dict[str, Any], event: dict[str, Any], bot_user_id: str | None, bot_id: str | None
    ) -> str | None:
        if event.get("subtype") not in ANSWERABLE_SUBTYPES:
            return "subtype"
        if is_from_bot(event, bot_user_id, bot_id):
            return "bot"
        channel_type = event.get("channel_type")
        if channel_type != "im" and mentions_user(event.get("text"), bot_user_id):
            # The same post also arrives as app_mention (also in a group DM), which answers it in a thread.
            return "mention"
        if channel_type not in DIRECT_CHANNEL_TYPES:
            thread_ts = event.get("thread_ts")
            if not thread_ts or thread_ts == event.get("ts") or (event.get("channel"), thread_ts) not in self.threads:
                return "not for the bot"
            if not is_question_for_bot(plain_question(event.get("text"), bot_user_id)):
                # Thanks, a remark, a question to a colleague: heard, but not for the bot.
                return "not a question"
            if not self._claim(body, event):
                return "duplicate"
            # Keep the thread open as long as the conversation goes on.
            self.threads.add((event.get("channel"), thread_ts))
            return None
        if channel_type == "mpim" and not is_question_for_bot(plain_question(event.get("text"), bot_user_id)):
            # A group DM is a conversation between people too: only questions get an answer.
            return "not a question"
        return None if self._claim(body, event) else "duplicate"

    def _claim(self, body: dict[str, Any], event: dict[str, Any]) -> bool:
        # A retry repeats the event_id; a tagged post comes as two events sharing channel and ts.
        keys: list[tuple[str, ...]] = []
        if body.get("event_id"):
            keys.append(("event", str(body["event_id"])))
        if event.get("channel") and event.get("ts"):
            keys.append(("message", str(event["channel"]), str(event["ts"])))
        return self.seen.claim(keys)


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list | tuple) and value else value
