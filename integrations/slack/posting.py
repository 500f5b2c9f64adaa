"""Posting to Slack without ever failing silently: a message Slack refuses is replaced by a short text, and the
asker is told privately; only where the bot cannot post at all does the failure stay in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from integrations.slack.blocks import SlackMessage

logger = logging.getLogger(__name__)

# Errors that mean nothing can be posted here (not what was posted): a shorter message would fail the same way.
CANNOT_POST = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "restricted_action",
        "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel",
        "restricted_action_non_threadable_channel",
        "no_permission",
        "not_authed",
        "invalid_auth",
        "account_inactive",
        "token_revoked",
        "missing_scope",
        "ekm_access_denied",
        "team_access_not_granted",
    }
)
METADATA_ERRORS = frozenset({"invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large"})


@dataclass(frozen=True)
class Posted:
    """What came of a post: its ts, or the error Slack (or the network) gave."""

    ts: str | None = None
    error: str | None = None


def describe(where: dict[str, Any]) -> str:
    """Only ids and timestamps go into logs: never tokens, and no message text."""
    return ", ".join(f"{key}={value}" for key, value in where.items() if value is not None)


def post(
    client: WebClient,
    channel: str,
    thread_ts: str | None,
    message: SlackMessage,
    where: dict[str, Any],
    metadata: dict[str, Any] | None = None,
) -> Posted:
    """chat.postMessage, logging (never raising) when Slack refuses it."""
    try:
        response = client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks or None,
            metadata=metadata,
            # Source links point at our own web app; previews of it would only add noise.
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        code = str(error.response.get("error") or "unknown")
        logger.error("chat.postMessage mislukt: %s (%s)", code, describe(where))
        return Posted(error=code)
    except Exception:
        logger.exception("chat.postMessage mislukt (%s)", describe(where))
        return Posted(error="unreachable")
    return Posted(ts=str(response.get("ts") or "") or None)


def post_message(
    client: WebClient, channel: str, thread_ts: str | None, message: SlackMessage, where: dict[str, Any]
) -> str | None:
    """chat.postMessage of a message without metadata; the ts of the posted message, or None (logged)."""
    return post(client, channel, thread_ts, message, where).ts


def update(
    client: WebClient,
    channel: str,
    ts: str,
    message: SlackMessage,
    where: dict[str, Any],
    metadata: dict[str, Any] | None = None,
) -> str | None:
    """chat.update of one of the bot's messages, in place (its metadata kept); None when done, else the error."""
    try:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks, metadata=metadata)
    except SlackApiError as error:
        code = str(error.response.get("error") or "unknown")
        logger.error("chat.update mislukt: %s (%s)", code, describe(where))
        return code
    except Exception:
        logger.exception("chat.update mislukt (%s)", describe(where))
        return "unreachable"
    return None


def tell_privately(
    client: WebClient, channel: str, user: str, message: SlackMessage, thread_ts: str | None, where: dict[str, Any]
) -> bool:
    """chat.postEphemeral: a message only `user` sees, in the channel (and thread); False (logged) on failure."""
    try:
        client.chat_postEphemeral(
            channel=channel, user=user, thread_ts=thread_ts, text=message.text, blocks=message.blocks or None
        )
    except SlackApiError as error:
        logger.warning("chat.postEphemeral mislukt: %s (%s)", error.response.get("error"), describe(where))
        return False
    except Exception:
        logger.warning("chat.postEphemeral mislukt (%s)", describe(where), exc_info=True)
        return False
    return True


def post_or_fall_back(
    client: WebClient,
    channel: str,
    thread_ts: str | None,
    message: SlackMessage,
    where: dict[str, Any],
    *,
    metadata: dict[str, Any] | None = None,
    fallback: str | None = None,
    asker: str | None = None,
    note: Callable[[str], str] | None = None,
) -> Posted:
    """Post a message; when Slack refuses it (too long, invalid blocks, …), post `fallback` as plain text instead
    and, in a channel, tell `asker` privately `note(error)` (both mrkdwn). Never raises; failures are logged."""
    posted = post(client, channel, thread_ts, message, where, metadata)
    if posted.ts or posted.error in CANNOT_POST:
        return posted
    if metadata and posted.error in METADATA_ERRORS:
        # Only the metadata was refused: the answer itself can still be shown whole (follow-ups then rely on the
        # conversation store alone).
        retried = post(client, channel, thread_ts, message, {**where, "without": "metadata"})
        if retried.ts:
            return retried
    short = SlackMessage(text=fallback or message.text)
    kept = None if posted.error in METADATA_ERRORS else metadata
    retried = post(client, channel, thread_ts, short, {**where, "fallback": posted.error}, kept)
    if asker and note and not channel.startswith("D"):
        tell_privately(client, channel, asker, SlackMessage(text=note(str(posted.error))), thread_ts, where)
    return retried if retried.ts else posted
