"""A Slack thread as the conversation: each answer carries its turn in the message's metadata, and reading the
thread back (conversations.replies) gives the question it asks, who asked the bot what, and each asker's last
answer, for as long as Slack keeps the thread, not only as long as the conversation store remembers it."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from assistant.question.addressing import defers_to_thread, is_about_plan
from assistant.stores.conversations import Turn
from integrations.slack.questions import plain_question

logger = logging.getLogger(__name__)

# The metadata event type of the bot's answers; only the bot's own messages are read for it.
ANSWER_EVENT = "actieplan_answer"
PAGE_SIZE = 200
# A thread longer than this many messages is read up to here: the bot's answers and the question are early on.
MAX_PAGES = 5
TEXT_CHARS = 1000


def answer_metadata(asker: str | None, question: str, message_id: str | None, turn: Turn | None) -> dict[str, Any]:
    """The metadata an answer is posted with: who asked what, and the turn a follow-up resolves against.

    Slack takes strings, numbers and flat objects as values, so lists and the filters go as text.
    """
    payload: dict[str, Any] = {"asker": asker or "", "question": question[:TEXT_CHARS], "message_id": message_id or ""}
    if turn is not None:
        payload.update(
            turn_question=turn.question[:TEXT_CHARS],
            route=turn.route,
            ids=",".join(turn.result_ids),
            fields=",".join(turn.fields),
            filters=json.dumps(turn.filters, ensure_ascii=False),
            subject=turn.subject[:TEXT_CHARS],
        )
    return {"event_type": ANSWER_EVENT, "event_payload": payload}


def turn_of(payload: dict[str, Any]) -> Turn | None:
    """The turn an answer's metadata payload carries, or None when it carries none (or is unreadable)."""
    if not payload.get("route"):
        return None
    try:
        filters = json.loads(str(payload.get("filters") or "{}"))
        return Turn(
            question=str(payload.get("turn_question") or payload.get("question") or ""),
            route=str(payload["route"]),
            result_ids=[i for i in str(payload.get("ids") or "").split(",") if i],
            fields=[f for f in str(payload.get("fields") or "").split(",") if f],
            filters=filters if isinstance(filters, dict) else {},
            subject=str(payload.get("subject") or ""),
        )
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class ThreadPost:
    """A message a person wrote in the thread, as plain text (the bot's tag removed)."""

    ts: str
    user: str
    text: str


@dataclass(frozen=True)
class ThreadAnswer:
    """One of the bot's answers in the thread: to whom, to what, and the turn to resolve a follow-up against."""

    ts: str
    asker: str
    question: str
    turn: Turn | None


@dataclass
class Thread:
    """What the bot could read of a thread; `readable` False when Slack would not give it."""

    readable: bool
    posts: list[ThreadPost] = field(default_factory=list)
    answers: list[ThreadAnswer] = field(default_factory=list)

    def askers(self) -> set[str]:
        """Everyone the bot answered in this thread."""
        return {a.asker for a in self.answers if a.asker}

    def last_answer_for(self, user: str | None) -> ThreadAnswer | None:
        """The person's own last answer with a turn; without one, the thread's last (what "daarvan" points at)."""
        with_turn = [a for a in self.answers if a.turn is not None]
        own = [a for a in with_turn if user and a.asker == user]
        chosen = own or with_turn
        return chosen[-1] if chosen else None

    def answer_at(self, ts: str) -> ThreadAnswer | None:
        """The bot's answer posted as message `ts`."""
        return next((a for a in self.answers if a.ts == ts), None)

    def question_before(self, ts: str) -> str | None:
        """The question the thread asks at message `ts`: the latest earlier post that asks about the plan (ends in a
        question mark or names it), else the thread's first post; never a tag that itself only points up."""
        earlier = [p for p in self.posts if _order(p.ts) < _order(ts) and p.text and not defers_to_thread(p.text)]
        for post in reversed(earlier):
            if post.text.rstrip().endswith("?") or is_about_plan(post.text):
                return post.text
        return earlier[0].text if earlier else None


def _order(ts: str) -> Decimal:
    try:
        return Decimal(ts)
    except (InvalidOperation, TypeError):
        return Decimal(0)


def read_thread(client: WebClient, channel: str, thread_ts: str, bot_user_id: str | None, bot_id: str | None) -> Thread:
    """The thread's posts and the bot's answers; an unreadable Thread (logged, never raised) when Slack refuses."""
    messages: list[dict[str, Any]] = []
    cursor: str | None = None
    try:
        for _ in range(MAX_PAGES):
            response = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=PAGE_SIZE, cursor=cursor, include_all_metadata=True
            )
            messages += [m for m in response.get("messages") or [] if isinstance(m, dict)]
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor or not response.get("has_more"):
                break
    except SlackApiError as error:
        # not_in_channel, missing_scope (an install from before the history scopes), thread_not_found, …
        logger.info(
            "Thread niet gelezen: %s (channel=%s thread_ts=%s)", error.response.get("error"), channel, thread_ts
        )
        return Thread(readable=False)
    except Exception:
        logger.warning("Thread niet gelezen (channel=%s thread_ts=%s)", channel, thread_ts, exc_info=True)
        return Thread(readable=False)
    return _parse_thread(messages, bot_user_id, bot_id)


def _parse_thread(messages: list[dict[str, Any]], bot_user_id: str | None, bot_id: str | None) -> Thread:
    thread = Thread(readable=True)
    for message in sorted(messages, key=lambda m: _order(str(m.get("ts")))):
        ts = str(message.get("ts") or "")
        own = (bot_user_id and message.get("user") == bot_user_id) or (bot_id and message.get("bot_id") == bot_id)
        if own:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") if metadata.get("event_type") == ANSWER_EVENT else None
            if isinstance(payload, dict):
                asker, question = str(payload.get("asker") or ""), str(payload.get("question") or "")
                thread.answers.append(ThreadAnswer(ts, asker, question, turn_of(payload)))
        elif not message.get("bot_id") and message.get("subtype") in (None, "thread_broadcast"):
            text = plain_question(str(message.get("text") or ""), bot_user_id)
            thread.posts.append(ThreadPost(ts, str(message.get("user") or ""), text))
    return thread
