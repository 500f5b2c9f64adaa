"""Slack's limits on a message with blocks (api.slack.com/reference/block-kit/blocks): past one, Slack refuses the
whole post. The fake Slack Web API applies them, and tests check saved replies against them."""

from __future__ import annotations

from typing import Any

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_ELEMENTS = 10
# A message's text in all its blocks: Slack refuses much more than this with msg_blocks_too_long.
MAX_MESSAGE_TEXT = 12_000


def block_text(blocks: list[dict[str, Any]]) -> int:
    """How many characters of text a message's blocks hold (what Slack's per-message limit counts)."""
    total = 0
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            total += len(str(text.get("text") or ""))
        for element in block.get("elements") or []:
            if isinstance(element, dict) and isinstance(element.get("text"), str):
                total += len(element["text"])
            elif isinstance(element, dict) and isinstance(element.get("text"), dict):
                total += len(str(element["text"].get("text") or ""))
    return total


def block_kit_error(blocks: Any) -> str | None:
    """The error Slack answers a message's blocks with, or None when it takes them."""
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        return "invalid_blocks"
    for block in blocks:
        if not isinstance(block, dict):
            return "invalid_blocks"
        text = block.get("text")
        if block.get("type") == "section" and (
            not isinstance(text, dict) or len(text.get("text") or "") > MAX_SECTION_TEXT
        ):
            return "invalid_blocks"
        if block.get("type") == "context" and len(block.get("elements") or []) > MAX_CONTEXT_ELEMENTS:
            return "invalid_blocks"
    return "msg_blocks_too_long" if block_text(blocks) > MAX_MESSAGE_TEXT else None
