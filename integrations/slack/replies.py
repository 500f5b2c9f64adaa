"""Ask the shared answerer, keep the answer for feedback, and post the reply (or a Dutch error) to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.web import WebClient

from assistant.answer_models import Answer
from assistant.answerer import Answerer
from assistant.stores.conversations import Turn
from assistant.stores.feedback import FeedbackStore
from foundation.errors import AssistantError, IndexNotReady, RateLimited, StoreUnavailable
from integrations.slack.blocks import (
    GENERIC_ERROR,
    HELP_TEXT,
    ReplyOptions,
    SlackMessage,
    answer_message,
    notice_message,
)
from integrations.slack.links import LinkPolicy
from integrations.slack.notices import error_message, refused_note, refused_text
from integrations.slack.posting import Posted, describe, post_or_fall_back
from integrations.slack.threads import answer_metadata
from plan_model.records import PlanDocument

logger = logging.getLogger(__name__)

FEEDBACK_CHANNEL = "slack"
HELP_WORDS = {"", "help", "hulp", "?"}
# Shown on the user's message while the answer is being made, outside the assistant panel (which has a status).
WORKING_REACTION = "eyes"
# Errors that pass: the reply keeps the question and offers to ask it again.
PASSING_ERRORS = (StoreUnavailable, IndexNotReady, RateLimited)


@dataclass(frozen=True)
class Asked:
    """Who asked what, in which conversation: what an answer's metadata records."""

    question: str
    conversation_id: str | None
    asker: str | None


@dataclass
class Reply:
    """What to post: the message, and the answer it shows (None for help and errors)."""

    message: SlackMessage
    answer: Answer | None = None


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

    def ask(
        self, question: str, conversation_id: str | None, where: dict[str, Any], asked_by: str | None = None
    ) -> Answer | SlackMessage:
        """The answer to a question, or the notice to show instead (help, or the Dutch error)."""
        if question.strip().lower() in HELP_WORDS:
            # A bare mention ("@actieplan") or "help" is a request for help, not a question for the plan.
            return notice_message(HELP_TEXT)
        try:
            return self.answerer.answer(question, conversation_id, today=self.today())
        except AssistantError as error:
            # Expected failures (store down, index not ready): the user sees the error's own Dutch message.
            logger.warning(
                "Slack-vraag niet beantwoord: %s: %s (%s)", type(error).__name__, error.detail, describe(where)
            )
            passing = isinstance(error, PASSING_ERRORS)
            return error_message(error.user_message, question if passing else None, conversation_id, asked_by)
        except Exception:
            logger.exception("Slack-vraag gaf een onverwachte fout (%s)", describe(where))
            return error_message(GENERIC_ERROR, question, conversation_id, asked_by)

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
    ) -> Reply:
        """The reply to a question: the answer with sources and buttons, or the Dutch message of the error."""
        options = options or ReplyOptions()
        outcome = self.ask(question, conversation_id, where, options.asked_by)
        if isinstance(outcome, SlackMessage):
            return Reply(outcome)
        recorded = self.record(outcome, question, where)
        shown = ReplyOptions(
            recorded=recorded,
            question=options.question,
            asked_by=options.asked_by,
            share=options.share and recorded,
            full=options.full,
        )
        return Reply(answer_message(outcome, self.policy(), shown), outcome)

    def last_turn(self, conversation_id: str | None) -> Turn | None:
        """The conversation's previous turn, or None (also when the store cannot be read)."""
        if not conversation_id:
            return None
        try:
            turn = self.answerer.last_turn(conversation_id)
        except Exception:
            logger.warning("Gesprek niet gelezen (%s)", conversation_id, exc_info=True)
            return None
        return turn if isinstance(turn, Turn) else None

    def seed(self, conversation_id: str, turn: Turn | None, *, replace: bool = False) -> None:
        """Let the conversation's next question resolve against `turn` (an answer read back from a thread): when
        the store has forgotten the conversation, or always with `replace`."""
        if turn is None:
            return
        try:
            if replace or not self.answerer.has_conversation(conversation_id):
                self.answerer.seed_turn(conversation_id, turn)
        except Exception:
            # The question is then answered without what came before: "daarvan" is not understood.
            logger.warning("Gesprek niet hersteld uit de thread (%s)", conversation_id, exc_info=True)

    def prime(self, conversation_id: str, question: str) -> None:
        """Make a question asked in the thread before the bot was there the conversation's previous turn (answered,
        not posted), so a follow-up to it is understood."""
        if self.last_turn(conversation_id) is not None:
            return
        try:
            self.answerer.answer(question, conversation_id, today=self.today())
        except Exception:
            logger.info("Eerdere vraag uit de thread niet beantwoord (%s)", conversation_id, exc_info=True)

    def continue_conversation(self, conversation_id: str, new_id: str) -> None:
        """Let conversation `new_id` (a shared answer's thread) go on from where `conversation_id` is."""
        self.seed(new_id, self.last_turn(conversation_id), replace=True)

    def points_back(self, question: str) -> bool:
        """Whether a question builds on what came before ("en welke daarvan …?", "wie trekt die?")."""
        try:
            parsed = self.answerer.parse(question, self.answerer.live.current(), self.today())
            return parsed.refers_to != "none" or bool(parsed.continues)
        except Exception:
            return False

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
        asker: str | None = None,
    ) -> Posted:
        """Answer in the channel (and thread), with the answer's turn and its `asker` (named or not) in the
        message's metadata; 👀 on message `react_to` meanwhile. A reply Slack refuses is replaced by a short text,
        and the asker told privately."""
        options = options or ReplyOptions()
        where = {"channel": channel, "thread_ts": thread_ts, "conversation_id": conversation_id}
        reacted = react_to is not None and working(client, True, channel, react_to)
        try:
            reply = self.reply_to(question, conversation_id, where, options)
            asked = Asked(question, conversation_id, asker or options.asked_by)
            return self.post_reply(client, channel, thread_ts, reply, asked, options, where)
        finally:
            if reacted and react_to is not None:
                working(client, False, channel, react_to)

    def post_reply(
        self,
        client: WebClient,
        channel: str,
        thread_ts: str | None,
        reply: Reply,
        asked: Asked,
        options: ReplyOptions,
        where: dict[str, Any],
    ) -> Posted:
        """Post a reply; an answer goes with its metadata, and with a plain fallback should Slack refuse it."""
        answer, question = reply.answer, asked.question
        if answer is None:
            return post_or_fall_back(client, channel, thread_ts, reply.message, where)
        policy = self.policy()
        turn = self.last_turn(asked.conversation_id)
        metadata = answer_metadata(asked.asker, question, answer.message_id, turn)
        return post_or_fall_back(
            client,
            channel,
            thread_ts,
            reply.message,
            where,
            metadata=metadata,
            fallback=refused_text(answer, policy, options.asked_by),
            asker=options.asked_by,
            note=lambda error: refused_note(question, error, answer, policy),
        )

    def answer_with_respond(
        self,
        respond: Callable[..., Any],
        question: str,
        conversation_id: str | None,
        where: dict[str, Any],
        options: ReplyOptions | None = None,
    ) -> None:
        """Answer privately through a response_url (slash commands, buttons on private replies)."""
        message = self.reply_to(question, conversation_id, where, options).message
        try:
            respond(text=message.text, blocks=message.blocks, response_type="ephemeral", replace_original=False)
        except Exception:
            logger.exception("Antwoord via response_url mislukt (%s)", describe(where))


def working(client: WebClient, add: bool, channel: str, ts: str) -> bool:
    """Add or remove the working reaction (👀) on message `ts`; a failure only loses the signal, never the answer."""
    method = "reactions.add" if add else "reactions.remove"
    try:
        if add:
            client.reactions_add(channel=channel, timestamp=ts, name=WORKING_REACTION)
        else:
            client.reactions_remove(channel=channel, timestamp=ts, name=WORKING_REACTION)
    except Exception as error:
        response = getattr(error, "response", None)
        code = response.get("error") if response is not None else type(error).__name__
        logger.info("%s mislukt: %s (channel=%s ts=%s)", method, code, channel, ts)
        return False
    return True
