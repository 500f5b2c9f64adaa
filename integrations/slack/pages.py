"""Slack's limits on one message, and long text laid out within them: sections of even length, messages that fit.

Slack refuses a whole message when one limit is broken (50 blocks, 3,000 characters per section text, about
12,000 characters of text in all its blocks), so an answer is laid out to fit before it is posted.
"""

from __future__ import annotations

import math
from typing import Any

from integrations.slack.mrkdwn import SECTION_LIMIT, split_text

MAX_BLOCKS = 50
# Slack refuses a message whose blocks hold much more than about 12,000 characters; keep a margin.
MESSAGE_TEXT_BUDGET = 11_000


def block_text(blocks: list[dict[str, Any]]) -> int:
    """The characters of text in blocks (sections, contexts, button labels), as Slack counts them per message."""
    total = 0
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            total += len(str(text.get("text") or ""))
        for element in block.get("elements") or []:
            inner = element.get("text") if isinstance(element, dict) else None
            total += len(inner) if isinstance(inner, str) else len(str((inner or {}).get("text") or ""))
    return total


def fits(blocks: list[dict[str, Any]]) -> bool:
    """Whether one message can hold these blocks."""
    return len(blocks) <= MAX_BLOCKS and block_text(blocks) <= MESSAGE_TEXT_BUDGET


def even_sections(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """The text in as few sections as fit, of about equal length: a list split in two halves, not 11 items and a
    lone last one. Split on paragraphs, then lines (list items), then words."""
    chunks = split_text(text, limit)
    if len(chunks) < 2:
        return chunks
    # The shortest limit that still gives as few sections: each about the total divided by their number.
    size = sum(len(chunk) for chunk in chunks)
    for target in range(math.ceil(size / len(chunks)), limit, 100):
        even = split_text(text, target)
        if len(even) <= len(chunks):
            return even
    return chunks


def lines_in_pages(lines: list[str], budget: int, first_budget: int | None = None) -> list[list[str]]:
    """List lines grouped into pages of at most `budget` characters (`first_budget` for the first page)."""
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        room = first_budget if first_budget is not None and len(pages) == 1 else budget
        if pages[-1] and used + len(line) + 1 > room:
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += len(line) + 1
    return [page for page in pages if page]
