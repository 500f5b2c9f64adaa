"""Real Slack replies saved for people to look at (test-artifacts/slack/*.json), and checked against Block Kit's limits.

Paste a file's "blocks" into Slack's Block Kit Builder to see the message as a user would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support import slack_fixtures
from tests.support.fake_slack_api import FakeSlackApi, Slack, mention

fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "slack"

REPLIES = {
    "list-answer": "Welke acties lopen nu?",
    "vmm-answer": "Welke acties betrekken VMM?",
    "funding-answer": "Hoe financier ik een waterinvestering?",
    "refusal": "Wat is het budget van KP 1.3?",
    # The web chat's company funding questions (tests/test_web_chat.py), to compare both renderings.
    "company-funding-1": "Wij zijn een kmo in de voeding en willen ons spoelwater hergebruiken. Welke steun is er?",
    "company-funding-2": "Kan een verzekeraar meebetalen als we investeren in een waterbuffer tegen droogte?",
    "company-funding-3": "Met drie bedrijven op ons bedrijventerrein willen we samen een zuivering bouwen. Hoe betalen "
    "we dat, en bij wie kunnen we terecht?",
}


def check_block_kit_limits(blocks: list[dict[str, Any]]) -> None:
    """The limits Slack enforces (it refuses the whole message when one is broken)."""
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)), "action ids are unique within a block"
            for element in block["elements"]:
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000
                assert 0 < len(element["accessibility_label"]) <= 75


@pytest.mark.parametrize("name", list(REPLIES))
def test_reply_is_saved_and_within_block_kit_limits(slack: Slack, fake: FakeSlackApi, name: str) -> None:
    slack.event(mention(f"<@UBOT> {REPLIES[name]}"))
    (post,) = fake.wait_for("chat.postMessage")
    blocks = post.body["blocks"]
    check_block_kit_limits(blocks)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = {"question": REPLIES[name], "text": post.body["text"], "blocks": blocks}
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    # Every reply names its sources; a refusal says plainly that the plan does not have it, and that the
    # actions it names are only related.
    heading = "*Verwante acties:*" if name == "refusal" else "*Bronnen:*"
    assert any(b["type"] == "context" and b["elements"][0]["text"].startswith(heading) for b in blocks)
    if name == "refusal":
        assert "vermeldt geen budgetten" in blocks[0]["text"]["text"]


def test_private_slash_reply_and_home_tab_are_saved(slack: Slack, fake: FakeSlackApi) -> None:
    slack.command("Welke acties lopen nu?")
    slack.event({"type": "app_home_opened", "user": "U0001", "channel": "D0001", "tab": "home", "ts": "1.0"})
    slack.idle()
    (reply,) = fake.calls_to("/respond/cmd")
    (home,) = fake.calls_to("views.publish")
    check_block_kit_limits(reply.body["blocks"])
    check_block_kit_limits(home.body["view"]["blocks"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = {
        "question": "/actieplan Welke acties lopen nu?",
        "text": reply.body["text"],
        "blocks": reply.body["blocks"],
    }
    (ARTIFACTS / "slash-reply.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    saved = {"question": "(Home-tab)", "text": "", "blocks": home.body["view"]["blocks"]}
    (ARTIFACTS / "home.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
