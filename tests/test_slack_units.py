"""The Slack bot's pure parts: Block Kit replies, mrkdwn, question cleanup, the TTL cache and the event gate."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assistant.answer_models import Citation
from integrations.slack.blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    SECTION_LIMIT,
    answer_message,
    escape,
    split_text,
    thanked_blocks,
    to_mrkdwn,
)
from integrations.slack.dedupe import TtlSet
from integrations.slack.gate import EventGate
from integrations.slack.questions import mentions_user, plain_question
from tests.support.fakes import make_answer


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


# -- blocks ----------------------------------------------------------------------------------------


def test_long_answer_is_split_on_paragraphs_into_sections_under_the_limit() -> None:
    paragraphs = [f"Alinea {i}: " + ("KP 1.3 is een sleutelactie van VMM. " * 30).strip() for i in range(12)]
    answer = make_answer("\n\n".join(paragraphs), ids=("KP 1.3",), message_id="m1")
    parts = sections(answer_message(answer).blocks)
    assert len(parts) > 1
    assert all(len(part) < 3000 for part in parts)
    # Paragraph boundaries are kept: no paragraph is cut in two, and nothing is lost.
    assert "\n\n".join(parts) == "\n\n".join(paragraphs)


def test_single_huge_line_is_cut_on_words_and_then_hard() -> None:
    words = split_text("woord " * 2000)
    assert len(words) > 1 and all(len(w) <= SECTION_LIMIT for w in words)
    blob = split_text("x" * 7000)
    assert [len(b) for b in blob] == [SECTION_LIMIT, SECTION_LIMIT, 7000 - 2 * SECTION_LIMIT]


def test_hard_cut_keeps_entities_whole() -> None:
    text = escape("a" * (SECTION_LIMIT - 2) + "&&&&")
    chunks = split_text(text)
    assert "".join(chunks) == text
    assert all(not chunk.startswith(("amp;", "mp;", "p;", ";")) for chunk in chunks)


@given(st.text(alphabet=st.sampled_from("ab &<>\n"), max_size=8000))
def test_split_text_never_exceeds_the_limit_nor_drops_words(text: str) -> None:
    chunks = split_text(text, limit=100)
    assert all(len(chunk) <= 100 for chunk in chunks)
    # Only whitespace separators are dropped: every other character survives, in order.
    assert "".join("".join(chunks).split()) == "".join(text.split())


def test_mrkdwn_is_escaped_and_markdown_converted() -> None:
    text = "## Antwoord\nVMM & INBO <samen> werken aan **KP 1.3**.\n- eerste\n* tweede\nZie [het plan](https://x.org/p?a=1&b=2)."
    converted = to_mrkdwn(text)
    assert converted.splitlines() == [
        "*Antwoord*",
        "VMM &amp; INBO &lt;samen&gt; werken aan *KP 1.3*.",
        "• eerste",
        "• tweede",
        "Zie <https://x.org/p?a=1&amp;b=2|het plan>.",
    ]


def test_posted_blocks_escape_user_visible_text() -> None:
    answer = make_answer("A & B <script>", ids=("KP 1.3",), message_id="m1")
    message = answer_message(answer)
    assert sections(message.blocks) == ["A &amp; B &lt;script&gt;"]
    assert "<script>" not in message.text


def test_sources_link_to_the_web_chat_only_when_a_public_url_is_set() -> None:
    answer = make_answer("x", ids=("KP 1.3",), message_id="m1")
    linked = json.dumps(answer_message(answer, "https://chat.example.org").blocks, ensure_ascii=False)
    assert "<https://chat.example.org/?actie=KP%201.3|KP 1.3 · Titel van KP 1.3>" in linked
    plain = json.dumps(answer_message(answer, None).blocks, ensure_ascii=False)
    assert "KP 1.3 · Titel van KP 1.3" in plain and "?actie=" not in plain


def test_section_citations_are_not_linked_and_many_sources_fit_one_context_block() -> None:
    answer = make_answer("x", ids=tuple(f"KP 1.{i}" for i in range(1, 15)), message_id="m1")
    answer.citations.append(Citation(id="BT, doelstelling", title="Strategie", kind="section"))
    context = next(b for b in answer_message(answer, "https://c.org").blocks if b["type"] == "context")
    assert len(context["elements"]) <= 10
    assert context["elements"][-1]["text"].startswith("+ ")


def test_fallback_text_carries_cited_ids_and_buttons_carry_the_message_id() -> None:
    answer = make_answer("Zie de acties.", ids=("KP 1.3", "KP 2.1"), message_id="m-42")
    message = answer_message(answer)
    assert "KP 1.3" in message.text and "KP 2.1" in message.text
    actions = next(b for b in message.blocks if b["type"] == "actions")
    buttons = {(e["action_id"], e["value"]) for e in actions["elements"]}
    assert buttons == {(FEEDBACK_UP, "m-42"), (FEEDBACK_DOWN, "m-42")}
    assert not any(b["type"] == "actions" for b in answer_message(answer, with_feedback=False).blocks)


def test_thanked_blocks_replace_only_the_buttons() -> None:
    blocks = answer_message(make_answer("x", message_id="m1")).blocks
    thanked = thanked_blocks(blocks, "down", "U1")
    assert [b["type"] for b in thanked] == ["section", "context", "context"]
    assert thanked[-1]["elements"][0]["text"] == "👎 Bedankt voor je feedback (<@U1>)."


# -- questions -------------------------------------------------------------------------------------


def test_plain_question_strips_the_bot_mention_and_slack_markup() -> None:
    text = "<@UBOT> Wat doet <@U123|jan> met <#C1|water> &amp; <https://x.org|dit>? &lt;3"
    assert plain_question(text, "UBOT") == "Wat doet @jan met #water & dit? <3"
    assert mentions_user(text, "UBOT") and not mentions_user(text, "UOTHER")
    assert mentions_user("<@UBOT|actieplan> hoi", "UBOT")


# -- dedupe ----------------------------------------------------------------------------------------


def test_ttl_set_forgets_after_the_ttl_and_stays_bounded() -> None:
    now = [0.0]
    seen = TtlSet(ttl_s=10, max_size=3, clock=lambda: now[0])
    assert seen.claim(["a"]) and not seen.claim(["a"]) and not seen.claim(["b", "a"])
    assert "b" not in seen, "a refused claim remembers nothing"
    now[0] = 11
    assert seen.claim(["a"])
    for key in "cdef":
        seen.add(key)
    assert len(seen) == 3 and "a" not in seen


# -- gate ------------------------------------------------------------------------------------------


def gate_reason(gate: EventGate, event: dict[str, Any], event_id: str = "Ev1") -> str | None:
    return gate.drop_reason({"event_id": event_id, "event": event}, event, "UBOT", "BBOT")


def test_gate_leaves_tagged_message_events_to_app_mention_even_without_shared_memory() -> None:
    # Another worker may have seen the app_mention: the message event alone must already be dropped.
    gate = EventGate(threads=TtlSet(60))
    gate.threads.add(("C1", "1.0"))
    tagged = {
        "type": "message",
        "channel": "C1",
        "channel_type": "channel",
        "user": "U1",
        "ts": "2.0",
        "thread_ts": "1.0",
        "text": "<@UBOT> en de sleutelacties?",
    }
    assert gate_reason(gate, tagged) == "mention"
    untagged = {**tagged, "text": "en de sleutelacties?"}
    assert gate_reason(gate, untagged, "Ev2") is None
    assert gate_reason(gate, untagged, "Ev3") == "duplicate"


def test_gate_answers_direct_messages_even_with_a_mention() -> None:
    gate = EventGate(threads=TtlSet(60))
    dm = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "ts": "3.0", "text": "<@UBOT> hoi"}
    assert gate_reason(gate, dm) is None


def test_gate_opens_the_thread_of_a_mention_for_follow_ups() -> None:
    gate = EventGate(threads=TtlSet(60))
    tagged = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "5.0", "text": "<@UBOT> x"}
    assert gate_reason(gate, tagged) is None
    assert ("C1", "5.0") in gate.threads


# -- manifest --------------------------------------------------------------------------------------


def test_manifest_subscribes_to_what_the_bot_handles() -> None:
    import importlib.resources

    import pytest

    yaml = pytest.importorskip("yaml")
    from integrations.slack.app import COMMAND
    from integrations.slack.http import EVENTS_PATH

    text = importlib.resources.files("integrations.slack").joinpath("manifest.yml").read_text(encoding="utf-8")
    manifest = yaml.safe_load(text)
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels", "assistant_thread_started"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"app_mentions:read", "chat:write", "im:history", "commands", "assistant:write"} <= scopes
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = [
        command["url"],
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
