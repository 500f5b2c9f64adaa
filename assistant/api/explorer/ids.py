"""Action ids in running text, as links: "(KP 1.3; BW 2.1)" and the plan's cross-references "BT. 1.2; 1.3;1.4".

The id pattern is the one of plan_model.records (ACTION_ID). The plan also lists further ids after one with a code
("link met o.a. BT. 1.2; 1.3;1.4"): CONTINUATION picks those up, each under the code of the id before it. The web
chat does the same in the browser with these two patterns, which the chat page receives from the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from assistant.api.explorer.rows import action_href
from plan_model.records import ACTION_ID

CONTINUATION = re.compile(r"\s?[;,/]\s?(?:en\s|and\s)?\s?(\d{1,2})\.(\d{1,2})(?![\d.]\d)")


@dataclass(frozen=True)
class IdSpan:
    """Where an action id stands in a text, and the id it stands for."""

    start: int
    end: int
    action_id: str


def id_spans(text: str) -> list[IdSpan]:
    """Every action id in a text, with the bare numbers that continue a list after it."""
    spans: list[IdSpan] = []
    for match in ACTION_ID.finditer(text):
        code = match.group(1).upper()
        spans.append(IdSpan(match.start(), match.end(), f"{code} {int(match.group(2))}.{int(match.group(3))}"))
        position = match.end()
        while (more := CONTINUATION.match(text, position)) is not None:
            spans.append(IdSpan(more.start(1), more.end(), f"{code} {int(more.group(1))}.{int(more.group(2))}"))
            position = more.end()
    return spans


def link_ids(text: str, known: set[str] | None = None) -> Markup:
    """The text, escaped, with every (known) action id a link to its page."""
    parts: list[str] = []
    last = 0
    for span in id_spans(text):
        if known is not None and span.action_id not in known:
            continue
        parts.append(escape(text[last : span.start]))
        label = escape(text[span.start : span.end])
        parts.append(Markup('<a class="id-link" href="{}">{}</a>').format(action_href(span.action_id), label))
        last = span.end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
