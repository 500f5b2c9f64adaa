"""The bolt app: mentions, direct messages, thread follow-ups, /actieplan, assistant threads and feedback."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.web import WebClient

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.assistant_threads import build_assistant
from integrations.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, HELP_TEXT
from integrations.slack.dedupe import SharedTtlSet
from integrations.slack.feedback_buttons import record_click
from integrations.slack.gate import DEDUPE_TTL_S, EventGate
from integrations.slack.questions import (
    channel_conversation_id,
    plain_question,
    thread_conversation_id,
    thread_of,
)
from integrations.slack.replies import Replier

logger = logging.getLogger(__name__)

COMMAND = "/actieplan"
HELP_WORDS = {"", "help", "hulp", "?"}


class SlackConfigError(RuntimeError):
    """The Slack settings needed for this mode are missing."""


def _ack(ack: Callable[..., Any]) -> None:
    # Slack wants its 200 within 3 s: acknowledge at once, answer in the lazy listener.
    ack()


def build_web_client(settings: Settings) -> WebClient:
    """A WebClient with the bot token, aimed at ACTIEPLAN_SLACK_API_URL (Slack itself, or a fake in tests)."""
    if settings.slack_bot_token is None:
        raise SlackConfigError(
            "SLACK_BOT_TOKEN ontbreekt: zet het bot-token (xoxb-…) van de Slack-app in de omgeving. "
            "(SLACK_BOT_TOKEN is not set.)"
        )
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=15,
        # Slack limits chat.postMessage to about one message per second per channel.
        retry_handlers=[ConnectionErrorRetryHandler(), RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def build_slack_app(answerer: Answerer, settings: Settings, feedback: FeedbackStore | None = None) -> App:
    """A bolt App answering with the shared answerer; answers and 👍/👎 go to `feedback` (channel "slack")."""
    signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    app = App(
        client=build_web_client(settings),
        signing_secret=signing_secret,
        # Ack first, then answer in lazy listeners: on FaaS and under load the reply must not hold the ack.
        process_before_response=True,
        # No auth.test at start-up: the HTTP API must start even when Slack is unreachable; bolt calls it
        # on the first event instead.
        token_verification_enabled=False,
        name="actieplan",
    )
    replier = Replier(answerer, feedback, settings.public_url)
    # Threads the bot was mentioned in stay follow-up threads as long as the answerer keeps their history.
    # Both sets live in the data dir: a retry or a follow-up may reach another worker than the mention did.
    shared = settings.data_dir / "slack.sqlite3"
    app.use(
        EventGate(
            threads=SharedTtlSet(shared, settings.conversation_ttl_s, namespace="threads"),
            seen=SharedTtlSet(shared, DEDUPE_TTL_S, namespace="events"),
        )
    )
    # After the gate, so assistant-thread messages are deduplicated too.
    app.assistant(build_assistant(replier))
    _register_events(app, replier)
    _register_command(app, replier)
    if feedback is not None:
        _register_feedback(app, feedback)
    return app


def _register_events(app: App, replier: Replier) -> None:
    def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, thread_ts = event["channel"], thread_of(event)
        question = plain_question(event.get("text"), context.bot_user_id)
        replier.answer_in_thread(client, channel, thread_ts, question, thread_conversation_id(channel, thread_ts))

    def answer_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        # The gate lets through only direct messages and follow-ups in threads the bot was mentioned in.
        channel = event["channel"]
        question = plain_question(event.get("text"), context.bot_user_id)
        if event.get("channel_type") == "im" and not event.get("thread_ts"):
            replier.answer_in_thread(client, channel, None, question, channel_conversation_id(channel))
            return
        thread_ts = thread_of(event)
        replier.answer_in_thread(client, channel, thread_ts, question, thread_conversation_id(channel, thread_ts))

    app.event("app_mention")(ack=_ack, lazy=[answer_mention])
    app.event("message")(ack=_ack, lazy=[answer_message])


def _register_command(app: App, replier: Replier) -> None:
    def ack_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        if (command.get("text") or "").strip().lower() in HELP_WORDS:
            # Only the user sees the help (an ephemeral reply); no answer follows.
            ack(text=HELP_TEXT, response_type="ephemeral")
        else:
            ack()

    def answer_command(command: dict[str, Any], respond: Callable[..., Any]) -> None:
        question = plain_question(command.get("text"))
        if question.lower() in HELP_WORDS:
            return
        where = {"command": COMMAND, "channel": command.get("channel_id"), "user": command.get("user_id")}
        replier.answer_with_respond(respond, question, where)

    app.command(COMMAND)(ack=ack_command, lazy=[answer_command])


def _register_feedback(app: App, feedback: FeedbackStore) -> None:
    def store_feedback(body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        record_click(feedback, body, client, respond)

    app.action(re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$"))(ack=_ack, lazy=[store_feedback])
