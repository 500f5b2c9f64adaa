"""Real Slack replies saved for people to look at (test-artifacts/slack/*.json), and checked against Block Kit's limits.

Paste a file's "blocks" into Slack's Block Kit Builder to see the message as a user would.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.support import slack_fixtures
from tests.support.fake_slack_api import FakeSlackApi
from tests.support.slack_artifacts import ARTIFACTS, check_block_kit_limits
from tests.support.slack_workspace import Slack, mention

fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

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


@pytest.mark.parametrize("name", list(REPLIES))
def test_reply_is_saved_and_within_block_kit_limits(slack: Slack, fake: FakeSlackApi, name: str) -> None:
    slack.event(mention(f"<@UBOT> {REPLIES[name]}"))
    (post,) = fake.wait_for("chat.postMessage")
    blocks = post.body["blocks"]
    check_block_kit_limits(blocks)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = {"question": REPLIES[name], "text": post.body["text"], "blocks": blocks}
    (ARTIFACTS / f"{name}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    # Every reply names each of its sources once: in its text, or else on the sources line (never both); a
    # summary leaves the rest to "Toon alles" and the actieverkenner, which lists them all.
    sections = " ".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    sources = " ".join(e["text"] for b in blocks if b["type"] == "context" for e in b["elements"])
    summarised = "Toon alles" in json.dumps(blocks, ensure_ascii=False)
    for source in post.body["text"].rsplit("Bronnen: " if name != "refusal" else "Verwante acties: ", 1)[1].split(", "):
        named = (re.search(rf"[(|>]{re.escape(source)}[)>|]", sections) is not None) + (source in sources)
        assert named == 1 or (summarised and named == 0), f"{source} named {named} times"
    if summarised:
        assert "in de actieverkenner>" in sections
    if name == "refusal":
        # A refusal says plainly that the plan does not have it, and that the actions it names are only related.
        assert "vermeldt geen budgetten" in sections and "verwante acties" in sections


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
