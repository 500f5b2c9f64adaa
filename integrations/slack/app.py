"""The bolt app: mentions, direct and group messages, thread follow-ups, /actieplan, buttons and the Home tab."""

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
from integrations.slack.answer_buttons import AnswerButtons
from integrations.slack.assistant_threads import build_assistant
from integrations.slack.blocks import (
    ASK_SUGGESTION,
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    HELP_TEXT,
    RETRY,
    SHARE,
    SHOW_ALL,
    ReplyOptions,
)
from integrations.slack.feedback_buttons import FEEDBACK_FORM, record_click, store_comment
from integrations.slack.gate import DEDUPE_TTL_S, THREAD_MEMORY_S, EventGate
from integrations.slack.home import publish_home
from integrations.slack.key_sets import shared_key_set
from integrations.slack.listeners import ListenerPool
from integrations.slack.questions import (
    channel_conversation_id,
    command_conversation_id,
    plain_question,
    thread_conversation_id,
    thread_of,
)
from integrations.slack.replies import HELP_WORDS, Replier
from integrations.slack.thread_answers import Bot, Heard, ThreadAnswers

logger = logging.getLogger(__name__)

COMMAND = "/actieplan"


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


def build_slack_app(
    answerer: Answerer,
    settings: Settings,
    feedback: FeedbackStore | None = None,
    pool: ListenerPool | None = None,
) -> App:
    """A bolt App answering with the shared answerer; answers and 👍/👎 go to `feedback` (channel "slack").

    `pool` runs the lazy listeners; `app.listener_pool.wait_idle()` waits for the answers under way.
    """
    signing_secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    pool = pool or ListenerPool()
    app = App(
        client=build_web_client(settings),
        signing_secret=signing_secret,
        # Ack first, then answer in lazy listeners: on FaaS and under load the reply must not hold the ack.
        process_before_response=True,
        # No auth.test at start-up: the HTTP API must start even when Slack is unreachable; bolt calls it
        # on the first event instead.
        token_verification_enabled=False,
        name="actieplan",
        listener_executor=pool,
    )
    app.listener_pool = pool  # type: ignore[attr-defined]
    replier = Replier(answerer, feedback, settings.public_url, settings.current_date)
    thread_answers = ThreadAnswers(replier)
    # Threads the bot answered in stay follow-up threads for as long as staff come back to them; their answers
    # are read back from the thread itself. Both sets are shared (the data dir, or PostgreSQL): a retry or a
    # follow-up may reach another worker, or with PostgreSQL another host, than the mention did.
    threads = shared_key_set(settings, "threads", THREAD_MEMORY_S)
    app.use(EventGate(threads=threads, seen=shared_key_set(settings, "events", DEDUPE_TTL_S)))
    # After the gate, so assistant-thread messages are deduplicated too.
    app.assistant(build_assistant(thread_answers))
    _register_events(app, replier, thread_answers)
    _register_command(app, replier)
    if feedback is not None:
        expanded = shared_key_set(settings, "expanded", THREAD_MEMORY_S)
        _register_buttons(app, feedback, AnswerButtons(thread_answers, feedback, threads, expanded))
    return app


def _register_events(app: App, replier: Replier, thread_answers: ThreadAnswers) -> None:
    def answer_mention(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        channel, ts, thread_ts = event["channel"], str(event["ts"]), thread_of(event)
        question = plain_question(event.get("text"), context.bot_user_id)
        asker = event.get("user") if isinstance(event.get("user"), str) else None
        if thread_ts == ts:
            # A new thread under the question: the asker is the only one in it so far.
            conversation = thread_conversation_id(channel, thread_ts, asker)
            options = ReplyOptions(asked_by=asker)
            replier.answer_in_thread(client, channel, thread_ts, question, conversation, react_to=ts, options=options)
            return
        heard = Heard(channel, thread_ts, ts, asker, question, tagged=True)
        thread_answers.answer(client, heard, Bot(context.bot_user_id, context.bot_id))

    def answer_message(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        # The gate lets through only direct and group messages (questions only in a group), and questions in the
        # bot's threads.
        channel, ts = event["channel"], str(event["ts"])
        question = plain_question(event.get("text"), context.bot_user_id)
        asker = event.get("user") if isinstance(event.get("user"), str) else None
        group = event.get("channel_type") == "mpim"
        if event.get("channel_type") == "im" and not event.get("thread_ts"):
            conversation = channel_conversation_id(channel)
            replier.answer_in_thread(client, channel, None, question, conversation, react_to=ts, asker=asker)
            return
        if group and not event.get("thread_ts"):
            # Several people in one group DM: each has their own conversation, and is named.
            conversation = channel_conversation_id(channel, asker)
            options = ReplyOptions(asked_by=asker)
            replier.answer_in_thread(client, channel, None, question, conversation, react_to=ts, options=options)
            return
        heard = Heard(channel, thread_of(event), ts, asker, question)
        thread_answers.answer(client, heard, Bot(context.bot_user_id, context.bot_id))

    def show_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab") == "home" and isinstance(event.get("user"), str):
            publish_home(client, event["user"], replier.policy(), replier.plan())

    app.event("app_mention")(ack=_ack, lazy=[answer_mention])
    app.event("message")(ack=_ack, lazy=[answer_message])
    app.event("app_home_opened")(ack=_ack, lazy=[show_home])


def _register_command(app: App, replier: Replier) -> None:
    def ack_command(ack: Callable[..., Any], command: dict[str, Any]) -> None:
        if plain_question(command.get("text")).lower() in HELP_WORDS:
            # Only the user sees the help (an ephemeral reply); no answer follows.
            ack(text=HELP_TEXT, response_type="ephemeral")
        else:
            ack()

    def answer_command(command: dict[str, Any], respond: Callable[..., Any]) -> None:
        question = plain_question(command.get("text"))
        if question.lower() in HELP_WORDS:
            return
        channel, user = str(command.get("channel_id") or ""), str(command.get("user_id") or "")
        where = {"command": COMMAND, "channel": channel, "user": user}
        # Private first, with "Deel in kanaal"; the next /actieplan of this person here continues the conversation.
        options = ReplyOptions(question=question, share=True)
        replier.answer_with_respond(respond, question, command_conversation_id(channel, user), where, options)

    app.command(COMMAND)(ack=ack_command, lazy=[answer_command])


def _register_buttons(app: App, feedback: FeedbackStore, buttons: AnswerButtons) -> None:
    def store_vote(body: dict[str, Any], client: WebClient, respond: Callable[..., Any]) -> None:
        record_click(feedback, body, client, respond)

    def save_comment(body: dict[str, Any]) -> None:
        store_comment(feedback, body)

    app.action(re.compile(f"^({FEEDBACK_UP}|{FEEDBACK_DOWN})$"))(ack=_ack, lazy=[store_vote])
    app.action(SHOW_ALL)(ack=_ack, lazy=[buttons.show_all])
    app.action(SHARE)(ack=_ack, lazy=[buttons.share])
    app.action(re.compile(f"^({ASK_SUGGESTION}:\\d+|{RETRY})$"))(ack=_ack, lazy=[buttons.ask_suggestion])
    # ack() closes the form; the comment is saved after.
    app.view(FEEDBACK_FORM)(ack=_ack, lazy=[save_comment])
