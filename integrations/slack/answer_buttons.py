"""The buttons under an answer besides 👍/👎: "Toon alles", "Deel in kanaal" and suggested questions."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_sdk.web import WebClient

from assistant.stores.feedback import FeedbackStore
from integrations.slack.blocks import GENERIC_ERROR, ReplyOptions, answer_message
from integrations.slack.dedupe import KeySet
from integrations.slack.feedback_buttons import clicked, tell_clicker
from integrations.slack.questions import is_unthreaded, thread_conversation_id
from integrations.slack.replies import Replier, describe, post_message

logger = logging.getLogger(__name__)

GONE = "Dit antwoord is niet meer bekend; stel je vraag opnieuw."
SHARE_NOT_IN_CHANNEL = (
    "Gedeeld. Vervolgvragen in de thread kan ik pas beantwoorden als je mij uitnodigt: `/invite @actieplan`."
)


class AnswerButtons:
    """Handles clicks on an answer's buttons; the answer itself comes back from the feedback store."""

    def __init__(self, replier: Replier, feedback: FeedbackStore, threads: KeySet) -> None:
        self.replier = replier
        self.feedback = feedback
        # Threads the bot answers follow-ups in (the EventGate's set): a shared answer opens one.
        self.threads = threads

    def show_all(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        """The whole answer: in the thread under a channel message, or in place of a private reply."""
        recorded = self._recorded(body, client, respond)
        if recorded is None:
            return
        question, answer = recorded
        channel, where = _where(body)
        if _is_private(body):
            message = answer_message(
                answer, self.replier.policy(), ReplyOptions(question=question, share=True, full=True)
            )
            _respond(respond, where, text=message.text, blocks=message.blocks, replace_original=True)
            return
        posted = body.get("message") or {}
        thread_ts = posted.get("thread_ts") or posted.get("ts") or (body.get("container") or {}).get("message_ts")
        if not channel or not thread_ts:
            tell_clicker(body, client, respond, GENERIC_ERROR)
            return
        message = answer_message(answer, self.replier.policy(), ReplyOptions(full=True))
        post_message(client, channel, str(thread_ts), message, where)

    def share(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        """Post a private /actieplan answer in the channel; its thread continues the conversation."""
        recorded = self._recorded(body, client, respond)
        if recorded is None:
            return
        question, answer = recorded
        channel, where = _where(body)
        user = (body.get("user") or {}).get("id")
        message = answer_message(answer, self.replier.policy(), ReplyOptions(question=question, asked_by=user))
        ts = post_message(client, channel, None, message, where) if channel else None
        if ts and channel:
            # Follow-ups in the new thread (a mention, or any reply with the history opt-in) keep the context.
            self.threads.add((channel, ts))
            if answer.conversation_id:
                self.replier.continue_conversation(answer.conversation_id, thread_conversation_id(channel, ts))
            _respond(respond, where, delete_original=True)
            return
        # The bot is not in this channel: the response_url may still post there, without a thread to follow.
        _respond(respond, where, text=message.text, blocks=message.blocks, response_type="in_channel")
        _respond(respond, where, delete_original=True)
        tell_clicker(body, client, respond, SHARE_NOT_IN_CHANNEL)

    def ask_suggestion(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        """Ask the question of a suggestion button, in the conversation (and thread) of its answer."""
        click = clicked(body)
        try:
            value = json.loads(click[1]) if click else None
            if not isinstance(value, dict) or not isinstance(value.get("question"), str):
                raise ValueError("geen vraag")
            question, conversation = value["question"], value.get("conversation")
        except ValueError:
            logger.info("Onleesbare suggestieklik genegeerd")
            return
        channel, where = _where(body)
        user = click[2] if click else None
        options = ReplyOptions(question=question, asked_by=user)
        if _is_private(body) or not channel:
            conversation = conversation if isinstance(conversation, str) else None
            private = ReplyOptions(question=question, share=True)
            self.replier.answer_with_respond(respond, question, conversation, where, private)
            return
        posted = body.get("message") or {}
        if isinstance(conversation, str) and is_unthreaded(conversation) and not posted.get("thread_ts"):
            self.replier.answer_in_thread(client, channel, None, question, conversation, options=options)
            return
        thread_ts = str(posted.get("thread_ts") or posted.get("ts") or "")
        if not thread_ts:
            tell_clicker(body, client, respond, GENERIC_ERROR)
            return
        conversation = conversation if isinstance(conversation, str) else thread_conversation_id(channel, thread_ts)
        self.replier.answer_in_thread(client, channel, thread_ts, question, conversation, options=options)

    def _recorded(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> Any:
        click = clicked(body)
        if click is None or not click[1]:
            logger.info("Onleesbare klik genegeerd")
            return None
        try:
            recorded = self.feedback.recorded_answer(click[1])
        except Exception:
            logger.exception("Antwoord niet gelezen uit de feedbackstore (message_id=%s)", click[1])
            tell_clicker(body, client, respond, GENERIC_ERROR)
            return None
        if recorded is None:
            tell_clicker(body, client, respond, GONE)
        return recorded


def _where(body: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    user = (body.get("user") or {}).get("id")
    return channel, {"channel": channel, "user": user}


def _is_private(body: dict[str, Any]) -> bool:
    # Clicks on an ephemeral message (the private reply to /actieplan) come without the message itself.
    return bool((body.get("container") or {}).get("is_ephemeral")) or not body.get("message")


def _respond(respond: Callable[..., Any], where: dict[str, Any], **message: Any) -> None:
    try:
        respond(**message)
    except Exception:
        logger.exception("Antwoord via response_url mislukt (%s)", describe(where))
