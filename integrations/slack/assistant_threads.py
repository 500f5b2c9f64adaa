"""Slack's AI-assistant side panel (bolt's Assistant): suggested prompts, a status while searching, answers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Assistant
from slack_sdk.web import WebClient

from integrations.slack.questions import plain_question
from integrations.slack.thread_answers import Bot, Heard, ThreadAnswers

logger = logging.getLogger(__name__)

GREETING = "Hoi! Stel me een vraag over het actieplan; ik antwoord met de nummers van de acties als bron."
STATUS = "Ik zoek in het actieplan…"
PROMPTS_TITLE = "Probeer bijvoorbeeld:"
SUGGESTED_PROMPTS = [
    {"title": "Acties van VMM", "message": "Welke acties betrekken VMM?"},
    {"title": "Sleutelacties", "message": "Welke acties zijn sleutelacties?"},
    {"title": "Wat houdt KP 1.3 in?", "message": "Wat houdt actie KP 1.3 in?"},
]


def _ack(ack: Callable[..., Any]) -> None:
    # Slack wants its 200 within 3 s; the work happens in the lazy listeners below.
    ack()


def build_assistant(thread_answers: ThreadAnswers) -> Assistant:
    """The Assistant middleware; it handles messages in assistant threads (threaded DMs) before other listeners."""
    assistant = Assistant()

    def start_thread(say: Callable[..., Any], set_suggested_prompts: Callable[..., Any], event: dict[str, Any]) -> None:
        thread = event.get("assistant_thread") or {}
        try:
            say(GREETING)
            set_suggested_prompts(prompts=SUGGESTED_PROMPTS, title=PROMPTS_TITLE)
        except Exception:
            logger.exception(
                "Assistent-thread niet gestart (channel=%s thread_ts=%s)",
                thread.get("channel_id"),
                thread.get("thread_ts"),
            )

    def answer_in_assistant_thread(
        payload: dict[str, Any], client: WebClient, set_status: Callable[..., Any], context: Any
    ) -> None:
        channel, thread_ts = payload["channel"], payload["thread_ts"]
        question = plain_question(payload.get("text"), context.bot_user_id)
        try:
            # The status shows while we search; Slack clears it when our reply is posted.
            set_status(STATUS)
        except Exception as error:
            # A threaded DM outside the assistant panel has no status; answering matters more.
            logger.debug("assistant.threads.setStatus mislukt: %s", error)
        # A reply under an answer in the DM continues from that answer, however long ago it was given.
        heard = Heard(channel, thread_ts, str(payload.get("ts") or thread_ts), payload.get("user"), question)
        bot = Bot(context.bot_user_id, context.bot_id)
        thread_answers.answer(client, heard, bot, name_asker=False, react=False)

    assistant.thread_started(lazy=[start_thread])(_ack)
    assistant.user_message(lazy=[answer_in_assistant_thread])(_ack)
    # Answers do not depend on the channel the user is viewing: skip bolt's default, which saves that
    # context with Web API calls before the ack.
    assistant.thread_context_changed(_ack)
    return assistant
