"""Clicks on 👍/👎: one vote per person in the shared FeedbackStore, a private thank-you, and a 👎 form."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.web import WebClient

from assistant.stores.feedback import FeedbackStore, Rating
from foundation.errors import AssistantError
from integrations.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, GENERIC_ERROR, context, section
from integrations.slack.mrkdwn import escape
from integrations.slack.replies import FEEDBACK_CHANNEL

logger = logging.getLogger(__name__)

RATINGS: dict[str, Rating] = {FEEDBACK_UP: "up", FEEDBACK_DOWN: "down"}
FEEDBACK_FORM = "feedback_form"
COMMENT_BLOCK = "comment"
COMMENT_INPUT = "comment"
MAX_COMMENT_CHARS = 2000
THANKS_UP = "👍 Bedankt voor je feedback! Je stem: goed antwoord. Anders bedacht? Klik 👎."
THANKS_DOWN = "👎 Bedankt voor je feedback; je stem is bewaard: slecht antwoord. Anders bedacht? Klik 👍."
# A 👍 after a 👎 with a comment keeps the comment: it goes with the feedback export, unless the person clears it.
THANKS_UP_KEPT = (
    "👍 Bedankt voor je feedback! Je stem: goed antwoord. Je opmerking „{comment}” blijft bewaard bij de feedback. "
    "Anders bedacht, of de opmerking aanpassen of wissen? Klik 👎."
)


def clicked(body: dict[str, Any]) -> tuple[str, str, str | None] | None:
    """(action_id, value, user id) of a button click, or None for a payload that is not one."""
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], dict) else None
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else None
    if action is None or not isinstance(action.get("action_id"), str) or not isinstance(action.get("value"), str):
        return None
    return action["action_id"], action["value"], user_id if isinstance(user_id, str) else None


def tell_clicker(body: dict[str, Any], client: WebClient, respond: Callable[..., Any], text: str) -> None:
    """A message only the clicker sees: through the response_url, or chat.postEphemeral without one."""
    try:
        if body.get("response_url"):
            respond(text=escape(text), response_type="ephemeral", replace_original=False)
            return
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        if channel and user:
            client.chat_postEphemeral(channel=channel, user=user, text=escape(text))
    except Exception:
        logger.exception("Melding aan de gebruiker mislukt")


def record_click(feedback: FeedbackStore, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
    """Store the clicker's vote (a new click changes it), thank them privately; 👎 also opens the form."""
    click = clicked(body)
    rating = RATINGS.get(click[0]) if click else None
    if click is None or rating is None or not click[1] or not click[2]:
        # Only a forged or broken payload gets here: Slack itself always sends these fields.
        logger.info("Onleesbare feedbackklik genegeerd")
        return
    _, message_id, user_id = click
    try:
        feedback_id = feedback.vote(message_id, rating, FEEDBACK_CHANNEL, str(user_id))
    except AssistantError as error:
        # FeedbackNotFound: an answer from before the store was reset; tell only the clicker.
        logger.warning("Slack-feedback niet bewaard: %s (message_id=%s)", type(error).__name__, message_id)
        tell_clicker(body, client, respond, error.user_message)
        return
    except Exception:
        logger.exception("Slack-feedback niet bewaard (message_id=%s)", message_id)
        tell_clicker(body, client, respond, GENERIC_ERROR)
        return
    comment = _comment_of(feedback, feedback_id)
    if rating == "down" and _open_form(client, body, feedback_id, comment):
        return
    # The buttons stay for everyone else; only the clicker is thanked, and told what their vote is now.
    kept = THANKS_UP_KEPT.format(comment=comment[:200]) if comment else THANKS_UP
    tell_clicker(body, client, respond, THANKS_DOWN if rating == "down" else kept)


def _comment_of(feedback: FeedbackStore, feedback_id: int) -> str | None:
    try:
        vote = feedback.vote_of(feedback_id)
    except Exception:
        logger.warning("Stem niet gelezen (feedback_id=%s)", feedback_id, exc_info=True)
        return None
    return vote[1] if vote else None


def feedback_form(feedback_id: int, comment: str | None = None) -> dict[str, Any]:
    """The 👎 modal: what was wrong, optional, showing what the person wrote before; its submission is stored with
    the vote, and an emptied field clears the earlier comment."""
    field: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": COMMENT_INPUT,
        "multiline": True,
        "max_length": MAX_COMMENT_CHARS,
        "placeholder": {"type": "plain_text", "text": "bv. er ontbreekt een actie, of het gaat over iets anders"},
    }
    if comment:
        field["initial_value"] = comment[:MAX_COMMENT_CHARS]
    intro = (
        "👎 Je stem is bewaard: slecht antwoord. Wil je zeggen wat er mis was? "
        "Dat helpt ons het antwoord te verbeteren."
    )
    blocks: list[dict[str, Any]] = [section(escape(intro))]
    blocks.append(
        {
            "type": "input",
            "block_id": COMMENT_BLOCK,
            "optional": True,
            "label": {"type": "plain_text", "text": "Wat was er mis met het antwoord? (optioneel)"},
            "element": field,
        }
    )
    if comment:
        blocks.append(
            context("Je eerdere opmerking staat al in het veld: pas ze aan, of maak het veld leeg om ze te wissen.")
        )
    return {
        "type": "modal",
        "callback_id": FEEDBACK_FORM,
        "private_metadata": json.dumps({"feedback_id": feedback_id, "had_comment": bool(comment)}),
        "title": {"type": "plain_text", "text": "Wat was er mis?"},
        "submit": {"type": "plain_text", "text": "Versturen"},
        "close": {"type": "plain_text", "text": "Overslaan"},
        "blocks": blocks,
    }


def _open_form(client: WebClient, body: dict[str, Any], feedback_id: int, comment: str | None) -> bool:
    trigger_id = body.get("trigger_id")
    if not isinstance(trigger_id, str):
        return False
    try:
        client.views_open(trigger_id=trigger_id, view=feedback_form(feedback_id, comment))
    except Exception:
        # The trigger lives 3 s; the vote is stored anyway, so fall back to a plain thank-you.
        logger.warning("Feedbackformulier niet geopend (feedback_id=%s)", feedback_id, exc_info=True)
        return False
    return True


def store_comment(feedback: FeedbackStore, body: dict[str, Any]) -> None:
    """Save the text of a submitted 👎 form with the vote it belongs to. Left empty, it changes nothing; emptied
    (the field showed an earlier comment), it clears that comment: a deliberate act, never a side effect."""
    view = body.get("view")
    try:
        if not isinstance(view, dict):
            raise TypeError("geen view")
        metadata = json.loads(view.get("private_metadata") or "{}")
        feedback_id = int(metadata["feedback_id"])
        value = view["state"]["values"][COMMENT_BLOCK][COMMENT_INPUT].get("value")
    except (ValueError, KeyError, TypeError, AttributeError):
        logger.info("Onleesbaar feedbackformulier genegeerd")
        return
    comment = (value or "").strip()[:MAX_COMMENT_CHARS] if isinstance(value, str | None) else ""
    if not comment and not metadata.get("had_comment"):
        return
    try:
        feedback.add_comment(feedback_id, comment or None)
    except Exception:
        logger.exception("Opmerking bij feedback niet bewaard (feedback_id=%s)", feedback_id)
