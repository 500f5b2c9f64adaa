"""Clicks on 👍/👎: stored in the same FeedbackStore as the web chat, then thanked in the message."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.web import WebClient

from assistant.stores.feedback import FeedbackStore, Rating
from foundation.errors import AssistantError
from integrations.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, GENERIC_ERROR, escape, thanked_blocks
from integrations.slack.replies import FEEDBACK_CHANNEL

logger = logging.getLogger(__name__)

RATINGS: dict[str, Rating] = {FEEDBACK_UP: "up", FEEDBACK_DOWN: "down"}


def record_click(feedback: FeedbackStore, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
    """Store the rating of a feedback button click and replace the buttons by a thank-you note."""
    action = (body.get("actions") or [{}])[0]
    rating = RATINGS.get(action.get("action_id", ""))
    message_id = action.get("value")
    user_id = (body.get("user") or {}).get("id")
    if rating is None or not message_id:
        return
    try:
        feedback.add_feedback(message_id, rating, channel=FEEDBACK_CHANNEL, user_ref=user_id)
    except AssistantError as error:
        # FeedbackNotFound: an answer from before the store was reset; tell only the clicker.
        logger.warning("Slack-feedback niet bewaard: %s (message_id=%s)", type(error).__name__, message_id)
        _tell_clicker(respond, error.user_message)
        return
    except Exception:
        logger.exception("Slack-feedback niet bewaard (message_id=%s)", message_id)
        _tell_clicker(respond, GENERIC_ERROR)
        return
    _thank(body, client, respond, rating, user_id)


def _thank(
    body: dict[str, Any], client: WebClient, respond: Callable[..., Any], rating: Rating, user_id: str | None
) -> None:
    message = body.get("message") or {}
    blocks = message.get("blocks")
    if not blocks:
        _tell_clicker(respond, "Bedankt voor je feedback.")
        return
    new_blocks = thanked_blocks(blocks, rating, user_id)
    text = message.get("text") or "Bedankt voor je feedback."
    try:
        if body.get("response_url"):
            # The response_url can replace any message with buttons, also slash-command replies
            # in channels the bot has not joined (where chat.update would fail).
            respond(text=text, blocks=new_blocks, replace_original=True)
        else:
            channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
            if channel and message.get("ts"):
                client.chat_update(channel=channel, ts=message["ts"], text=text, blocks=new_blocks)
    except Exception:
        # The rating is stored; a message that keeps its buttons is only cosmetic.
        logger.exception("Bedankje voor feedback niet getoond (message ts=%s)", message.get("ts"))


def _tell_clicker(respond: Callable[..., Any], text: str) -> None:
    try:
        respond(text=escape(text), response_type="ephemeral", replace_original=False)
    except Exception:
        logger.exception("Melding aan de gebruiker via response_url mislukt")
