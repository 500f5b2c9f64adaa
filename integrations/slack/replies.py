"""Ask the shared answerer, keep the answer for feedback, and post the reply (or a Dutch error) to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.errors import AssistantError
from integrations.slack.blocks import GENERIC_ERROR, HELP_TEXT, SlackMessage, answer_message, notice_message

logger = logging.getLogger(__name__)

FEEDBACK_CHANNEL = "slack"


class Replier:
    """Turns a question into a Slack reply; one per bolt app, shared by every entry point."""

    def __init__(self, answerer: Answerer, feedback: FeedbackStore | None, public_url: str | None) -> None:
        self.answerer = answerer
        self.feedback = feedback
        self.public_url = public_url

    def reply_to(
        self, question: str, conversation_id: str | None, where: dict[str, Any], *, echo_question: bool = False
    ) -> SlackMessage:
        """The reply to a question: the answer with sources and buttons, or the Dutch message of the error."""
        if not question.strip():
            # A bare mention ("@actieplan") is a request for help, not an invalid question.
            return notice_message(HELP_TEXT)
        try:
            answer = self.answerer.answer(question, conversation_id)
        except AssistantError as error:
            # Expected failures (store down, index not ready): the user sees the error's own Dutch message.
            logger.warning(
                "Slack-vraag niet beantwoord: %s: %s (%s)", type(error).__name__, error.detail, _describe(where)
            )
            return notice_message(error.user_message)
        except Exception:
            logger.exception("Slack-vraag gaf een onverwachte fout (%s)", _describe(where))
            return notice_message(GENERIC_ERROR)
        if self.feedback is not None and answer.message_id:
            try:
                self.feedback.record_answer(answer, question, FEEDBACK_CHANNEL)
            except Exception:
                # The answer is still worth posting; only its feedback buttons will not find it.
                logger.exception("Antwoord niet bewaard in de feedbackstore (%s)", _describe(where))
        return answer_message(
            answer,
            self.public_url,
            with_feedback=self.feedback is not None,
            question=question if echo_question else None,
        )

    def answer_in_thread(
        self, client: WebClient, channel: str, thread_ts: str | None, question: str, conversation_id: str | None
    ) -> None:
        """Answer a question with chat.postMessage in the channel (and thread, when given)."""
        where = {"channel": channel, "thread_ts": thread_ts, "conversation_id": conversation_id}
        message = self.reply_to(question, conversation_id, where)
        post_message(client, channel, thread_ts, message, where)

    def answer_with_respond(self, respond: Callable[..., Any], question: str, where: dict[str, Any]) -> None:
        """Answer a slash command through its response_url, visible to the channel."""
        message = self.reply_to(question, None, where, echo_question=True)
        try:
            respond(text=message.text, blocks=message.blocks, response_type="in_channel", replace_original=False)
        except Exception:
            logger.exception("Antwoord via response_url mislukt (%s)", _describe(where))


def post_message(
    client: WebClient, channel: str, thread_ts: str | None, message: SlackMessage, where: dict[str, Any]
) -> None:
    """chat.postMessage, logging (never raising) when Slack refuses it."""
    try:
        client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            # Source links point at our own web chat; previews of it would only add noise.
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        logger.error("chat.postMessage mislukt: %s (%s)", error.response.get("error"), _describe(where))
    except Exception:
        logger.exception("chat.postMessage mislukt (%s)", _describe(where))


def _describe(where: dict[str, Any]) -> str:
    # Only ids and timestamps go into logs: never tokens, and no message text beyond the question's length.
    return ", ".join(f"{key}={value}" for key, value in where.items() if value is not None)
