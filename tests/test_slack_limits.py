"""Never silent, and "Toon alles" once: what the bot does when Slack refuses a post, when an answer outgrows one
message, when the search service is down; the real bot against the fake Slack Web API, which refuses what Slack
refuses. Each scenario is written to test-artifacts/slack/, to read as a staff member would."""

from __future__ import annotations

import json

from assistant.answer_models import Answer
from assistant.stores.feedback import FeedbackStore
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from tests.support import slack_fixtures
from tests.support.block_kit import MAX_MESSAGE_TEXT, block_text
from tests.support.fake_slack_api import TS, Call, FakeSlackApi
from tests.support.fakes import FakeAnswerer, make_answer
from tests.support.slack_artifacts import message_of, save_scenario
from tests.support.slack_fixtures import PUBLIC_URL, VMM_QUESTION, serve
from tests.support.slack_workspace import Slack, button, button_value, mention, posted

# The shared fixtures, bound here so pytest finds them for this module.
fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

RUNNING = "Welke acties lopen nu?"


def sections(call: Call) -> str:
    return "\n".join(b["text"]["text"] for b in call.body.get("blocks") or [] if b["type"] == "section")


def buttons(call: Call) -> list[str]:
    return [e["action_id"] for b in call.body.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


# -- never silent -----------------------------------------------------------------------------------------------


def test_a_refused_post_becomes_a_short_text_and_the_asker_is_told_privately(slack: Slack, fake: FakeSlackApi) -> None:
    fake.refuse_blocks("msg_blocks_too_long")
    slack.event(mention(f"<@UBOT> {RUNNING}"))
    slack.idle()
    refused, fallback = fake.calls_to("chat.postMessage")
    assert refused.reply == {"ok": False, "error": "msg_blocks_too_long"}
    assert fallback.reply["ok"] and not fallback.body.get("blocks"), "plain text: nothing left to refuse"
    text = fallback.body["text"]
    assert text.startswith("<@U0001> Slack kon mijn antwoord niet volledig tonen; in het kort:")
    assert f"<{PUBLIC_URL}/acties?active_now=true|de 27 acties in de actieverkenner>" in text
    assert "Bronnen: KP 1.1, " in text and fallback.body["thread_ts"] == TS
    (note,) = fake.calls_to("chat.postEphemeral")
    assert (note.body["channel"], note.body["user"], note.body["thread_ts"]) == ("C0001", "U0001", TS)
    assert f"„{RUNNING}”" in note.body["text"] and "`msg_blocks_too_long`" in note.body["text"]
    assert "actieverkenner" in note.body["text"]
    assert len(fake.calls_to("reactions.remove")) == 1, "the 👀 goes once the reply is there"
    # The short text still carries the answer's turn: a follow-up in the thread builds on it.
    assert fallback.body["metadata"]["event_type"] == "actieplan_answer"
    save_scenario(
        "refused-post",
        f"Slack weigert de blokken van het antwoord op „{RUNNING}” (msg_blocks_too_long).",
        [message_of(refused, "geweigerd"), message_of(fallback, "in de thread"), message_of(note, "alleen voor U0001")],
    )


def test_refused_metadata_still_shows_the_whole_answer(slack: Slack, fake: FakeSlackApi) -> None:
    fake.refuse_metadata("metadata_too_large")
    slack.event(mention())
    slack.idle()
    refused, shown = fake.calls_to("chat.postMessage")
    assert refused.reply["error"] == "metadata_too_large"
    assert shown.reply["ok"] and shown.body["blocks"] == refused.body["blocks"] and not shown.body.get("metadata")
    assert fake.calls_to("chat.postEphemeral") == [], "nothing the asker misses"


def test_when_the_search_service_is_down_the_question_is_kept_and_can_be_asked_again(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore
) -> None:
    answer = make_answer("VMM is betrokken bij KP 1.3 (KP 1.3).", ids=("KP 1.3",))
    answerer = FakeAnswerer(StoreUnavailable("chroma op 10.0.0.5:8000 weigert"), answer)
    for slack in serve(fake, answerer, settings, feedback):
        slack.event(mention())
        (notice,) = fake.wait_for("chat.postMessage")
        slack.idle()
        assert notice.body["text"].startswith("<@U0001> De zoekdienst is tijdelijk niet bereikbaar.")
        assert f"*Je vraag:* {VMM_QUESTION}" in json.dumps(notice.body["blocks"], ensure_ascii=False)
        retry = button(notice, "retry_question")
        assert retry["text"]["text"] == "Opnieuw proberen"
        slack.click("retry_question", retry["value"], posted(notice), user="U0001")
        slack.idle()
    again = fake.calls_to("chat.postMessage")[1]
    assert again.body["thread_ts"] == TS and "KP 1.3" in again.body["text"]
    assert again.body["blocks"][0]["elements"][0]["text"] == f"<@U0001> vroeg: „{VMM_QUESTION}”"
    assert answerer.questions == [(VMM_QUESTION, f"slack:C0001:{TS}:U0001")] * 2, "the same question, same thread"
    save_scenario(
        "search-service-down",
        "De zoekdienst (Chroma) is weg wanneer U0001 de bot tagt; U0001 klikt daarna op „Opnieuw proberen”.",
        [message_of(notice, "de melding"), message_of(again, "na „Opnieuw proberen”")],
    )


# -- "Toon alles" once ------------------------------------------------------------------------------------------


def test_two_clicks_on_toon_alles_show_the_list_in_place_without_a_new_message(
    slack: Slack, fake: FakeSlackApi
) -> None:
    slack.event(mention(f"<@UBOT> {RUNNING}"))
    (summary,) = fake.wait_for("chat.postMessage")
    slack.idle()
    message_id = button_value(summary, "show_all")
    slack.click("show_all", message_id, posted(summary), user="U0002")
    slack.click("show_all", message_id, posted(summary), user="U0003")
    slack.idle()
    assert len(fake.calls_to("chat.postMessage")) == 1, "no public copy, however many click"
    first, second = fake.calls_to("chat.update")
    assert first.body["ts"] == second.body["ts"] == summary.reply["ts"]
    assert first.body["blocks"] == second.body["blocks"]
    full = sections(first)
    assert full.startswith("Het actieplan telt 27 acties die nu lopen:\n*Per focusdomein:* KP 10 · BW 6 · BT 2 · BM 9")
    assert full.count("• ") == 27 and "De eerste 5" not in full
    assert "show_all" not in buttons(first) and "feedback_up" in buttons(first)
    (kept,) = [m for m in fake.thread("C0001", TS) if m.get("bot_id")]
    assert kept["blocks"] == first.body["blocks"], "the thread shows the one answer, whole"
    assert kept["metadata"]["event_type"] == "actieplan_answer", "and still carries its turn"
    save_scenario(
        "toon-alles",
        f"U0001 vraagt „{RUNNING}”; U0002 en U0003 klikken elk op „Toon alles”: het antwoord zelf wordt "
        "aangevuld (chat.update), er komt geen nieuw bericht bij.",
        [message_of(summary, "het antwoord"), message_of(first, "na de klikken (hetzelfde bericht)")],
    )


def long_list(count: int = 59) -> Answer:
    """A list answer longer than one Slack message holds, as the composer writes one (an item per action)."""
    domains = ("KP", "BW", "BT", "BM")
    ids = [f"{domains[n % 4]} {n // 16 + 1}.{n % 16 + 1}" for n in range(count)]
    items = [
        f"• Een actie met een lange omschrijving over water, samenwerking en opvolging, nummer {n} ({i}) — trekker: "
        f"een organisatie met een lange naam; partners: vele anderen; vanaf Q{n % 4 + 1} 2026 (loopt nu); ondersteunend"
        for n, i in enumerate(ids)
    ]
    text = "\n".join([f"Het actieplan telt {count} acties die hierop passen:", *items])
    return make_answer(text, ids=tuple(ids), explorer_query="active_now=true")


def test_toon_alles_for_a_list_too_long_for_one_message_continues_below_it_once(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore
) -> None:
    answerer = FakeAnswerer(long_list())
    for slack in serve(fake, answerer, settings, feedback):
        slack.event(mention("<@UBOT> Welke acties lopen er allemaal?"))
        (summary,) = fake.wait_for("chat.postMessage")
        slack.idle()
        for user in ("U0001", "U0002"):
            slack.click("show_all", button_value(summary, "show_all"), posted(summary), user=user)
            slack.idle()
    first, _ = fake.calls_to("chat.update")
    rest = fake.calls_to("chat.postMessage")[1:]
    assert len(rest) >= 1, "the rest of the list follows in the thread"
    assert all(m.body["thread_ts"] == TS for m in rest)
    pages = [first, *rest]
    assert len(fake.calls_to("chat.postMessage")) == 1 + len(rest), "the second click posts nothing new"
    text = "\n".join(sections(page) for page in pages)
    assert text.count("• ") == 59 and sections(first).startswith("Het actieplan telt 59 acties")
    assert "*Per focusdomein:* KP 15 · BW 15 · BT 15 · BM 14" in sections(first), "the summary first"
    for number, page in enumerate(rest, start=2):
        assert sections(page).startswith(f"_(vervolg, {number}/{len(pages)})_")
        assert block_text(page.body["blocks"]) <= MAX_MESSAGE_TEXT
    save_scenario(
        "toon-alles-long",
        "Een lijst van 59 acties, te lang voor één Slack-bericht; twee mensen klikken op „Toon alles”.",
        [message_of(summary, "het antwoord"), *(message_of(p, f"deel {n}") for n, p in enumerate(pages, 1))],
    )


def test_where_slack_will_not_rewrite_the_answer_the_clicker_alone_sees_it_all(
    slack: Slack, fake: FakeSlackApi
) -> None:
    slack.event(mention(f"<@UBOT> {RUNNING}"))
    (summary,) = fake.wait_for("chat.postMessage")
    slack.idle()
    fake.fail("chat.update", "cant_update_message")
    slack.click("show_all", button_value(summary, "show_all"), posted(summary), user="U0002")
    slack.idle()
    assert len(fake.calls_to("chat.postMessage")) == 1
    (private,) = fake.calls_to("chat.postEphemeral")
    assert (private.body["user"], private.body["thread_ts"]) == ("U0002", TS)
    assert sections(private).count("• ") == 27


def test_toon_alles_on_a_private_reply_replaces_it(slack: Slack, fake: FakeSlackApi) -> None:
    slack.command(RUNNING)
    (reply,) = fake.wait_for("/respond/cmd")
    slack.idle()
    slack.click("show_all", button_value(reply, "show_all"), None)
    slack.idle()
    (full,) = fake.calls_to("/respond/click")
    assert full.body["replace_original"] is True
    assert sections(full).count("• ") == 27 and "share_in_channel" in buttons(full)
    assert fake.calls_to("chat.postMessage") == []


def test_the_fake_refuses_what_slack_refuses() -> None:
    # The fake refuses what Slack refuses; a layout that broke a limit would have failed the tests above with
    # msg_blocks_too_long or invalid_blocks. Here the fake itself is checked against those limits.
    from tests.support.block_kit import block_kit_error

    assert block_kit_error([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]) == "invalid_blocks"
    assert block_kit_error([{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}] * 51) == "invalid_blocks"
    many = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 2900}}] * 5
    assert block_kit_error(many) == "msg_blocks_too_long"
    assert block_kit_error(many[:4]) is None
