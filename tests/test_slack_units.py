"""The Slack bot's pure parts: Block Kit replies, mrkdwn, links, summaries, the TTL cache, the gate, the manifest."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from assistant.answer_models import Citation
from integrations.slack.blocks import FEEDBACK_DOWN, FEEDBACK_UP, ReplyOptions, answer_message, source_label
from integrations.slack.dedupe import TtlSet
from integrations.slack.expanded import expanded_messages
from integrations.slack.gate import EventGate
from integrations.slack.links import LinkPolicy
from integrations.slack.mrkdwn import SECTION_LIMIT, escape, split_text, to_mrkdwn
from integrations.slack.pages import even_sections
from integrations.slack.questions import mentions_user, plain_question
from integrations.slack.summary import summarise
from tests.support.block_kit import block_kit_error
from tests.support.fakes import make_answer
from tests.support.slack_manifest import EVENT_SCOPES, METHOD_SCOPES, manifest, methods_called_in_code, scopes_of

PUBLIC = LinkPolicy("https://chat.example.org/", ("https://h2050.be/nl/oona", "watercircle.be"))


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


# -- blocks ----------------------------------------------------------------------------------------


def test_long_answer_shown_whole_is_split_on_paragraphs_into_sections_and_messages_within_the_limits() -> None:
    paragraphs = [f"Alinea {i}: " + ("KP 1.3 is een sleutelactie van VMM. " * 30).strip() for i in range(12)]
    answer = make_answer("\n\n".join(paragraphs), ids=("KP 1.3",), message_id="m1")
    messages = expanded_messages(answer, LinkPolicy())
    assert len(messages) == 2, "13,000 characters do not fit one message"
    assert all(block_kit_error(m.blocks) is None for m in messages)
    parts = [part for m in messages for part in sections(m.blocks)]
    assert all(len(part) < 3000 for part in parts)
    # Paragraph boundaries are kept: no paragraph is cut in two, and nothing is lost.
    said = [p for part in parts for p in part.split("\n\n") if p.startswith("Alinea")]
    assert said == paragraphs
    assert sections(messages[1].blocks)[0].startswith("_(vervolg, 2/2)_")
    assert "Vervolg in het bericht hieronder" in sections(messages[0].blocks)[-1]
    # Without "Toon alles" (nothing recorded), one message holds what fits and says it was cut.
    unrecorded = answer_message(answer, options=ReplyOptions(recorded=False))
    assert block_kit_error(unrecorded.blocks) is None
    assert sections(unrecorded.blocks)[-1] == "_… (antwoord ingekort: te lang voor één Slack-bericht)_"


def test_long_prose_is_cut_to_its_first_paragraphs_with_the_rest_one_click_away() -> None:
    paragraphs = [f"Alinea {i}: " + ("KP 1.3 is een sleutelactie van VMM. " * 10).strip() for i in range(12)]
    answer = make_answer("\n\n".join(paragraphs), ids=("KP 1.3",), message_id="m1")
    blocks = answer_message(answer).blocks
    shown = "\n\n".join(sections(blocks))
    assert shown.startswith("Alinea 0") and "Alinea 11" not in shown and shown.endswith("_… (ingekort)_")
    assert any(e.get("action_id") == "show_all" for b in blocks for e in b.get("elements", []))


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
    text = (
        "## Antwoord\nVMM & INBO <samen> werken aan **KP 1.3**.\n- eerste\n* tweede\n"
        "Zie [de kaart](https://chat.example.org/acties?a=1&b=2)."
    )
    converted = to_mrkdwn(text, PUBLIC)
    assert converted.splitlines() == [
        "*Antwoord*",
        "VMM &amp; INBO &lt;samen&gt; werken aan *KP 1.3*.",
        "• eerste",
        "• tweede",
        "Zie <https://chat.example.org/acties?a=1&amp;b=2|de kaart>.",
    ]


def test_only_our_own_and_the_plans_links_stay_live() -> None:
    text = (
        "[a](https://evil.example/p) [b](https://chat.example.org.evil.example/) [c](javascript:alert(1)) "
        "[d](https://h2050.be/nl/oona/meer) [e](https://www.watercircle.be/x) [f](https://h2050.be/nl/andere) "
        "https://evil.example/bare https://chat.example.org/acties"
    )
    converted = to_mrkdwn(text, PUBLIC)
    assert converted == (
        "a b c) <https://h2050.be/nl/oona/meer|d> <https://www.watercircle.be/x|e> f "
        "`https://evil.example/bare` https://chat.example.org/acties"
    )
    # Without a public URL nothing of ours is linked, and the plan's links still are.
    assert "<https://h2050.be/nl/oona/meer|d>" in to_mrkdwn(text, LinkPolicy(None, PUBLIC.plan_links))


def test_cited_ids_in_the_text_link_to_their_page_and_others_do_not() -> None:
    converted = to_mrkdwn("VMM trekt KP 1.3 en kp2.1; zie ook BT 2.3.", PUBLIC, {"KP 1.3", "KP 2.1"})
    assert converted == (
        "VMM trekt <https://chat.example.org/acties/KP%201.3|KP 1.3> en "
        "<https://chat.example.org/acties/KP%202.1|kp2.1>; zie ook BT 2.3."
    )
    assert to_mrkdwn("KP 1.3", LinkPolicy(), {"KP 1.3"}) == "KP 1.3"
    # An id inside a link label is not linked twice.
    nested = to_mrkdwn("[over KP 1.3](https://chat.example.org/x)", PUBLIC, {"KP 1.3"})
    assert nested == "<https://chat.example.org/x|over KP 1.3>"


def test_posted_blocks_escape_user_visible_text() -> None:
    answer = make_answer("A & B <script>", ids=("KP 1.3",), message_id="m1")
    message = answer_message(answer)
    assert sections(message.blocks) == ["A &amp; B &lt;script&gt;"]
    assert "<script>" not in message.text


def test_sources_link_to_the_action_pages_only_when_a_public_url_is_set() -> None:
    answer = make_answer("x", ids=("KP 1.3",), message_id="m1")
    linked = json.dumps(answer_message(answer, PUBLIC).blocks, ensure_ascii=False)
    assert "<https://chat.example.org/acties/KP%201.3|KP 1.3> · Titel van KP 1.3" in linked
    plain = json.dumps(answer_message(answer, LinkPolicy()).blocks, ensure_ascii=False)
    assert "KP 1.3 · Titel van KP 1.3" in plain and "/acties/" not in plain
    assert "Wat houdt KP 1.3 in?" in plain, "without the web app it says where to look"


def test_every_source_of_a_long_answer_is_named_and_a_section_once() -> None:
    ids = tuple(f"{d} {o}.{n}" for d in ("KP", "BW", "BT", "BM") for o in (1, 2) for n in (1, 2, 3, 4, 5, 6, 7, 8))
    answer = make_answer("x", ids=ids, message_id="m1")
    answer.citations.append(Citation(id="BM, uitdaging", title="BM, uitdaging", kind="section"))
    (context,) = [b for b in answer_message(answer, PUBLIC).blocks if b["type"] == "context"]
    text = " ".join(e["text"] for e in context["elements"])
    assert len(context["elements"]) <= 10 and all(len(e["text"]) <= 3000 for e in context["elements"])
    assert all(f"/acties/{i.replace(' ', '%20')}|{i}>" in text for i in ids)
    assert text.count("BM, uitdaging") == 1 and "meer" not in text
    assert source_label(Citation(id="BT, doelstelling", title="Strategie", kind="section"), PUBLIC) == (
        "BT, doelstelling · Strategie"
    )


def test_buttons_carry_the_message_id_and_accessibility_labels() -> None:
    answer = make_answer("Zie de acties.", ids=("KP 1.3", "KP 2.1"), message_id="m-42")
    message = answer_message(answer)
    assert "KP 1.3" in message.text and "KP 2.1" in message.text
    actions = next(b for b in message.blocks if b["type"] == "actions")
    buttons = {(e["action_id"], e["value"]) for e in actions["elements"]}
    assert buttons == {(FEEDBACK_UP, "m-42"), (FEEDBACK_DOWN, "m-42")}
    assert all(e["accessibility_label"] for e in actions["elements"])
    assert not any(b["type"] == "actions" for b in answer_message(answer, options=ReplyOptions(recorded=False)).blocks)


def test_a_list_split_over_sections_leaves_no_item_alone() -> None:
    items = [
        f"• Actie {n}: " + "een omschrijving over water en samenwerking, van enige lengte; " * 4 for n in range(12)
    ]
    text = "\n".join(["Het actieplan telt 12 acties:", *items])
    assert len(split_text(text)[-1].splitlines()) <= 2, "cut as it fills, the last section holds one item"
    halves = even_sections(text)
    assert len(halves) == 2 and all(len(h) <= SECTION_LIMIT for h in halves)
    assert [h.count("• ") for h in halves] in ([6, 6], [7, 5], [5, 7])
    assert "\n".join(halves) == text


def test_the_sources_line_names_only_what_the_text_does_not() -> None:
    answer = make_answer(
        "VMM trekt KP 1.3 (KP 1.3) en BW 1.6 (BW 1.6).", ids=("KP 1.3", "BW 1.6", "BT 2.1"), message_id="m"
    )
    answer.citations.append(Citation(id="BT, doelstelling", title="Strategie", kind="section"))
    for policy in (PUBLIC, LinkPolicy()):
        elements = [
            e["text"] for b in answer_message(answer, policy).blocks if b["type"] == "context" for e in b["elements"]
        ]
        (sources,) = [e for e in elements if e.startswith("*Bronnen:* ")]
        assert "BT 2.1" in sources and "BT, doelstelling" in sources
        assert "KP 1.3" not in sources and "BW 1.6" not in sources


def test_a_summary_without_the_web_app_names_the_other_actions_briefly() -> None:
    ids = [f"KP 1.{n}" for n in range(1, 16)]
    text = "\n".join(["Het actieplan telt 15 acties:", *(f"• actie over water ({i}) — trekker: VMM." for i in ids)])
    answer = make_answer(text, ids=tuple(ids), message_id="m", explorer_query="org=VMM")
    plain = [
        e["text"] for b in answer_message(answer, LinkPolicy()).blocks if b["type"] == "context" for e in b["elements"]
    ]
    assert plain[0] == "*De andere 10:* " + ", ".join(ids[5:]), "no link lists them, so their numbers are named"
    linked = json.dumps(answer_message(answer, PUBLIC).blocks, ensure_ascii=False)
    assert "De andere" not in linked and "Toon alle 15 in de actieverkenner" in linked


def test_a_summarised_list_keeps_the_heading_of_a_group_with_its_items() -> None:
    ids = [f"KP 1.{n}" for n in range(1, 15)]
    lines = ["Ik vond 14 acties.", "Nu lopend:", *(f"• actie ({i})" for i in ids[:3]), "Gepland:"]
    text = "\n".join([*lines, *(f"• actie ({i})" for i in ids[3:])])
    summary = summarise(text, ids)
    assert summary is not None and summary.hidden == 9
    shown = summary.text.splitlines()
    assert shown[shown.index("*De eerste 5:*") + 1] == "Nu lopend:"
    assert shown.index("Gepland:") == shown.index("• actie (KP 1.4)") - 1


def test_summary_counts_per_domain_and_keeps_the_first_items_and_the_closing_lines() -> None:
    ids = [f"KP 1.{n}" for n in range(1, 8)] + [f"BM 2.{n}" for n in range(1, 9)]
    text = "\n".join(["Ik vond 15 acties:", *(f"• actie ({i})" for i in ids), "Nu lopend: (KP 1.1)."])
    summary = summarise(text, ids)
    assert summary is not None and summary.hidden == 10 and summary.items == 15
    assert summary.text.splitlines() == [
        "Ik vond 15 acties:",
        "*Per focusdomein:* KP 7 · BM 8",
        "",
        "*De eerste 5:*",
        *(f"• actie ({i})" for i in ids[:5]),
        "_… en nog 10 acties._",
        "",
        "Nu lopend: (KP 1.1).",
    ]
    assert summarise("\n".join(f"• ({i})" for i in ids[:12]), ids[:12]) is None, "twelve fit"


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


# -- manifest: least privilege ---------------------------------------------------------------------


def test_manifest_asks_exactly_the_scopes_the_code_needs() -> None:
    parsed, opt_in_scopes, opt_in_events = manifest()
    called = methods_called_in_code()
    assert called <= set(METHOD_SCOPES), f"add the scope of {called - set(METHOD_SCOPES)} to METHOD_SCOPES"
    events = parsed["settings"]["event_subscriptions"]["bot_events"]
    needed = set().union(*(scopes_of(m) for m in called)) | {EVENT_SCOPES[e] for e in events} | {"commands"}
    scopes = parsed["oauth_config"]["scopes"]["bot"]
    assert sorted(scopes) == sorted(needed - {None}), "no scope more or less than the code uses"
    assert "im:read" not in scopes and "im:write" not in scopes
    # The opt-in of follow-ups without a tag: the two channel events, off by default. Their scopes are granted
    # already, for reading threads back; granting a scope makes Slack send nothing, subscribing does.
    assert sorted(opt_in_events) == ["message.channels", "message.groups"]
    assert opt_in_scopes == []
    assert {EVENT_SCOPES[e] for e in opt_in_events} <= set(scopes)
    assert not set(opt_in_events) & set(events)


def test_manifest_subscribes_to_what_the_bot_handles() -> None:
    from integrations.slack.app import COMMAND
    from integrations.slack.http import EVENTS_PATH

    parsed, _, _ = manifest()
    events = set(parsed["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.mpim", "app_home_opened", "assistant_thread_started"} <= events
    assert parsed["features"]["app_home"]["home_tab_enabled"] is True
    (command,) = parsed["features"]["slash_commands"]
    assert command["command"] == COMMAND
    urls = [
        command["url"],
        parsed["settings"]["event_subscriptions"]["request_url"],
        parsed["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith(EVENTS_PATH) for url in urls)
