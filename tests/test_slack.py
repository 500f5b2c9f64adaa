"""The Slack bot answering through the real service: signed requests in, the fake Slack Web API records replies.

The answers come from the real answerer over the session's ingested index, so the ids asserted are the plan's.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from datetime import date
from typing import Any

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.blocks import HELP_TEXT
from tests.support import slack_fixtures
from tests.support.fake_slack_api import BOT_ID, BOT_USER_ID, TS, FakeSlackApi
from tests.support.slack_fixtures import BOT_TOKEN, PUBLIC_URL, VMM_ACTIONS, VMM_QUESTION, serve
from tests.support.slack_workspace import Slack, button_value, mention, message

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

KEY_ACTIONS_OF_VMM = ["BT 2.1", "BT 3.3", "KP 1.3"]


def cited(call: Any) -> list[str]:
    """The action ids a posted reply names in its fallback text's "Bronnen:" line."""
    sources = call.body["text"].rsplit("Bronnen: ", 1)[-1]
    return sorted(re.findall(r"[A-Z]{2} \d+\.\d+", sources))


def recorded(feedback: FeedbackStore) -> list[tuple[str, str]]:
    """(question, conversation id) of every answer the bot gave, in order."""
    with sqlite3.connect(feedback.path) as db:
        return db.execute("SELECT question, conversation_id FROM answers ORDER BY created").fetchall()


def action_link(action_id: str) -> str:
    return f"<{PUBLIC_URL}/acties/{action_id.replace(' ', '%20')}|"


# -- answering -------------------------------------------------------------------------------------


def test_mention_is_answered_in_its_thread_with_every_action_of_vmm_linked(slack: Slack, fake: FakeSlackApi) -> None:
    assert slack.event(mention()).status_code == 200
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "C0001"
    assert post.body["thread_ts"] == TS
    assert post.authorization == f"Bearer {BOT_TOKEN}"
    assert cited(post) == VMM_ACTIONS
    text = json.dumps(post.body["blocks"], ensure_ascii=False)
    for action_id in VMM_ACTIONS:
        # Every cited action reachable, linked once: in the answer, and so not again under "Bronnen".
        assert text.count(action_link(action_id)) == 1, action_id
    assert "Bronnen" not in text
    # The answer names its asker: the line above it, and the notification.
    assert post.body["blocks"][0]["elements"][0]["text"] == "Voor <@U0001>"
    assert post.body["text"].startswith("<@U0001> ")


def test_the_ack_does_not_wait_for_the_answer(fake: FakeSlackApi, settings: Settings, bot_answerer: Answerer) -> None:
    release = threading.Event()

    class SlowAnswerer:
        def __getattr__(self, name: str) -> Any:
            return getattr(bot_answerer, name)

        def answer(self, question: str, conversation_id: str | None = None, *, today: date) -> Any:
            assert release.wait(30)
            return bot_answerer.answer(question, conversation_id, today=today)

    for slack in serve(fake, SlowAnswerer(), settings, None):
        assert slack.event(mention()).status_code == 200
        # Acknowledged while the answer is still being made: Slack gets its 200 within its 3 s.
        assert fake.calls_to("chat.postMessage") == []
        release.set()
        (post,) = fake.wait_for("chat.postMessage")
        assert cited(post) == VMM_ACTIONS


def test_eyes_reaction_shows_while_answering_and_is_removed_after(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention())
    slack.idle()
    (added,) = fake.calls_to("reactions.add")
    (removed,) = fake.calls_to("reactions.remove")
    (post,) = fake.calls_to("chat.postMessage")
    for reaction in (added, removed):
        assert (reaction.body["channel"], reaction.body["timestamp"], reaction.body["name"]) == ("C0001", TS, "eyes")
    assert fake.calls.index(added) < fake.calls.index(post) < fake.calls.index(removed)


def test_answer_is_posted_when_the_reaction_is_refused(slack: Slack, fake: FakeSlackApi) -> None:
    fake.fail("reactions.add", "missing_scope")
    slack.event(mention())
    slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    assert cited(post) == VMM_ACTIONS
    assert fake.calls_to("reactions.remove") == [], "nothing to remove"


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
    # The conversation is the asker's own in this thread.
    assert row == ("slack", VMM_QUESTION, f"slack:C0001:{TS}:U0001")


def test_direct_message_is_answered(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    slack.event(message(VMM_QUESTION, channel="D0001", channel_type="im"))
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "D0001"
    assert "thread_ts" not in post.body
    assert cited(post) == VMM_ACTIONS
    assert recorded(feedback) == [(VMM_QUESTION, "slack:D0001")]


def test_group_dm_is_answered_like_a_direct_message(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    slack.event(message(VMM_QUESTION, channel="G0001", channel_type="mpim"))
    (post,) = fake.wait_for("chat.postMessage")
    assert post.body["channel"] == "G0001" and "thread_ts" not in post.body
    assert cited(post) == VMM_ACTIONS
    slack.event(
        message("en welke daarvan zijn sleutelacties?", ts="1700000500.000600", channel="G0001", channel_type="mpim")
    )
    posts = fake.wait_for("chat.postMessage", 2)
    assert cited(posts[1]) == KEY_ACTIONS_OF_VMM
    # Several people share a group DM: each has their own conversation, and is named.
    assert [conversation for _, conversation in recorded(feedback)] == ["slack:G0001:by:U0001"] * 2
    assert all(p.body["text"].startswith("<@U0001> ") for p in posts)


def test_retried_event_is_answered_once(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    assert slack.event(mention(), event_id="EvRETRY").status_code == 200
    retry = slack.event(mention(), event_id="EvRETRY", **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    assert retry.status_code == 200
    slack.idle()
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(recorded(feedback)) == 1


def test_tagged_post_arriving_as_mention_and_message_is_answered_once(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    for events in (
        [mention(), message(f"<@UBOT> {VMM_QUESTION}")],
        [message(f"<@UBOT> {VMM_QUESTION}", ts="2.0"), mention(ts="2.0")],
    ):
        for event in events:
            assert slack.event(event).status_code == 200
    slack.idle()
    posts = fake.calls_to("chat.postMessage")
    assert sorted(p.body["thread_ts"] for p in posts) == sorted(["2.0", TS])
    assert len(recorded(feedback)) == 2


def test_follow_up_in_the_thread_continues_the_conversation(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    # Arrives only with the history opt-in (message.channels); a mention in the thread works without it.
    slack.event(message("en welke daarvan zijn sleutelacties?", ts="1700000200.000300", thread_ts=TS))
    slack.event(mention("<@UBOT> en welke daarvan zijn sleutelacties?", ts="1700000200.000400", thread_ts=TS))
    posts = fake.wait_for("chat.postMessage", 3)
    assert [p.body["thread_ts"] for p in posts] == [TS, TS, TS]
    assert cited(posts[1]) == cited(posts[2]) == KEY_ACTIONS_OF_VMM


def test_channel_chatter_is_not_answered(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    # A top-level channel message, and a reply in a thread the bot was never mentioned in.
    assert slack.event(message("koffie iemand?")).status_code == 200
    assert slack.event(message("ja!", ts="1700000300.000400", thread_ts="1600000000.000001")).status_code == 200
    slack.idle()
    assert recorded(feedback) == []
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []


def test_bot_and_own_messages_are_ignored(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
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
    slack.idle()
    assert len(recorded(feedback)) == 1
    assert len(fake.calls_to("chat.postMessage")) == 1


def test_bare_mention_and_help_words_get_help_without_asking_the_answerer(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention(text="<@UBOT>"))
    slack.event(mention(text="<@UBOT> help", ts="1700000600.000700"))
    slack.event(message("hulp", channel="D0001", channel_type="im", ts="1700000600.000800"))
    slack.idle()
    posts = fake.calls_to("chat.postMessage")
    assert len(posts) == 3 and all("/actieplan" in post.body["text"] for post in posts)
    assert recorded(feedback) == []


# -- the slash command -----------------------------------------------------------------------------


def test_slash_command_replies_privately_with_a_share_button(slack: Slack, fake: FakeSlackApi) -> None:
    assert slack.command(VMM_QUESTION).status_code == 200
    slack.idle()
    (reply,) = fake.calls_to("/respond/cmd")
    assert reply.body["response_type"] == "ephemeral"
    assert cited(reply) == VMM_ACTIONS
    assert VMM_QUESTION in json.dumps(reply.body["blocks"], ensure_ascii=False)
    assert button_value(reply, "share_in_channel")
    assert fake.calls_to("chat.postMessage") == [], "nothing in the channel before it is shared"


def test_sharing_posts_in_the_channel_and_its_thread_continues(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.command(VMM_QUESTION, user="U0007")
    (reply,) = fake.wait_for("/respond/cmd")
    slack.click("share_in_channel", button_value(reply, "share_in_channel"), None, user="U0007")
    slack.idle()
    (shared,) = fake.calls_to("chat.postMessage")
    assert shared.body["channel"] == "C0001" and "thread_ts" not in shared.body
    assert cited(shared) == VMM_ACTIONS
    blocks = json.dumps(shared.body["blocks"], ensure_ascii=False)
    assert VMM_QUESTION in blocks and "<@U0007>" in blocks
    assert "share_in_channel" not in blocks
    assert any(c.body.get("delete_original") for c in fake.calls_to("/respond/click")), "the private copy goes"

    # A follow-up in the shared message's thread continues the /actieplan conversation.
    thread = shared.reply["ts"]
    slack.event(mention("<@UBOT> en welke daarvan zijn sleutelacties?", ts="1800000000.000100", thread_ts=thread))
    posts = fake.wait_for("chat.postMessage", 2)
    assert posts[1].body["thread_ts"] == thread
    assert cited(posts[1]) == KEY_ACTIONS_OF_VMM


def test_sharing_where_the_bot_is_not_a_member_posts_through_the_response_url(slack: Slack, fake: FakeSlackApi) -> None:
    fake.fail("chat.postMessage", "not_in_channel")
    slack.command(VMM_QUESTION)
    (reply,) = fake.wait_for("/respond/cmd")
    slack.click("share_in_channel", button_value(reply, "share_in_channel"), None)
    slack.idle()
    replies = fake.calls_to("/respond/click")
    (public,) = [r for r in replies if r.body.get("response_type") == "in_channel"]
    assert cited(public) == VMM_ACTIONS
    assert any(r.body.get("delete_original") for r in replies)
    assert any("/invite" in r.body.get("text", "") for r in replies), "says how to get follow-ups"


def test_next_slash_command_continues_the_conversation(slack: Slack, fake: FakeSlackApi) -> None:
    slack.command(VMM_QUESTION)
    fake.wait_for("/respond/cmd")
    slack.command("en welke daarvan zijn sleutelacties?")
    replies = fake.wait_for("/respond/cmd", 2)
    assert cited(replies[1]) == KEY_ACTIONS_OF_VMM
    # Another person's command in the same channel starts afresh.
    slack.command("en welke daarvan zijn sleutelacties?", user="U0099")
    replies = fake.wait_for("/respond/cmd", 3)
    assert cited(replies[2]) != KEY_ACTIONS_OF_VMM


def test_slash_help_words_get_the_private_help(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    for word in ("  ", "help", "Hulp", "?"):
        response = slack.command(word)
        assert response.status_code == 200
        assert response.json() == {"text": HELP_TEXT, "response_type": "ephemeral"}
    slack.idle()
    assert recorded(feedback) == []
    assert fake.calls_to("/respond/cmd") == []
