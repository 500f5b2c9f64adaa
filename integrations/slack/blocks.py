"""Block Kit replies: the answer as mrkdwn sections, its sources, and 👍/👎 feedback buttons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from assistant.answer_models import Answer, Citation

SECTION_LIMIT = 2900  # Slack rejects section text over 3,000 characters; keep a margin.
FALLBACK_LIMIT = 3000  # the notification text only needs the start of the answer
MAX_SECTIONS = 45  # a message holds at most 50 blocks; leave room for question, sources and buttons
MAX_CONTEXT_ELEMENTS = 10  # Slack's limit per context block
FEEDBACK_BLOCK_ID = "feedback"
FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"

HELP_TEXT = (
    "Stel een vraag over het actieplan, bijvoorbeeld `/actieplan Welke acties betrekken VMM?` "
    "of tag mij in een kanaal. Ik antwoord met de nummers van de acties waarop mijn antwoord steunt."
)
GENERIC_ERROR = "Er ging iets mis bij het beantwoorden van je vraag. Probeer het later opnieuw."


@dataclass
class SlackMessage:
    """A reply as Slack wants it: a plain `text` fallback (notifications) and the Block Kit blocks."""

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as markup: &, < and >."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    """The answerer's plain text (light Markdown) as escaped Slack mrkdwn."""
    lines = []
    for line in escape(text).splitlines():
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        # Slack has no headings: bold instead. "- item" and "* item" read better as bullets ("*" is bold).
        line = f"*{heading.group(1)}*" if heading else re.sub(r"^(\s*)[-*+]\s+", r"\1• ", line)
        line = re.sub(r"\*\*(.+?)\*\*", r"*\1*", line)
        line = re.sub(r"__(.+?)__", r"_\1_", line)
        line = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r"<\2|\1>", line)
        lines.append(line)
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


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def source_label(citation: Citation, public_url: str | None) -> str:
    """One source as mrkdwn: "KP 1.3 · title", linked to the web chat's action card when there is one."""
    title = citation.title if len(citation.title) <= 90 else citation.title[:89] + "…"
    label = escape(f"{citation.id} · {title}" if title else citation.id)
    if public_url and citation.kind == "action":
        return f"<{public_url.rstrip('/')}/?actie={quote(citation.id)}|{label}>"
    return label


def sources_block(citations: list[Citation], public_url: str | None) -> dict[str, Any] | None:
    """A context block listing the sources, or None when the answer cites nothing."""
    if not citations:
        return None
    labels = [source_label(c, public_url) for c in citations]
    room = MAX_CONTEXT_ELEMENTS - 1
    if len(labels) > room:
        labels = [*labels[: room - 1], f"+ {len(labels) - room + 1} meer"]
    elements = [{"type": "mrkdwn", "text": "*Bronnen:*"}]
    elements += [{"type": "mrkdwn", "text": label} for label in labels]
    return {"type": "context", "elements": elements}


def feedback_block(message_id: str) -> dict[str, Any]:
    """The 👍/👎 buttons; their value is the answer's message id in the feedback store."""
    return {
        "type": "actions",
        "block_id": FEEDBACK_BLOCK_ID,
        "elements": [
            {
                "type": "button",
                "action_id": FEEDBACK_UP,
                "value": message_id,
                "text": {"type": "plain_text", "text": "👍", "emoji": True},
            },
            {
                "type": "button",
                "action_id": FEEDBACK_DOWN,
                "value": message_id,
                "text": {"type": "plain_text", "text": "👎", "emoji": True},
            },
        ],
    }


def answer_message(
    answer: Answer, public_url: str | None = None, *, with_feedback: bool = True, question: str | None = None
) -> SlackMessage:
    """The whole reply to a question; `question` is echoed first (slash commands do not show it)."""
    blocks: list[dict[str, Any]] = []
    if question:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "*Vraag:* " + escape(question[:2900])}]}
        )
    sections = split_text(to_mrkdwn(answer.answer)) or ["_(geen antwoord)_"]
    if len(sections) > MAX_SECTIONS:
        sections = [*sections[: MAX_SECTIONS - 1], "_… (antwoord ingekort)_"]
    blocks += [_section(chunk) for chunk in sections]
    sources = sources_block(answer.citations, public_url)
    if sources:
        blocks.append(sources)
    if with_feedback and answer.message_id:
        blocks.append(feedback_block(answer.message_id))
    return SlackMessage(text=fallback_text(answer), blocks=blocks)


def fallback_text(answer: Answer) -> str:
    """The plain notification text: the start of the answer and the cited ids."""
    text = answer.answer.strip()
    if len(text) > FALLBACK_LIMIT:
        text = text[: FALLBACK_LIMIT - 1].rstrip() + "…"
    ids = [c.id for c in answer.citations]
    if ids:
        text += "\n\nBronnen: " + ", ".join(ids)
    return escape(text)


def notice_message(text: str) -> SlackMessage:
    """A short reply without sources or buttons: help texts and error messages."""
    return SlackMessage(text=escape(text), blocks=[_section(escape(text))])


def thanked_blocks(blocks: list[dict[str, Any]], rating: str, user_id: str | None) -> list[dict[str, Any]]:
    """The message's blocks with the feedback buttons replaced by a thank-you note."""
    who = f" (<@{user_id}>)" if user_id else ""
    emoji = "👍" if rating == "up" else "👎"
    note = {"type": "context", "elements": [{"type": "mrkdwn", "text": f"{emoji} Bedankt voor je feedback{who}."}]}
    kept = [b for b in blocks if not (b.get("type") == "actions" and b.get("block_id") == FEEDBACK_BLOCK_ID)]
    return [*kept, note]
