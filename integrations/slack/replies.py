"""Ask the shared answerer, keep the answer for feedback, and post the reply (or a Dutch error) to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web import WebClient

from assistant.answer_models import Answer
from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.errors import AssistantError
from ingest.records import PlanDocument
from integrations.slack.blocks import (
    GENERIC_ERROR,
    HELP_TEXT,
    ReplyOptions,
    SlackMessage,
    answer_message,
    notice_message,
)
from integrations.slack.links import LinkPolicy

logger = logging.getLogger(__name__)

FEEDBACK_CHANNEL = "slack"
HELP_WORDS = {"", "help", "hulp", "?"}
# Shown on the user's message while the answer is being made, outside the assistant panel (which has a status).
WORKING_REACTION = "eyes"


class Replier:
    """Turns a question into a Slack reply; one per bolt app, shared by every entry point."""

    def __init__(
        self,
        answerer: Answerer,
        feedback: FeedbackStore | None,
        public_url: str | None,
        today: Callable[[], date],
    ) -> None:
        self.answerer = answerer
        self.feedback = feedback
        self.public_url = public_url
        # The service's one "today" (Settings.current_date): read per question, as a bot runs for days.
        self.today = today

    def policy(self) -> LinkPolicy:
        """Which links a reply may carry: the web app's pages, and the pages the live plan itself links to."""
        try:
            links = tuple(self.answerer.live.current().document.links)
        except Exception:
            # Without the plan's links only our own pages stay live: stricter, never looser.
            links = ()
        return LinkPolicy(self.public_url, links)

    def plan(self) -> PlanDocument | None:
        """The live plan (for the Home tab's name and counts); None while it cannot be loaded."""
        try:
            return self.answerer.live.current().document
        except Exception:
            return None

    def ask(self, question: str, conversation_id: str | None, where: dict[str, Any]) -> Answer | SlackMessage:
        """The recorded answer to a question, or the notice to show instead (help, or the Dutch error)."""
        if question.strip().lower() in HELP_WORDS:
            # A bare mention ("@actieplan") or "help" is a request for help, not a question for the plan.
            return notice_message(HELP_TEXT)
        try:
            answer = self.answerer.answer(question, conversation_id, today=self.today())
        except AssistantError as error:
            # Expected failures (store down, index not ready): the user sees the error's own Dutch message.
            logger.warning(
                "Slack-vraag niet beantwoord: %s: %s (%s)", type(error).__name__, error.detail, describe(where)
            )
            return notice_message(error.user_message)
        except Exception:
            logger.exception("Slack-vraag gaf een onverwachte fout (%s)", describe(where))
            return notice_message(GENERIC_ERROR)
        return answer

    def record(self, answer: Answer, question: str, where: dict[str, Any]) -> bool:
        """Keep the answer for 👍/👎, "Toon alles" and sharing; False (logged) when that is not possible."""
        if self.feedback is None or not answer.message_id:
            return False
        try:
            self.feedback.record_answer(answer, question, FEEDBACK_CHANNEL)
        except Exception:
            # The answer is still worth posting; only the buttons that refer to it are left out.
            logger.exception("Antwoord niet bewaard in de feedbackstore (%s)", describe(where))
            return False
        return True

    def reply_to(
        self, question: str, conversation_id: str | None, where: dict[str, Any], options: ReplyOptions | None = None
    ) -> SlackMessage:
        """The reply to a question: the answer with sources and buttons, or the Dutch message of the error."""
        options = options or ReplyOptions()
        outcome = self.ask(question, conversation_id, where)
        if isinstance(outcome, SlackMessage):
            return outcome
        recorded = self.record(outcome, question, where)
        shown = ReplyOptions(
            recorded=recorded,
            question=options.question,
            asked_by=options.asked_by,
            share=options.share and recorded,
            full=options.full,
        )
        return answer_message(outcome, self.policy(), shown)

    def continue_conversation(self, conversation_id: str, new_id: str) -> None:
        """Let conversation `new_id` (a shared answer's thread) go on from where `conversation_id` is."""
        try:
            turn = self.answerer.conversations.last(conversation_id)
            if turn is not None:
                self.answerer.conversations.save(new_id, turn)
        except Exception:
            # The thread then starts a fresh conversation: follow-ups that point back are not understood.
            logger.warning("Gesprek niet overgezet naar de thread (%s)", new_id, exc_info=True)

    def answer_in_thread(
        self,
        client: WebClient,
        channel: str,
        thread_ts: str | None,
        question: str,
        conversation_id: str | None,
        *,
        react_to: str | None = None,
        options: ReplyOptions | None = None,
    ) -> None:
        """Answer with chat.postMessage in the channel (and thread); 👀 on message `react_to` meanwhile."""
        where = {"channel": channel, "thread_ts": thread_ts, "conversation_id": conversation_id}
        reacted = react_to is not None and _react(client, True, channel, react_to)
        try:
            message = self.reply_to(question, conversation_id, where, options)
            post_message(client, channel, thread_ts, message, where)
        finally:
            if reacted and react_to is not None:
                _react(client, False, channel, react_to)

    def answer_with_respond(
        self,
        respond: Callable[..., Any],
        question: str,
        conversation_id: str | None,
        where: dict[str, Any],
        options: ReplyOptions | None = None,
    ) -> None:
        """Answer privately through a response_url (slash commands, buttons on private replies)."""
        message = self.reply_to(question, conversation_id, where, options)
        try:
            respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.exception("Antwoord via response_url mislukt (%s)", describe(where))


def post_message(
    client: WebClient, channel: str, thread_ts: str | None, message: SlackMessage, where: dict[str, Any]
) -> str | None:
    """chat.postMessage, logging (never raising) when Slack refuses it; the ts of the posted message, or None."""
    try:
        response = client.chat_postMessage(
            channel=channel,
            thread_ts=thread_ts,
            text=message.text,
            blocks=message.blocks,
            # Source links point at our own web app; previews of it would only add noise.
            unfurl_links=False,
            unfurl_media=False,
        )
    except SlackApiError as error:
        logger.error("chat.postMessage mislukt: %s (%s)", error.response.get("error"), describe(where))
        return None
    except Exception:
        logger.exception("chat.postMessage mislukt (%s)", describe(where))
        return None
    return str(response.get("ts") or "") or None


def _react(client: WebClient, add: bool, channel: str, ts: str) -> bool:
    """Add or remove the working reaction; a failure only loses the signal, never the answer."""
    method = "reactions.add" if add else "reactions.remove"
    try:
        if add:
            client.reactions_add(channel=channel, timestamp=ts, name=WORKING_REACTION)
        else:
            client.reactions_remove(channel=channel, timestamp=ts, name=WORKING_REACTION)
    except SlackApiError as error:
        logger.info("%s mislukt: %s (channel=%s ts=%s)", method, error.response.get("error"), channel, ts)
        return False
    except Exception:
        logger.warning("%s mislukt (channel=%s ts=%s)", method, channel, ts, exc_info=True)
        return False
    return True


def describe(where: dict[str, Any]) -> str:
    """Only ids and timestamps go into logs: never tokens, and no message text."""
    return ", ".join(f"{key}={value}" for key, value in where.items() if value is not None)
