"""An answer as the server renders it (the chat without JavaScript, and an answer's permalink).

The same reading of an answer as the chat's script (assistant/web/chat/answer.js): each line its own block, every
action id a link to its page, a run of more than FOLD_AFTER list items folded behind "toon alle N", the sources
except the actions a list already shows, the follow-up questions as links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from markupsafe import Markup

from assistant.answer_models import Answer, Citation, Suggestion
from assistant.api.explorer.ids import id_spans, link_ids
from assistant.api.explorer.rows import action_href

# A list answer shows this many items; the rest are one click away (its text stays whole for Slack, CLI, API).
FOLD_AFTER = 10
BULLET = "•"


@dataclass(frozen=True)
class Line:
    """One line of the answer, escaped, with its action ids as links."""

    html: Markup
    bullet: bool


@dataclass
class Block:
    """Consecutive lines: shown, or (a long list's tail) folded behind "toon alle N"."""

    lines: list[Line] = field(default_factory=list)
    folded: bool = False
    # For a folded block: how many items the whole list has.
    total: int = 0


@dataclass(frozen=True)
class Source:
    """A source under the answer: an action (linked to its page) or a part of the plan."""

    id: str
    title: str
    href: str | None


@dataclass(frozen=True)
class Followup:
    """A question to ask next, as a link that asks it."""

    label: str
    href: str


@dataclass
class AnswerView:
    """What a rendered answer shows."""

    question: str
    answer: Answer
    blocks: list[Block]
    sources: list[Source]
    # How many of the cited actions the list shows (they are not repeated as sources).
    listed: int
    followups: list[Followup]
    explorer_href: str | None = None
    explorer_count: int | None = None

    @property
    def needs_choice(self) -> bool:
        """Whether the answer asks to choose one of its follow-ups."""
        return self.answer.needs_choice


def blocks_of(text: str, known: set[str] | None = None) -> tuple[list[Block], set[str]]:
    """The answer's lines in blocks, a long run of list items folded after FOLD_AFTER; and the ids the items name."""
    blocks: list[Block] = []
    listed: set[str] = set()
    run: list[Line] = []

    def close_run() -> None:
        if len(run) > FOLD_AFTER:
            blocks.append(Block(run[:FOLD_AFTER]))
            blocks.append(Block(run[FOLD_AFTER:], folded=True, total=len(run)))
        elif run:
            blocks.append(Block(list(run)))
        run.clear()

    for text_line in text.split("\n"):
        line = Line(link_ids(text_line, known), text_line.startswith(BULLET))
        if line.bullet:
            run.append(line)
            listed.update(span.action_id for span in id_spans(text_line))
            continue
        close_run()
        if blocks and not blocks[-1].folded:
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block([line]))
    close_run()
    return blocks, listed


def sources_of(citations: list[Citation], listed: set[str]) -> tuple[list[Source], int]:
    """The sources to show (without the actions the list shows) and how many were left out for that reason."""
    shown: list[Source] = []
    skipped = 0
    for citation in citations:
        is_action = citation.kind == "action"
        if is_action and citation.id in listed:
            skipped += 1
            continue
        title = citation.title if citation.title and citation.title != citation.id else ""
        shown.append(Source(citation.id, title, action_href(citation.id) if is_action else None))
    return shown, skipped


def ask_href(
    question: str, conversation_id: str | None = None, history: list[str] | None = None, about: str | None = None
) -> str:
    """The chat's address that asks a question without JavaScript: in a conversation (about an action), after
    these answers."""
    pairs = [("vraag", question)]
    if conversation_id:
        pairs.append(("gesprek", conversation_id))
    if about:
        pairs.append(("actie", about))
    pairs += [("m", message_id) for message_id in history or []]
    return "/?" + urlencode(pairs)


def answer_view(
    question: str,
    answer: Answer,
    *,
    known: set[str] | None = None,
    followup: Callable[[Suggestion], str] | None = None,
    explorer_count: int | None = None,
) -> AnswerView:
    """An answer ready to render; `followup` makes a suggestion's link (default: a new conversation asking it)."""
    blocks, listed = blocks_of(answer.answer, known)
    sources, skipped = sources_of(answer.citations, listed)
    make = followup or (lambda s: ask_href(s.question))
    query = answer.explorer_query
    return AnswerView(
        question=question,
        answer=answer,
        blocks=blocks,
        sources=sources,
        listed=skipped,
        followups=[Followup(s.label, make(s)) for s in answer.suggestions],
        explorer_href=("/acties?" + query if query else "/acties") if query is not None else None,
        explorer_count=explorer_count,
    )
