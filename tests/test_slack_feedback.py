"""The Slack bot's buttons: 👍/👎 per person, the 👎 form, suggested questions, and "Toon alles" for long lists."""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

import pytest

from assistant.answer_models import Suggestion
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from tests.support import slack_fixtures
from tests.support.fake_slack_api import TS, FakeSlackApi
from tests.support.fakes import FakeAnswerer, make_answer
from tests.support.slack_fixtures import VMM_ACTIONS, VMM_QUESTION, serve
from tests.support.slack_workspace import Slack, button, button_value, mention, posted

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack


def votes(feedback: FeedbackStore) -> list[tuple[str, str, str | None]]:
    """(user, rating, comment) of every stored vote, by user."""
    with sqlite3.connect(feedback.path) as db:
        return db.execute("SELECT user_ref, rating, comment FROM feedback ORDER BY user_ref").fetchall()


# -- feedback per person ---------------------------------------------------------------------------


def test_two_people_vote_on_one_answer_and_each_is_thanked_privately(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    message_id = button_value(post, "feedback_up")
    slack.click("feedback_up", message_id, posted(post), user="U0001")
    slack.click("feedback_down", message_id, posted(post), user="U0002")
    slack.click("feedback_down", message_id, posted(post), user="U0001")  # U0001 changes their mind
    slack.idle()

    assert votes(feedback) == [("U0001", "down", None), ("U0002", "down", None)]
    (thanks,) = fake.calls_to("/respond/click")
    assert thanks.body["response_type"] == "ephemeral" and thanks.body["replace_original"] is False
    assert "Bedankt" in thanks.body["text"]
    # The buttons stay for everyone: the message itself is never changed.
    assert fake.calls_to("chat.update") == []
    assert not any(c.body.get("replace_original") for c in fake.calls_to("/respond/click"))
    assert len(fake.calls_to("views.open")) == 2, "each 👎 opens the form for its clicker"


def test_feedback_buttons_carry_accessibility_labels(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    for action_id in ("feedback_up", "feedback_down"):
        label = button(post, action_id)["accessibility_label"]
        assert label and "👍" not in label and "👎" not in label


def test_thumbs_down_form_stores_the_comment_with_the_vote(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    slack.click("feedback_down", button_value(post, "feedback_down"), posted(post), user="U0042")
    (opened,) = fake.wait_for("views.open")
    assert opened.body["trigger_id"] == "1.2.4"
    view = opened.body["view"]
    assert view["type"] == "modal" and len(view["title"]["text"]) <= 24
    (field,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert field["optional"] is True

    values = {"comment": {"comment": {"type": "plain_text_input", "value": "  KP 4.4 ontbreekt  "}}}
    assert slack.submit(view, values, user="U0042").status_code == 200
    slack.idle()
    assert votes(feedback) == [("U0042", "down", "KP 4.4 ontbreekt")]
    (item,) = feedback.feedback()
    assert item["question"] == VMM_QUESTION and item["comment"] == "KP 4.4 ontbreekt"


def test_an_empty_or_broken_form_changes_nothing(slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    slack.click("feedback_down", button_value(post, "feedback_down"), posted(post), user="U0042")
    (opened,) = fake.wait_for("views.open")
    view = opened.body["view"]
    slack.submit(view, {"comment": {"comment": {"type": "plain_text_input", "value": None}}})
    slack.submit({**view, "private_metadata": "kapot"}, {"comment": {"comment": {"value": "x"}}})
    slack.submit(view, {})
    slack.idle()
    assert votes(feedback) == [("U0042", "down", None)]


def test_form_that_cannot_open_falls_back_to_a_private_thank_you(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    fake.fail("views.open", "expired_trigger_id")
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    slack.click("feedback_down", button_value(post, "feedback_down"), posted(post))
    slack.idle()
    (thanks,) = fake.calls_to("/respond/click")
    assert thanks.body["response_type"] == "ephemeral" and "Bedankt" in thanks.body["text"]
    assert [rating for _, rating, _ in votes(feedback)] == ["down"]


def test_click_without_response_url_is_thanked_with_an_ephemeral_message(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    slack.click("feedback_up", button_value(post, "feedback_up"), posted(post), user="U0005", with_response_url=False)
    (ephemeral,) = fake.wait_for("chat.postEphemeral")
    assert (ephemeral.body["channel"], ephemeral.body["user"]) == ("C0001", "U0005")
    assert [item["rating"] for item in feedback.feedback()] == ["up"]


def test_feedback_on_an_unknown_answer_tells_the_clicker(slack: Slack, fake: FakeSlackApi, feedback: Any) -> None:
    slack.click("feedback_up", "no-such-message", {"type": "message", "ts": "1.0", "text": "oud", "blocks": []})
    (reply,) = fake.wait_for("/respond/click")
    assert reply.body["response_type"] == "ephemeral"
    assert "niet (meer) bekend" in reply.body["text"]
    assert feedback.feedback() == []


@pytest.mark.parametrize(
    "actions",
    [
        [],
        [{"type": "button", "action_id": "feedback_up"}],
        [{"type": "button", "action_id": "feedback_up", "value": 42}],
        [{"type": "button", "action_id": "feedback_up", "value": ""}],
        ["feedback_up"],
    ],
)
def test_malformed_feedback_clicks_are_ignored(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore, caplog: pytest.LogCaptureFixture, actions: Any
) -> None:
    caplog.set_level(logging.INFO)
    payload = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U1"}, "actions": actions}
    from urllib.parse import urlencode

    response = slack.post(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")
    assert response.status_code in (200, 400, 404)
    slack.idle()
    assert feedback.feedback() == []
    assert not any(record.exc_info for record in caplog.records), "no traceback for a broken click"


# -- suggestions, "Toon alles" -----------------------------------------------------------------------


def choice_answer() -> Any:
    return make_answer(
        "Bedoel je de acties die VMM trekt, of alle acties waarbij VMM betrokken is?",
        ids=(),
        needs_choice=True,
        suggestions=[
            Suggestion(label="VMM trekt", question="Welke acties trekt VMM?"),
            Suggestion(label="VMM betrokken", question=VMM_QUESTION),
        ],
    )


def test_a_choice_is_offered_as_buttons_that_ask_in_the_thread(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore
) -> None:
    answerer = FakeAnswerer(choice_answer(), make_answer("VMM trekt KP 1.3 (KP 1.3).", ids=("KP 1.3",)))
    for slack in serve(fake, answerer, settings, feedback):
        slack.event(mention("<@UBOT> VMM?"))
        (post,) = fake.wait_for("chat.postMessage")
        choice = button(post, "ask_suggestion:0")
        assert choice["text"]["text"] == "VMM trekt" and choice["accessibility_label"].startswith("Vraag:")
        assert "Wat bedoel je?" in json.dumps(post.body["blocks"], ensure_ascii=False)
        slack.click("ask_suggestion:0", choice["value"], posted(post), user="U0003")
        slack.idle()
    answer = fake.calls_to("chat.postMessage")[1]
    assert answer.body["thread_ts"] == TS
    header = answer.body["blocks"][0]["elements"][0]["text"]
    assert header == "<@U0003> vroeg: „Welke acties trekt VMM?”", "the clicker and the question show"
    # The clicker's own conversation in the thread, continuing from the answer the button was under.
    assert answerer.questions[1] == ("Welke acties trekt VMM?", f"slack:C0001:{TS}:U0003")


def test_a_choice_in_a_private_reply_is_answered_privately(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore
) -> None:
    answerer = FakeAnswerer(choice_answer(), make_answer("VMM trekt KP 1.3 (KP 1.3).", ids=("KP 1.3",)))
    for slack in serve(fake, answerer, settings, feedback):
        slack.command("VMM?")
        (reply,) = fake.wait_for("/respond/cmd")
        slack.click("ask_suggestion:1", button(reply, "ask_suggestion:1")["value"], None)
        slack.idle()
    (answer,) = fake.calls_to("/respond/click")
    assert answer.body["response_type"] == "ephemeral"
    assert answerer.questions[1] == (VMM_QUESTION, "slack:C0001:cmd:U0001")
    assert fake.calls_to("chat.postMessage") == []


def test_long_list_is_summarised_and_shown_whole_in_place_on_request(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention("<@UBOT> Welke acties lopen nu?"))
    (post,) = fake.wait_for("chat.postMessage")
    blocks = json.dumps(post.body["blocks"], ensure_ascii=False)
    running = sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", "))
    assert len(running) > 20
    sections = " ".join(b["text"]["text"] for b in post.body["blocks"] if b["type"] == "section")
    assert sections.count("• ") == 5, "the first five items"
    assert f"… en nog {len(running) - 5} acties" in sections
    assert "*Per focusdomein:* KP " in sections
    assert f"Toon alle {len(running)} in de actieverkenner" in blocks
    assert "https://actieplan.example.org/acties?active_now=true|" in blocks
    assert len(sections) < 2000, "no wall of text"
    # The other 22 are one click away (the explorer, "Toon alles"), not 22 links under "De eerste 5".
    assert blocks.count("/acties/") == 5 and "Bronnen" not in blocks

    slack.click("show_all", button_value(post, "show_all"), posted(post))
    slack.idle()
    assert len(fake.calls_to("chat.postMessage")) == 1, "no new message: the answer itself shows it all"
    (edit,) = fake.calls_to("chat.update")
    assert (edit.body["channel"], edit.body["ts"]) == ("C0001", post.reply["ts"])
    full = [b["text"]["text"] for b in edit.body["blocks"] if b["type"] == "section"]
    assert full[0].startswith("Het actieplan telt 27 acties die nu lopen:\n*Per focusdomein:* KP 10"), "summary first"
    assert " ".join(full).count("• ") == len(running)
    shown = json.dumps(edit.body["blocks"], ensure_ascii=False)
    for action_id in running:
        assert shown.count(f"/acties/{action_id.replace(' ', '%20')}|") == 1, f"{action_id} linked once"
    assert edit.body["blocks"][0]["elements"][0]["text"] == "Voor <@U0001>", "the asker is still named"
    assert not any(e.get("action_id") == "show_all" for b in edit.body["blocks"] for e in b.get("elements", []))
    assert button_value(edit, "feedback_up") == button_value(post, "feedback_up"), "the votes stay with the answer"


def test_short_answer_is_not_summarised(slack: Slack, fake: FakeSlackApi) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    sections = " ".join(b["text"]["text"] for b in post.body["blocks"] if b["type"] == "section")
    assert sections.count("• ") == len(VMM_ACTIONS)
    with pytest.raises(AssertionError):
        button(post, "show_all")


# -- a vote changed keeps the complaint ---------------------------------------------------------------------------


def test_a_complaint_survives_a_changed_vote_until_its_writer_clears_it(
    slack: Slack, fake: FakeSlackApi, feedback: FeedbackStore
) -> None:
    slack.event(mention())
    (post,) = fake.wait_for("chat.postMessage")
    message_id = button_value(post, "feedback_down")
    slack.click("feedback_down", message_id, posted(post), user="U0042")
    (form,) = fake.wait_for("views.open")
    values = {"comment": {"comment": {"type": "plain_text_input", "value": "KP 9.9 ontbreekt"}}}
    slack.submit(form.body["view"], values, user="U0042")
    slack.idle()

    # Changed to 👍: the vote changes, the complaint stays, and the export still shows it.
    slack.click("feedback_up", message_id, posted(post), user="U0042")
    slack.idle()
    assert votes(feedback) == [("U0042", "up", "KP 9.9 ontbreekt")]
    (thanks,) = fake.calls_to("/respond/click")
    assert "Je stem: goed antwoord" in thanks.body["text"] and "Klik 👎" in thanks.body["text"]
    assert "„KP 9.9 ontbreekt”" in thanks.body["text"], "the voter sees what is kept, and how to change it"
    (candidate,) = feedback.export_gold_candidates()
    assert candidate["question"] == VMM_QUESTION
    assert "KP 9.9 ontbreekt" in candidate["note"] and "de stem werd later 👍" in candidate["note"]

    # 👎 again: the form shows the comment; emptied and sent, the comment is cleared, on purpose.
    slack.click("feedback_down", message_id, posted(post), user="U0042")
    again = fake.wait_for("views.open", 2)[1].body["view"]
    (field,) = [b for b in again["blocks"] if b["type"] == "input"]
    assert field["element"]["initial_value"] == "KP 9.9 ontbreekt"
    assert "maak het veld leeg om ze te wissen" in json.dumps(again["blocks"], ensure_ascii=False)
    slack.submit(again, {"comment": {"comment": {"type": "plain_text_input", "value": ""}}}, user="U0042")
    slack.idle()
    assert votes(feedback) == [("U0042", "down", None)]
    slack.click("feedback_up", message_id, posted(post), user="U0042")
    slack.idle()
    assert feedback.export_gold_candidates() == [], "a 👍 without a complaint is no gold candidate"
    from tests.support.slack_artifacts import save_scenario

    save_scenario(
        "feedback-changed-vote",
        "U0042 klikt 👎 met „KP 9.9 ontbreekt”, daarna 👍, daarna weer 👎 (het formulier toont de opmerking).",
        [
            {"label": "bedankje na 👍 (alleen voor U0042)", "text": thanks.body["text"], "blocks": []},
            {"label": "formulier na de tweede 👎", "text": "", "blocks": again["blocks"]},
        ],
    )
