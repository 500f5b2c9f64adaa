""" "Toon alles": the whole answer, summary first, laid out over as few messages as Slack's limits allow.

The first message takes the place of the summary (chat.update, or the private reply); only an answer too long
for one message continues in further messages, each saying which part it is.
"""

from __future__ import annotations

from typing import Any

from assistant.answer_models import Answer
from integrations.slack.blocks import (
    SlackMessage,
    answer_actions,
    explorer_block,
    fallback_text,
    section,
    sources_blocks,
    suggestion_blocks,
)
from integrations.slack.links import LinkPolicy
from integrations.slack.mrkdwn import SECTION_LIMIT, split_text, to_mrkdwn
from integrations.slack.pages import MESSAGE_TEXT_BUDGET, block_text, even_sections, lines_in_pages
from integrations.slack.summary import expand

# Room for a part's own lines ("_(vervolg, 2/3)_", "_Vervolg hieronder._") and the newlines between items.
_MARGIN = 400


def expanded_messages(
    answer: Answer, policy: LinkPolicy, header: dict[str, Any] | None = None, *, share: bool = False
) -> list[SlackMessage]:
    """The whole answer: the message to put in place of the summary, then (rarely) the messages that continue it.

    `header`: the original message's line naming the asker, kept as it was. The first message keeps the buttons
    (👍/👎, and "Deel in kanaal" for a private reply), without "Toon alles".
    """
    body = to_mrkdwn(answer.answer, policy, set(answer.cited_ids))
    layout = expand(body, answer.cited_ids)
    tail = [*explorer_block(answer, policy, summarised=False), *sources_blocks(answer, policy, body)]
    tail += suggestion_blocks(answer)
    if answer.message_id:
        tail.append(answer_actions(answer.message_id, show_all=False, share=share))
    top = [header] if header else []
    units = [piece for unit in layout.units for piece in split_text(unit, SECTION_LIMIT)]
    first_room = MESSAGE_TEXT_BUDGET - block_text(top + tail) - len(layout.head) - len(layout.tail) - _MARGIN
    pages = lines_in_pages(units, MESSAGE_TEXT_BUDGET - _MARGIN, first_budget=max(first_room, SECTION_LIMIT))
    messages: list[SlackMessage] = []
    for number, page in enumerate(pages, start=1):
        parts = [layout.head] if number == 1 and layout.head else []
        if number > 1:
            parts.append(f"_(vervolg, {number}/{len(pages)})_")
        parts.append(layout.joiner.join(page))
        if number == len(pages) and layout.tail:
            parts.append(layout.tail)
        if number == 1 and len(pages) > 1:
            rest = len(pages) - 1
            parts.append(f"_Vervolg in {'het bericht' if rest == 1 else f'de {rest} berichten'} hieronder._")
        blocks = [section(chunk) for chunk in even_sections("\n\n".join(p for p in parts if p))]
        if number == 1:
            messages.append(SlackMessage(text=fallback_text(answer), blocks=[*top, *blocks, *tail]))
        else:
            messages.append(SlackMessage(text=f"Vervolg van het antwoord ({number}/{len(pages)})", blocks=blocks))
    return messages
