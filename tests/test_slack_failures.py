"""The Slack bot when things go wrong (answerer, feedback store, response_url, Slack's rate limit), and its panels."""

from __future__ import annotations

import json
import logging
import socket
from typing import Any

import pytest

from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from integrations.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, GENERIC_ERROR
from tests.support import slack_fixtures
from tests.support.fake_slack_api import TS, FakeSlackApi
from tests.support.fakes import FakeAnswerer
from tests.support.slack_fixtures import BOT_TOKEN, SIGNING_SECRET, VMM_ACTIONS, VMM_QUESTION, serve
from tests.support.slack_manifest import METHOD_SCOPES, manifest, scopes_of
from tests.support.slack_workspace import Slack, button_value, mention, message, posted

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack


# -- failures --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StoreUnavailable("chroma op 10.0.0.5:8000 weigert"), StoreUnavailable.user_message),
        # An error that carries the token: the log must show it redacted.
        (RuntimeError(f"kapot met {BOT_TOKEN}"), GENERIC_ERROR),
    ],
)
def test_failing_answerer_posts_dutch_error_in_thread_and_logs_no_secrets(
    fake: FakeSlackApi,
    settings: Settings,
    feedback: FeedbackStore,
    caplog: pytest.LogCaptureFixture,
    error: Exception,
    expected: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    for slack in serve(fake, FakeAnswerer(error), settings, feedback):
        slack.event(mention())
        slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    assert post.body["thread_ts"] == TS
    assert post.body["text"] == f"<@U0001> {expected}", "the asker is named (and notified)"
    # The question is kept, with a button that asks it again; no feedback buttons on an error.
    blocks = json.dumps(post.body["blocks"], ensure_ascii=False)
    assert f"*Je vraag:* {VMM_QUESTION}" in blocks
    (retry,) = [e for b in post.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert retry["action_id"] == "retry_question" and retry["text"]["text"] == "Opnieuw proberen"
    assert json.loads(retry["value"]) == {"question": VMM_QUESTION, "conversation": f"slack:C0001:{TS}:U0001"}
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("integrations.slack")]
    assert errors and "C0001" in errors[0].getMessage(), "the failure is logged with its channel"
    assert BOT_TOKEN not in caplog.text
    assert SIGNING_SECRET not in caplog.text


def test_answer_is_posted_when_recording_it_fails(
    fake: FakeSlackApi, settings: Settings, bot_answerer: Any, tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    class BrokenStore(SqliteFeedbackStore):
        def record_answer(self, *args: Any, **kwargs: Any) -> None:
            raise OSError("schijf vol")

    for slack in serve(fake, bot_answerer, settings, BrokenStore(tmp_path / "broken.sqlite3")):
        slack.event(mention())
        slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    assert sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", ")) == VMM_ACTIONS
    # Feedback buttons would point at an answer the store does not have (suggested questions need no stored answer).
    buttons = [e["action_id"] for b in post.body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert not {FEEDBACK_UP, FEEDBACK_DOWN} & set(buttons), buttons
    assert "Antwoord niet bewaard" in caplog.text


@pytest.mark.parametrize("error", [StoreUnavailable("weg"), RuntimeError("kapot")])
def test_slash_command_whose_answer_fails_gets_a_private_dutch_error(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore, error: Exception
) -> None:
    for slack in serve(fake, FakeAnswerer(error), settings, feedback):
        slack.command(VMM_QUESTION)
        slack.idle()
    (reply,) = fake.calls_to("/respond/cmd")
    assert reply.body["response_type"] == "ephemeral"
    assert reply.body["text"] in (StoreUnavailable.user_message, GENERIC_ERROR)


def test_slash_command_whose_reply_fails_is_logged(
    slack: Slack, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/respond/gone"
    slack.command(VMM_QUESTION, response_url=closed)
    slack.idle()
    assert "Antwoord via response_url mislukt" in caplog.text
    assert BOT_TOKEN not in caplog.text


def test_post_is_retried_after_slacks_rate_limit(slack: Slack, fake: FakeSlackApi) -> None:
    fake.rate_limit("chat.postMessage", times=1)
    slack.event(mention())
    slack.idle()
    assert len(fake.refused) == 1, "the first attempt got 429"
    (post,) = fake.calls_to("chat.postMessage")
    assert sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", ")) == VMM_ACTIONS


def test_refused_post_is_logged_without_token(
    slack: Slack, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("chat.postMessage", "not_in_channel")
    slack.event(mention())
    slack.idle()
    assert "not_in_channel" in caplog.text
    assert BOT_TOKEN not in caplog.text


# -- assistant panel and Home tab ------------------------------------------------------------------


def test_assistant_thread_gets_dutch_suggested_prompts(slack: Slack, fake: FakeSlackApi) -> None:
    thread = {"user_id": "U0001", "channel_id": "D0001", "thread_ts": TS, "context": {}}
    slack.event({"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": TS})
    (prompts,) = fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert prompts.body["channel_id"] == "D0001" and prompts.body["thread_ts"] == TS
    assert any("VMM" in p["message"] for p in prompts.body["prompts"])
    (greeting,) = fake.wait_for("chat.postMessage")
    assert greeting.body["thread_ts"] == TS


def test_message_in_assistant_thread_shows_status_and_answers(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(message(VMM_QUESTION, ts="1700000400.000500", thread_ts=TS, channel="D0001", channel_type="im"))
    slack.idle()
    (status,) = fake.calls_to("assistant.threads.setStatus")
    assert status.body["status"] == "Ik zoek in het actieplan…"
    (post,) = fake.calls_to("chat.postMessage")
    assert (post.body["channel"], post.body["thread_ts"]) == ("D0001", TS)
    assert sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", ")) == VMM_ACTIONS
    assert fake.calls.index(status) < fake.calls.index(post)
    assert fake.calls_to("reactions.add") == [], "the panel has its own status"


def test_assistant_context_change_is_acknowledged_without_web_api_calls(slack: Slack, fake: FakeSlackApi) -> None:
    thread = {"user_id": "U0001", "channel_id": "D0001", "thread_ts": TS, "context": {"channel_id": "C0009"}}
    response = slack.event({"type": "assistant_thread_context_changed", "assistant_thread": thread, "event_ts": TS})
    assert response.status_code == 200
    slack.idle()
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []


def test_home_tab_says_what_the_bot_can_do(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event({"type": "app_home_opened", "user": "U0001", "channel": "D0001", "tab": "home", "ts": TS})
    slack.idle()
    (published,) = fake.calls_to("views.publish")
    assert published.body["user_id"] == "U0001"
    view = published.body["view"]
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    assert VMM_QUESTION in text and "/actieplan" in text and "Deel in kanaal" in text
    assert "https://actieplan.example.org/acties|" in text


def test_the_service_without_slack_settings_has_no_slack_route(tmp_path: Any) -> None:
    from assistant.service import create_service

    plain = Settings(SLACK_BOT_TOKEN=None, SLACK_SIGNING_SECRET=None, data_dir=tmp_path)
    app = create_service(plain, answerer=FakeAnswerer(), feedback=SqliteFeedbackStore(tmp_path / "f.sqlite3"))
    assert "/slack/events" not in {getattr(route, "path", None) for route in app.routes}


# -- what the bot calls in practice is what the manifest grants ----------------------------------------


def test_every_web_api_call_of_a_busy_session_is_granted_by_the_manifest(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention())
    slack.event(message(VMM_QUESTION, channel="D0001", channel_type="im", ts="1.1"))
    slack.event(message(VMM_QUESTION, channel="G0001", channel_type="mpim", ts="1.2"))
    slack.event(message(VMM_QUESTION, ts="1.3", thread_ts=TS, channel="D0002", channel_type="im"))
    slack.event({"type": "app_home_opened", "user": "U0001", "channel": "D0001", "tab": "home", "ts": "1.4"})
    slack.command(VMM_QUESTION)
    slack.idle()
    (post,) = [p for p in fake.calls_to("chat.postMessage") if p.body["channel"] == "C0001"]
    (reply,) = fake.calls_to("/respond/cmd")
    slack.click("feedback_down", button_value(post, "feedback_down"), posted(post))
    slack.click("share_in_channel", button_value(reply, "share_in_channel"), None)
    slack.idle()
    parsed, _, _ = manifest()
    granted = set(parsed["oauth_config"]["scopes"]["bot"])
    methods = {c.method.replace(".", "_") for c in fake.calls if not c.method.startswith("/")}
    assert {
        "chat_postMessage",
        "reactions_add",
        "views_open",
        "views_publish",
        "assistant_threads_setStatus",
    } <= methods
    assert methods <= set(METHOD_SCOPES), methods - set(METHOD_SCOPES)
    assert set().union(*(scopes_of(m) for m in methods)) <= granted
