"""The Slack bot answering: signed requests to /slack/events, replies recorded by a fake Slack."""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any

import pytest

from assistant.stores.feedback import FeedbackStore
from integrations.slack.blocks import HELP_TEXT
from tests.support import slack_fixtures
from tests.support.fake_slack_api import (
    BOT_ID,
    BOT_USER_ID,
    TS,
    FakeSlackApi,
    Slack,
    all_text,
    button_value,
    mention,
    message,
)
from tests.support.slack_fixtures import BOT_TOKEN

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
answerer = slack_fixtures.answerer
slack = slack_fixtures.slack

# -- answering -------------------------------------------------------------------------------------


def test_mention_is_answered_in_its_thread_with_cited_ids(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    started = time.monotonic()
    response = slack.event(mention())
    assert response.status_code == 200
    assert time.monotonic() - started < 3, "Slack needs its ack within 3 s"

    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0001"
    assert post.body["thread_ts"] == TS
    assert post.authorization == f"Bearer {BOT_TOKEN}"
    assert "KP 1.3" in post.body["text"] and "KP 2.1" in post.body["text"]
    blocks = post.body["blocks"]
    assert blocks[0]["type"] == "section" and "KP 1.3" in blocks[0]["text"]["text"]
    sources = next(b for b in blocks if b["type"] == "context")
    labels = [e["text"] for e in sources["elements"]]
    assert "<https://actieplan.example.org/?actie=KP%201.3|KP 1.3 · Titel van KP 1.3>" in labels
    assert answerer.questions == [("Welke acties betrekken VMM?", f"slack:C0001:{TS}")]


def test_mention_inside_a_thread_is_answered_in_that_thread(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention(ts="1700000100.000200", thread_ts=TS))
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["thread_ts"] == TS


def test_every_answer_is_recorded_for_feedback(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    message_id = button_value(post, "feedback_up")
    with sqlite3.connect(feedback.path) as db:
        row = db.execute(
            "SELECT channel, question, conversation_id FROM answers WHERE message_id = ?", (message_id,)
        ).fetchone()
    assert row == ("slack", "Welke acties betrekken VMM?", f"slack:C0001:{TS}")


def test_direct_message_is_answered(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    slack.event(message("Welke acties betrekken VMM?", channel="D0001", channel_type="im"))
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0001"
    assert "thread_ts" not in post.body
    assert "KP 1.3" in all_text(post)
    assert answerer.questions == [("Welke acties betrekken VMM?", "slack:D0001")]


def test_slash_command_is_answered_through_its_response_url(slack: Slack, fake: FakeSlackApi) -> None:
    response = slack.command("Welke acties betrekken VMM?")
    assert response.status_code == 200
    (reply,) = fake.wait_for("/respond/cmd")
    assert reply.body["response_type"] == "in_channel"
    assert "KP 1.3" in reply.body["text"]
    assert "Welke acties betrekken VMM?" in json.dumps(reply.body["blocks"], ensure_ascii=False)


def test_empty_slash_command_gets_dutch_help(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    response = slack.command("  ")
    assert response.status_code == 200
    assert response.json()["text"] == HELP_TEXT
    fake.settle()
    assert answerer.questions == []
    assert fake.calls_to("/respond/cmd") == []


def test_retried_event_is_answered_once(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    assert slack.event(mention(), event_id="EvRETRY").status_code == 200
    retry = slack.event(mention(), event_id="EvRETRY", **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    assert retry.status_code == 200
    fake.wait_for("chat.postMessage")
    fake.settle()
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(answerer.questions) == 1


@pytest.mark.parametrize("message_first", [False, True])
def test_tagged_post_arriving_as_mention_and_message_is_answered_once(
    slack: Slack, fake: FakeSlackApi, answerer: Any, message_first: bool
) -> None:
    events = [mention(), message("<@UBOT> Welke acties betrekken VMM?")]
    for event in reversed(events) if message_first else events:
        assert slack.event(event).status_code == 200
    (post,) = fake.wait_for("chat.postMessage")
    fake.settle()
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert post.body["thread_ts"] == TS
    assert len(answerer.questions) == 1


def test_follow_up_in_the_thread_continues_the_conversation(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    slack.event(message("en welke daarvan zijn sleutelacties?", ts="1700000200.000300", thread_ts=TS))
    posts = fake.wait_for("chat.postMessage", 2)
    assert posts[1].body["thread_ts"] == TS
    (_first, first_conversation), (follow_up, follow_up_conversation) = answerer.questions
    assert follow_up == "en welke daarvan zijn sleutelacties?"
    assert follow_up_conversation == first_conversation == f"slack:C0001:{TS}"


def test_channel_chatter_is_not_answered(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    # A top-level channel message, and a reply in a thread the bot was never mentioned in.
    assert slack.event(message("koffie iemand?")).status_code == 200
    assert slack.event(message("ja!", ts="1700000300.000400", thread_ts="1600000000.000001")).status_code == 200
    fake.settle()
    assert answerer.questions == []
    assert fake.calls_to("chat.postMessage") == []


def test_bot_and_own_messages_are_ignored(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    in_thread = {"thread_ts": TS}
    ignored = [
        message("Antwoord van de bot", ts="1.1", user=BOT_USER_ID, bot_id=BOT_ID, **in_thread),
        message("Een andere bot", ts="1.2", bot_id="BOTHER", subtype="bot_message", **in_thread),
        message("Een andere bot zonder subtype", ts="1.3", user="UOTHERBOT", bot_id="BOTHER", **in_thread),
        message("Eigen DM", ts="1.4", channel="D0001", channel_type="im", user=BOT_USER_ID),
        message("bewerkt", ts="1.5", subtype="message_changed", **in_thread),
        mention(ts="1.6", user="UOTHERBOT", bot_id="BOTHER"),
    ]
    for event in ignored:
        assert slack.event(event).status_code == 200
    fake.settle()
    assert len(answerer.questions) == 1
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_bare_mention_gets_help_without_asking_the_answerer(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    slack.event(mention(text="<@UBOT>"))
    (post,) = fake.wait_for("chat.postMessage")
    assert "/actieplan" in post.body["text"]
    assert answerer.questions == []


# -- signatures ------------------------------------------------------------------------------------


def test_bad_signature_is_refused(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    assert slack.event(mention(), secret="not-the-secret").status_code == 401
    fake.settle(quiet=0.3)
    assert answerer.questions == []
    assert fake.calls_to("chat.postMessage") == []


def test_stale_timestamp_is_refused(slack: Slack, fake: FakeSlackApi, answerer: Any) -> None:
    assert slack.event(mention(), timestamp=int(time.time()) - 6 * 60).status_code == 401
    fake.settle(quiet=0.3)
    assert answerer.questions == []


def test_url_verification_challenge_is_answered(slack: Slack) -> None:
    body = json.dumps({"token": "x", "challenge": "abc123", "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}
