"""Slack replies saved for people to read (test-artifacts/slack/*.json), and checked against Block Kit's limits.

Paste a message's "blocks" into Slack's Block Kit Builder to see it as a staff member would.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.block_kit import block_kit_error
from tests.support.fake_slack_api import Call

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "slack"


def check_block_kit_limits(blocks: list[dict[str, Any]]) -> None:
    """The limits Slack enforces (it refuses the whole message when one is broken)."""
    assert block_kit_error(blocks) is None, block_kit_error(blocks)
    for block in blocks:
        if block["type"] == "context":
            assert all(len(e["text"]) <= 3000 for e in block["elements"])
        if block["type"] == "actions":
            assert len(block["elements"]) <= 25
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)), "action ids are unique within a block"
            for element in block["elements"]:
                assert len(element["text"]["text"]) <= 75 and len(element["value"]) <= 2000
                assert 0 < len(element["accessibility_label"]) <= 75


def message_of(call: Call, label: str) -> dict[str, Any]:
    """A posted, changed or private message as a staff member meets it: what, who asked, where, the blocks."""
    body = call.body
    blocks = body.get("blocks") or []
    if blocks:
        check_block_kit_limits(blocks)
    seen: dict[str, Any] = {"label": label, "method": call.method, "text": body.get("text", "")}
    for key in ("thread_ts", "ts", "user"):
        if body.get(key):
            seen[key] = body[key]
    if body.get("metadata"):
        seen["metadata"] = body["metadata"]
    return {**seen, "blocks": blocks}


def save_scenario(name: str, scenario: str, messages: list[dict[str, Any]]) -> Path:
    """Write a scenario (what happened, then each message as Slack shows it) to test-artifacts/slack/<name>.json."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.json"
    path.write_text(
        json.dumps({"scenario": scenario, "messages": messages}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return path
