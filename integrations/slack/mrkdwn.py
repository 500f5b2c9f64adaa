"""Slack's mrkdwn: escaping, the answerer's light Markdown converted, links checked, and text split to fit."""

from __future__ import annotations

import re

from integrations.slack.links import LinkPolicy, convert_markdown_links, link_action_ids

SECTION_LIMIT = 2900  # Slack rejects section text over 3,000 characters; keep a margin.


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as markup: &, < and >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str, policy: LinkPolicy | None = None, linked_ids: set[str] | None = None) -> str:
    """The answerer's plain text (light Markdown) as escaped Slack mrkdwn, with links only where allowed.

    `linked_ids`: the cited actions whose mentions become links to their page (with a public URL).
    """
    policy = policy or LinkPolicy()
    lines = []
    for line in escape(text).splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        # Slack has no headings: bold instead. "- item" and "* item" read better as bullets ("*" is bold).
        line = f"*{heading.group(1)}*" if heading else re.sub(r"^(\s*)[-*+]\s+", r"\1• ", line)
        line = re.sub(r"\*\*(.+?)\*\*", r"*\1*", line)
        line = re.sub(r"__(.+?)__", r"_\1_", line)
        line = convert_markdown_links(line, policy)
        lines.append(link_action_ids(line, linked_ids or set(), policy))
    return "\n".join(lines).strip()


def _hard_cut(text: str, limit: int) -> list[str]:
    pieces = []
    while len(text) > limit:
        cut = limit
        # Do not cut an entity such as "&amp;" in two.
        amp = text.rfind("&", max(0, cut - 5), cut)
        if amp > 0 and ";" not in text[amp:cut]:
            cut = amp
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _split(text: str, separators: tuple[str, ...], limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    if not separators:
        return _hard_cut(text, limit)
    separator, rest = separators[0], separators[1:]
    chunks: list[str] = []
    current = ""
    for part in text.split(separator):
        pieces = _split(part, rest, limit) if len(part) > limit else [part]
        for piece in pieces:
            candidate = f"{current}{separator}{piece}" if current else piece
            if len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split text into chunks of at most `limit` characters, on paragraphs, then lines, then words."""
    return [chunk for chunk in _split(text, ("\n\n", "\n", " "), limit) if chunk.strip()]
