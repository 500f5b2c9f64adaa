"""Incoming Slack text and threads: the plain question, bot mentions, and conversation ids."""

from __future__ import annotations

import html
import re
from typing import Any

_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL_LINK = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_SPECIAL = re.compile(r"<!(?:subteam\^[A-Z0-9]+\|)?([^>|]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<((?:https?|mailto):[^>|]+)(?:\|([^>]*))?>")


def mentions_user(text: str | None, user_id: str | None) -> bool:
    """True when the Slack text tags the given user (e.g. the bot) with <@U…>."""
    if not text or not user_id:
        return False
    return any(match.group(1) == user_id for match in _USER_MENTION.finditer(text))


def plain_question(text: str | None, bot_user_id: str | None = None) -> str:
    """The question as plain text: the bot's mention removed, Slack markup and entities undone."""
    if not text:
        return ""

    def user(match: re.Match[str]) -> str:
        if bot_user_id and match.group(1) == bot_user_id:
            return ""
        return "@" + (match.group(2) or match.group(1))

    text = _USER_MENTION.sub(user, text)
    text = _CHANNEL_LINK.sub(lambda m: "#" + m.group(1), text)
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _LINK.sub(lambda m: m.group(2) or m.group(1), text)
    # Slack escapes only &, < and >; unescape after the markup is gone so "&lt;@U1&gt;" stays text.
    text = html.unescape(text)
    return re.sub(r"[ \t]+", " ", text).strip()


def thread_conversation_id(channel: str, thread_ts: str, user: str | None = None) -> str:
    """The conversation of one person in a Slack thread: their follow-ups resolve against their own answers, not
    those of someone else in the same thread."""
    return f"slack:{channel}:{thread_ts}" + (f":{user}" if user else "")


def channel_conversation_id(channel: str, user: str | None = None) -> str:
    """The conversation of a direct-message channel whose messages are not threaded; per person in a group DM."""
    return f"slack:{channel}" + (f":by:{user}" if user else "")


def thread_of(event: dict[str, Any]) -> str:
    """The thread an answer to this event belongs in: its own thread, or a new one under the message."""
    return str(event.get("thread_ts") or event["ts"])


def command_conversation_id(channel: str, user: str) -> str:
    """The conversation of one person's /actieplan questions in a channel: a next command continues it."""
    return f"slack:{channel}:cmd:{user}"


def is_unthreaded(conversation_id: str) -> bool:
    """Whether a conversation id is that of an unthreaded direct-message channel (see channel_conversation_id)."""
    return conversation_id.count(":") == 1 or ":by:" in conversation_id


def clicker_conversation(conversation_id: str, channel: str, thread_ts: str | None, clicker: str | None) -> str:
    """The conversation a click on a button under an answer continues: the clicker's own, in that thread (or group
    DM); in a one-person DM that is the answer's own conversation."""
    if thread_ts:
        return thread_conversation_id(channel, thread_ts, clicker)
    if ":by:" in conversation_id and clicker:
        return channel_conversation_id(channel, clicker)
    return conversation_id
