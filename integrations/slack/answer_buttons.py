"""The buttons under an answer besides 👍/👎: "Toon alles", "Deel in kanaal", suggested questions, "Opnieuw"."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext
from slack_sdk.web import WebClient

from assistant.stores.feedback import FeedbackStore
from integrations.slack.blocks import ASKED_BLOCK, GENERIC_ERROR, ReplyOptions, answer_message, asked_block
from integrations.slack.dedupe import KeySet
from integrations.slack.expanded import expanded_messages
from integrations.slack.feedback_buttons import clicked, tell_clicker
from integrations.slack.notices import refused_note, refused_text
from integrations.slack.posting import describe, post_message, post_or_fall_back, tell_privately, update
from integrations.slack.questions import is_unthreaded, thread_conversation_id
from integrations.slack.thread_answers import Bot, Heard, ThreadAnswers
from integrations.slack.threads import answer_metadata

logger = logging.getLogger(__name__)

GONE = "Dit antwoord is niet meer bekend; stel je vraag opnieuw."
SHARE_NOT_IN_CHANNEL = (
    "Gedeeld. Vervolgvragen in de thread kan ik pas beantwoorden als je mij uitnodigt: `/invite @actieplan`."
)


class AnswerButtons:
    """Handles clicks on an answer's buttons; the answer itself comes back from the feedback store."""

    def __init__(
        self, thread_answers: ThreadAnswers, feedback: FeedbackStore, threads: KeySet, expanded: KeySet
    ) -> None:
        self.thread_answers = thread_answers
        self.replier = thread_answers.replier
        self.feedback = feedback
        # Threads the bot answers follow-ups in (the EventGate's set): a shared answer opens one.
        self.threads = threads
        # Answers whose "Toon alles" continued in further messages: those are posted once, whoever clicks again.
        self.expanded = expanded

    def show_all(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        """The whole answer in place of its summary: the message itself is rewritten (chat.update), a private reply
        replaced; never a new public copy per click. Where Slack will not rewrite it, the clicker alone sees it."""
        recorded = self._recorded(body, client, respond)
        if recorded is None:
            return
        question, answer = recorded
        channel, where = _where(body)
        policy = self.replier.policy()
        if _is_private(body):
            first, *rest = expanded_messages(answer, policy, asked_block(question, None), share=True)
            _respond(respond, where, text=first.text, blocks=first.blocks, replace_original=True)
            for page in rest:
                _respond(respond, where, text=page.text, blocks=page.blocks, replace_original=False)
            return
        posted = body.get("message") or {}
        ts = str(posted.get("ts") or (body.get("container") or {}).get("message_ts") or "")
        if not channel or not ts:
            tell_clicker(body, client, respond, GENERIC_ERROR)
            return
        header = next((b for b in posted.get("blocks") or [] if b.get("block_id") == ASKED_BLOCK), None)
        first, *rest = expanded_messages(answer, policy, header)
        metadata = posted.get("metadata") if isinstance(posted.get("metadata"), dict) else None
        if update(client, channel, ts, first, where, metadata) is None:
            # Only an answer too long for one message continues below it, and only once.
            if rest and self.expanded.claim([("expanded", channel, ts)]):
                for page in rest:
                    post_message(client, channel, str(posted.get("thread_ts") or ts), page, where)
            return
        user = (body.get("user") or {}).get("id")
        thread_ts = posted.get("thread_ts")
        shown = bool(user) and all(
            tell_privately(client, channel, str(user), page, thread_ts, where) for page in [first, *rest]
        )
        if not shown:
            tell_clicker(body, client, respond, GENERIC_ERROR)

    def share(self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        """Post a private /actieplan answer in the channel; its thread continues the conversation."""
        recorded = self._recorded(body, client, respond)
        if recorded is None:
            return
        question, answer = recorded
        channel, where = _where(body)
        user = (body.get("user") or {}).get("id")
        policy = self.replier.policy()
        message = answer_message(answer, policy, ReplyOptions(question=question, asked_by=user))
        ts = None
        if channel:
            metadata = answer_metadata(
                user, question, answer.message_id, self.replier.last_turn(answer.conversation_id)
            )
            ts = post_or_fall_back(
                client,
                channel,
                None,
                message,
                where,
                metadata=metadata,
                fallback=refused_text(answer, policy, user),
                asker=user,
                note=lambda error: refused_note(question, error, answer, policy),
            ).ts
        if ts and channel:
            # Follow-ups in the new thread (a mention, or any reply with the history opt-in) keep the context.
            self.threads.add((channel, ts))
            if answer.conversation_id:
                self.replier.continue_conversation(answer.conversation_id, thread_conversation_id(channel, ts, user))
            _respond(respond, where, delete_original=True)
            return
        # The bot is not in this channel: the response_url may still post there, without a thread to follow.
        _respond(respond, where, text=message.text, blocks=message.blocks, response_type="in_channel")
        _respond(respond, where, delete_original=True)
        tell_clicker(body, client, respond, SHARE_NOT_IN_CHANNEL)

    def ask_suggestion(
        self, body: dict[str, Any], client: WebClient, respond: Callable[..., Any], context: BoltContext
    ) -> None:
        """Ask the question of a suggestion (or "Opnieuw proberen") button, in the clicker's conversation in the
        thread of its answer, resolved against that answer."""
        click = clicked(body)
        try:
            value = json.loads(click[1]) if click else None
            if not isinstance(value, dict) or not isinstance(value.get("question"), str):
                raise ValueError("geen vraag")
            question, conversation = value["question"], value.get("conversation")
        except ValueError:
            logger.info("Onleesbare suggestieklik genegeerd")
            return
        conversation = conversation if isinstance(conversation, str) else None
        channel, where = _where(body)
        user = click[2] if click else None
        if _is_private(body) or not channel:
            private = ReplyOptions(question=question, share=True)
            self.replier.answer_with_respond(respond, question, conversation, where, private)
            return
        posted = body.get("message") or {}
        message_ts = str(posted.get("ts") or "")
        if not message_ts:
            tell_clicker(body, client, respond, GENERIC_ERROR)
            return
        threaded = bool(posted.get("thread_ts")) or not (conversation and is_unthreaded(conversation))
        thread_ts = str(posted.get("thread_ts") or message_ts)
        heard = Heard(channel, thread_ts, message_ts, user, question)
        bot = Bot(context.bot_user_id, context.bot_id)
        self.thread_answers.ask_from_button(client, heard, bot, conversation, message_ts, threaded)

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
