"""The Slack bot's 👍/👎 feedback, error replies, assistant threads, and its mounting by create_app."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.service import create_service
from assistant.stores.feedback import FeedbackStore
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from integrations.slack.assistant_threads import STATUS
from integrations.slack.blocks import GENERIC_ERROR
from tests.support import slack_fixtures
from tests.support.fake_slack_api import TS, FakeSlackApi, Slack, all_text, button_value, mention, message
from tests.support.fakes import FakeAnswerer
from tests.support.slack_fixtures import BOT_TOKEN, SIGNING_SECRET, serve

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
answerer = slack_fixtures.answerer
slack = slack_fixtures.slack

# -- feedback --------------------------------------------------------------------------------------


def test_thumbs_down_is_stored_and_thanked(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    message_id = button_value(post, "feedback_down")
    posted = {"type": "message", "ts": "1700000000.000999", "text": post.body["text"], "blocks": post.body["blocks"]}

    assert slack.click("feedback_down", message_id, posted, user="U0042").status_code == 200
    (thanks,) = fake.wait_for("/respond/click")

    (stored,) = feedback.feedback()
    assert (stored["message_id"], stored["rating"], stored["channel"]) == (message_id, "down", "slack")
    assert stored["question"] == "Welke acties betrekken VMM?"
    with sqlite3.connect(feedback.path) as db:
        assert db.execute("SELECT user_ref FROM feedback").fetchone() == ("U0042",)
    assert thanks.body["replace_original"] is True
    assert not any(b["type"] == "actions" for b in thanks.body["blocks"])
    assert "Bedankt voor je feedback" in json.dumps(thanks.body["blocks"], ensure_ascii=False)
    assert "KP 1.3" in json.dumps(thanks.body["blocks"]), "the answer itself stays"


def test_click_without_response_url_is_thanked_with_chat_update(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    posted = {"type": "message", "ts": "1700000000.000999", "text": post.body["text"], "blocks": post.body["blocks"]}
    slack.click("feedback_up", button_value(post, "feedback_up"), posted, with_response_url=False)
    (update,) = fake.wait_for("chat.update")
    assert (update.body["channel"], update.body["ts"]) == ("C0001", "1700000000.000999")
    assert "Bedankt voor je feedback" in json.dumps(update.body["blocks"], ensure_ascii=False)
    assert [item["rating"] for item in feedback.feedback()] == ["up"]


def test_feedback_on_an_unknown_answer_tells_the_clicker(slack: Slack, fake: FakeSlackApi, feedback: Any) -> None:
    posted = {"type": "message", "ts": "1.0", "text": "oud", "blocks": []}
    slack.click("feedback_up", "no-such-message", posted)
    (reply,) = fake.wait_for("/respond/click")
    assert reply.body["response_type"] == "ephemeral"
    assert "niet (meer) bekend" in reply.body["text"]
    assert feedback.feedback() == []


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (StoreUnavailable("chroma op 10.0.0.5:8000 weigert"), StoreUnavailable.user_message),
        (RuntimeError("kapot"), GENERIC_ERROR),
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
        (post,) = fake.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == TS
    assert post.body["text"] == expected
    assert not any(b["type"] == "actions" for b in post.body["blocks"])
    errors = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("integrations.slack")]
    assert errors and "C0001" in errors[0].getMessage(), "the failure is logged with its channel"
    assert BOT_TOKEN not in caplog.text
    assert SIGNING_SECRET not in caplog.text


def test_refused_post_is_logged_without_token(
    slack: Slack, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("chat.postMessage", "not_in_channel")
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    deadline = time.monotonic() + 5
    while "not_in_channel" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "not_in_channel" in caplog.text
    assert BOT_TOKEN not in caplog.text


# -- assistant threads -----------------------------------------------------------------------------


def test_assistant_thread_gets_dutch_suggested_prompts(slack: Slack, fake: FakeSlackApi) -> None:
    thread = {"user_id": "U0001", "channel_id": "D0001", "thread_ts": TS, "context": {}}
    slack.event({"type": "assistant_thread_started", "assistant_thread": thread, "event_ts": TS})
    (prompts,) = fake.wait_for("assistant.threads.setSuggestedPrompts")
    assert prompts.body["channel_id"] == "D0001" and prompts.body["thread_ts"] == TS
    assert any("VMM" in p["message"] for p in prompts.body["prompts"])
    (greeting,) = fake.wait_for("chat.postMessage")
    assert greeting.body["thread_ts"] == TS


def test_message_in_assistant_thread_shows_status_and_answers(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    slack.event(
        message("Welke acties betrekken VMM?", ts="1700000400.000500", thread_ts=TS, channel="D0001", channel_type="im")
    )
    (status,) = fake.wait_for("assistant.threads.setStatus")
    assert status.body["status"] == STATUS
    (post,) = fake.wait_for("chat.postMessage")
    assert (post.body["channel"], post.body["thread_ts"]) == ("D0001", TS)
    assert "KP 1.3" in all_text(post)
    assert answerer.questions == [("Welke acties betrekken VMM?", f"slack:D0001:{TS}")]
    assert fake.calls.index(status) < fake.calls.index(post)


# -- mounted by the real service factory -------------------------------------------------------------


def test_the_service_mounts_slack_with_the_shared_answerer(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore, answerer: Any
) -> None:
    app = create_service(settings, answerer=answerer, feedback=feedback)
    with TestClient(app) as client:
        slack = Slack(client, fake, SIGNING_SECRET)
        assert slack.event(mention()).status_code == 200
        (post,) = fake.wait_for("chat.postMessage")
        assert post.body["thread_ts"] == TS and "KP 1.3" in all_text(post)
        assert slack.event(mention(), secret="wrong").status_code == 401
        message_id = button_value(post, "feedback_up")
        slack.click("feedback_up", message_id, {"ts": "1.0", "text": "x", "blocks": post.body["blocks"]})
        fake.wait_for("/respond/click")
    assert [item["channel"] for item in feedback.feedback()] == ["slack"]


def test_the_service_without_slack_settings_has_no_slack_route(tmp_path: Any, answerer: Any) -> None:
    plain = Settings(SLACK_BOT_TOKEN=None, SLACK_SIGNING_SECRET=None, data_dir=tmp_path)
    app = create_service(plain, answerer=answerer, feedback=FeedbackStore(tmp_path / "f.sqlite3"))
    assert "/slack/events" not in {getattr(route, "path", None) for route in app.routes}


def test_assistant_context_change_is_acknowledged_without_web_api_calls(slack: Slack, fake: FakeSlackApi) -> None:
    thread = {"user_id": "U0001", "channel_id": "D0001", "thread_ts": TS, "context": {"channel_id": "C0009"}}
    response = slack.event({"type": "assistant_thread_context_changed", "assistant_thread": thread, "event_ts": TS})
    assert response.status_code == 200
    fake.settle(quiet=0.3)
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []
