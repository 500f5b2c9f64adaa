"""Slack as staff use it: the thread is the context, every asker has their own answers, and chatter is left alone.

The real bot (slack-bolt, through the service) against the fake Slack Web API, which keeps every message and
gives a thread back (conversations.replies); the answers come from the real answerer over the session's index.
Each scenario is written to test-artifacts/slack/thread-*.json, to read as a staff member would.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest

from assistant.answerer import Answerer
from assistant.question.addressing import examples
from assistant.stores.feedback import FeedbackStore
from integrations.slack.gate import THREAD_MEMORY_S
from integrations.slack.notices import UNREADABLE
from tests.support import slack_fixtures
from tests.support.dates import TODAY
from tests.support.fake_slack_api import TS, Call, FakeSlackApi
from tests.support.slack_artifacts import message_of, save_scenario
from tests.support.slack_fixtures import VMM_ACTIONS, VMM_QUESTION
from tests.support.slack_workspace import Slack, button, mention, message, posted

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

KEY_ACTIONS_OF_VMM = ["BT 2.1", "BT 3.3", "KP 1.3"]
FOLLOW_UP = "en welke daarvan zijn sleutelacties?"
WORKSHOP = "wie organiseert de workshop over diep grondwater?"


def cited(call: Call) -> list[str]:
    """The action ids a posted reply names in its fallback text's "Bronnen:" line."""
    sources = call.body["text"].rsplit("Bronnen: ", 1)[-1]
    return sorted(re.findall(r"[A-Z]{2} \d+\.\d+", sources))


def header(call: Call) -> str:
    """The line above an answer that names its asker (and, where needed, the question)."""
    first = call.body["blocks"][0]
    assert first.get("block_id") == "asked", first
    return str(first["elements"][0]["text"])


def answered(feedback: FeedbackStore) -> list[tuple[str, str]]:
    """(question, conversation id) of every answer the bot gave, in order."""
    with sqlite3.connect(feedback.path) as db:  # type: ignore[attr-defined]
        return db.execute("SELECT question, conversation_id FROM answers ORDER BY created").fetchall()


def forget_conversations(answerer: Answerer) -> None:
    """What an hour of silence (or a restart on another host) does to the conversation store: nothing left."""
    with sqlite3.connect(answerer.conversations.path) as db:  # type: ignore[attr-defined]
        db.execute("DELETE FROM turns")


def said(fake: FakeSlackApi, text: str, user: str, ts: str, thread_ts: str | None = None) -> None:
    """A message a person wrote that the bot does not receive (no tag, no opt-in), but can read in the thread."""
    written: dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts}
    if thread_ts:
        written["thread_ts"] = thread_ts
    fake.remember("C0001", written)


def expected_follow_up(answerer: Answerer, first: str, follow_up: str) -> list[str]:
    """What the answerer itself says to a follow-up after a first question, in a conversation of its own."""
    conversation = f"expected-{first}"
    answerer.answer(first, conversation, today=TODAY)
    return sorted(answerer.answer(follow_up, conversation, today=TODAY).cited_ids)


# -- the thread is the context -----------------------------------------------------------------------------------


def test_a_tag_under_a_colleagues_question_answers_that_question(slack: Slack, fake: FakeSlackApi) -> None:
    # A colleague asks the channel; someone tags the bot in the thread, without repeating the question.
    said(fake, WORKSHOP, "U0002", TS)
    slack.event(mention("<@UBOT> weet jij dit?", ts="1700000100.000200", thread_ts=TS))
    slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    assert post.body["thread_ts"] == TS
    assert "BW 1.6" in cited(post), "BW 1.6 is that workshop"
    # The answer names who tagged it, and the question it answers (which the tag did not say).
    assert header(post) == f"<@U0001> vroeg: „{WORKSHOP}”"
    (read,) = fake.calls_to("conversations.replies")
    assert read.body["ts"] == TS and read.body["include_all_metadata"] in ("1", "true")
    # 👀 from the start (reading the thread takes a moment too) until the answer is there.
    (added,), (removed,) = fake.calls_to("reactions.add"), fake.calls_to("reactions.remove")
    assert fake.calls.index(added) < fake.calls.index(read) < fake.calls.index(post) < fake.calls.index(removed)
    save_scenario(
        "thread-not-part-of",
        f"U0002 vraagt in het kanaal „{WORKSHOP}”; U0001 tagt de bot in de thread: „@actieplan weet jij dit?”.",
        [message_of(post, "het antwoord van de bot in de thread")],
    )


def test_a_follow_up_tagged_under_a_colleagues_question_builds_on_that_question(
    slack: Slack, fake: FakeSlackApi, feedback: Any
) -> None:
    said(fake, VMM_QUESTION, "U0002", TS)
    slack.event(mention(f"<@UBOT> {FOLLOW_UP}", ts="1700000100.000200", thread_ts=TS))
    slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    assert cited(post) == KEY_ACTIONS_OF_VMM, "'daarvan' are the actions the colleague asked about"
    assert [question for question, _ in answered(feedback)] == [FOLLOW_UP], "only the answer given is recorded"


def test_where_the_thread_cannot_be_read_the_bot_says_so(slack: Slack, fake: FakeSlackApi, feedback: Any) -> None:
    fake.fail("conversations.replies", "not_in_channel")
    said(fake, WORKSHOP, "U0002", TS)
    slack.event(mention("<@UBOT> weet jij dit?", ts="1700000100.000200", thread_ts=TS))
    slack.event(mention(f"<@UBOT> {FOLLOW_UP}", ts="1700000100.000300", thread_ts=TS, user="U0003"))
    # A question of its own needs no thread: it is answered as asked.
    slack.event(mention(f"<@UBOT> {VMM_QUESTION}", ts="1700000100.000400", thread_ts=TS, user="U0004"))
    slack.idle()
    posts = fake.calls_to("chat.postMessage")
    notices = [p for p in posts if UNREADABLE in p.body["text"]]
    assert len(notices) == 2 and {n.body["text"].split()[0] for n in notices} == {"<@U0001>", "<@U0003>"}
    assert all(n.body["thread_ts"] == TS for n in notices)
    (vmm,) = [p for p in posts if p not in notices]
    assert cited(vmm) == VMM_ACTIONS
    assert [question for question, _ in answered(feedback)] == [VMM_QUESTION], "nothing was guessed"
    save_scenario(
        "thread-unreadable",
        "De bot mag de thread niet lezen (not_in_channel); U0001 tagt hem met „weet jij dit?”.",
        [message_of(notices[0], "wat de bot zegt")],
    )


def test_a_follow_up_resolves_against_the_thread_after_the_store_forgot(
    slack: Slack, fake: FakeSlackApi, bot_answerer: Answerer
) -> None:
    slack.event(mention())
    (first,) = fake.wait_for("chat.postMessage")
    # The answer carries what a follow-up needs, in Slack's own keeping.
    metadata = first.body["metadata"]
    assert metadata["event_type"] == "actieplan_answer"
    assert metadata["event_payload"]["asker"] == "U0001"
    assert sorted(metadata["event_payload"]["ids"].split(",")) == VMM_ACTIONS
    slack.idle()
    forget_conversations(bot_answerer)
    slack.event(mention(f"<@UBOT> {FOLLOW_UP}", ts="1700003600.000100", thread_ts=TS))
    slack.idle()
    follow = fake.calls_to("chat.postMessage")[1]
    assert cited(follow) == KEY_ACTIONS_OF_VMM, "the 3 key actions of the list above, not the plan's 19"


def test_a_follow_up_without_a_tag_opens_a_thread_for_a_long_time(slack: Slack, fake: FakeSlackApi) -> None:
    assert THREAD_MEMORY_S >= 180 * 24 * 3600, "a thread stays open as long as staff come back to it"
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    # With the history opt-in, a plain reply in the thread is a follow-up.
    slack.event(message(FOLLOW_UP, ts="1700003600.000100", thread_ts=TS))
    slack.idle()
    follow = fake.calls_to("chat.postMessage")[1]
    assert cited(follow) == KEY_ACTIONS_OF_VMM
    assert header(follow) == "Voor <@U0001>", "one asker: the question is right above"


def test_a_reply_under_a_dm_answer_continues_from_it(slack: Slack, fake: FakeSlackApi, bot_answerer: Answerer) -> None:
    slack.event(message(VMM_QUESTION, channel="D0001", channel_type="im"))
    (answer,) = fake.wait_for("chat.postMessage")
    slack.idle()
    forget_conversations(bot_answerer)
    # The person replies in the thread under the bot's answer, days later.
    slack.event(
        message(FOLLOW_UP, channel="D0001", channel_type="im", ts="1700600000.000100", thread_ts=answer.reply["ts"])
    )
    slack.idle()
    follow = fake.calls_to("chat.postMessage")[1]
    assert follow.body["thread_ts"] == answer.reply["ts"]
    assert cited(follow) == KEY_ACTIONS_OF_VMM
    assert follow.body["blocks"][0].get("block_id") != "asked", "in a DM the bot does not name the only person there"


# -- per person -------------------------------------------------------------------------------------------------


def test_two_askers_in_one_thread_each_get_their_own_follow_up(
    slack: Slack, fake: FakeSlackApi, answerer: Answerer, feedback: Any
) -> None:
    running = "Welke acties lopen nu?"
    slack.event(mention())  # U0001: VMM, in a new thread
    fake.wait_for("chat.postMessage")
    slack.event(mention(f"<@UBOT> {running}", ts="1700000200.000100", thread_ts=TS, user="U0002"))
    fake.wait_for("chat.postMessage", 2)
    slack.event(mention(f"<@UBOT> {FOLLOW_UP}", ts="1700000300.000100", thread_ts=TS, user="U0002"))
    fake.wait_for("chat.postMessage", 3)
    slack.event(mention(f"<@UBOT> {FOLLOW_UP}", ts="1700000400.000100", thread_ts=TS))
    slack.idle()
    vmm, runs, theirs, mine = fake.calls_to("chat.postMessage")
    assert header(vmm) == "Voor <@U0001>"
    # From the second asker on, each answer shows whose question it answers.
    assert header(runs) == f"<@U0002> vroeg: „{running}”"
    assert header(theirs) == f"<@U0002> vroeg: „{FOLLOW_UP}”"
    assert header(mine) == f"<@U0001> vroeg: „{FOLLOW_UP}”"
    assert cited(mine) == KEY_ACTIONS_OF_VMM, "U0001's 'daarvan' is their own VMM list"
    assert cited(theirs) == expected_follow_up(answerer, running, FOLLOW_UP), "U0002's is the running actions"
    assert cited(theirs) != cited(mine)
    conversations = [conversation for _, conversation in answered(feedback)]
    assert conversations == [f"slack:C0001:{TS}:{user}" for user in ("U0001", "U0002", "U0002", "U0001")]
    save_scenario(
        "thread-two-askers",
        f"U0001 tagt de bot: „{VMM_QUESTION}”. In de thread vraagt U0002 „{running}”, daarna vragen beiden "
        f"„{FOLLOW_UP}”.",
        [
            message_of(call, label)
            for call, label in zip((vmm, runs, theirs, mine), ("U0001", "U0002", "U0002", "U0001"), strict=True)
        ],
    )


def test_a_suggestion_clicked_by_someone_else_resolves_against_the_answer_it_is_under(
    slack: Slack, fake: FakeSlackApi
) -> None:
    slack.event(mention())
    (vmm,) = fake.wait_for("chat.postMessage")
    slack.event(mention("<@UBOT> Welke acties lopen nu?", ts="1700000200.000100", thread_ts=TS, user="U0002"))
    fake.wait_for("chat.postMessage", 2)
    slack.idle()
    # U0003 clicks "Welke daarvan zijn sleutelacties?" under the VMM answer, after the running list was posted.
    suggestion = button(vmm, "ask_suggestion:0")
    assert suggestion["text"]["text"] == "Welke daarvan zijn sleutelacties?"
    slack.click(suggestion["action_id"], suggestion["value"], posted(vmm), user="U0003")
    slack.idle()
    clicked = fake.calls_to("chat.postMessage")[2]
    assert cited(clicked) == KEY_ACTIONS_OF_VMM
    assert header(clicked) == "<@U0003> vroeg: „Welke daarvan zijn sleutelacties?”"
    assert button(clicked, "feedback_up")


# -- only questions ---------------------------------------------------------------------------------------------


def test_chatter_in_an_opted_in_thread_gets_no_answer_and_questions_do(
    slack: Slack, fake: FakeSlackApi, feedback: Any
) -> None:
    slack.event(mention())
    fake.wait_for("chat.postMessage")
    slack.idle()
    chatter = examples().chatter
    for n, text in enumerate(chatter):
        user = "U0002" if n % 2 else "U0001"
        slack.event(message(text, ts=f"1700000500.{n:06d}", thread_ts=TS, user=user))
    slack.idle()
    assert len(fake.calls_to("chat.postMessage")) == 1, "no answer to thanks, remarks or colleagues"
    assert len(fake.calls_to("reactions.add")) == 1, "not even 👀"
    slack.event(message("wie trekt KP 1.3?", ts="1700000600.000100", thread_ts=TS, user="U0002"))
    slack.idle()
    slack.event(message(FOLLOW_UP, ts="1700000600.000200", thread_ts=TS))
    slack.idle()
    questions = [question for question, _ in answered(feedback)]
    assert questions == [VMM_QUESTION, "wie trekt KP 1.3?", FOLLOW_UP]
    thread = fake.thread("C0001", TS)
    transcript = [
        {"label": f"{m.get('user')}{' (bot)' if m.get('bot_id') else ''}", "text": m.get("text"), "blocks": []}
        for m in thread
    ]
    save_scenario(
        "thread-chatter",
        "Een thread met vervolgvragen zonder tag (opt-in): na het antwoord over VMM volgen "
        f"{len(chatter)} berichten die geen vraag aan de bot zijn, dan twee echte vervolgvragen. Zo ziet de thread "
        "eruit: de bot antwoordt alleen op de twee vragen.",
        transcript,
    )


@pytest.mark.parametrize("text", ["Top, bedankt!", "Ik bel Jan morgen wel even."])
def test_the_chatter_of_the_issue_in_a_group_dm_gets_no_answer(slack: Slack, fake: FakeSlackApi, text: str) -> None:
    slack.event(message(text, channel="G0001", channel_type="mpim"))
    slack.idle()
    assert fake.calls_to("chat.postMessage") == []
