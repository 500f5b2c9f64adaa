"""Block Kit replies: the answer (summarised when long), every cited action reachable, and the buttons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from assistant.answer_models import Answer, Citation
from integrations.slack.links import LinkPolicy, slack_url
from integrations.slack.mrkdwn import escape, split_text, to_mrkdwn
from integrations.slack.summary import SHOWN_ITEMS, summarise

FALLBACK_LIMIT = 600  # the notification text only needs the start of the answer
MAX_SECTIONS = 40  # a message holds at most 50 blocks; leave room for question, links, sources and buttons
CONTEXT_TEXT_LIMIT = 2900  # Slack's limit per text element is 3,000 characters
SOURCES_WITH_TITLES = 4  # up to this many actions, each source shows its title too
MAX_SUGGESTIONS = 5

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
SHOW_ALL = "show_all"
SHARE = "share_in_channel"
ASK_SUGGESTION = "ask_suggestion"
ANSWER_ACTIONS_BLOCK = "answer_actions"

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


@dataclass(frozen=True)
class ReplyOptions:
    """How an answer is shown.

    `recorded`: the answer is in the feedback store, so buttons that refer to it (👍/👎, "Toon alles",
    "Deel in kanaal") work. `question`/`asked_by`: echoed where the question itself is not visible.
    `share`: the private reply to /actieplan, with a "Deel in kanaal" button. `full`: never summarise.
    """

    recorded: bool = True
    question: str | None = None
    asked_by: str | None = None
    share: bool = False
    full: bool = False


def section(text: str) -> dict[str, Any]:
    """A section block with mrkdwn text."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(*texts: str) -> dict[str, Any]:
    """A context block (small grey text) with one mrkdwn element per text."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text} for text in texts]}


def button(action_id: str, text: str, value: str, label: str, style: str | None = None) -> dict[str, Any]:
    """A button with an accessibility label: screen readers read that, not the emoji."""
    element: dict[str, Any] = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "value": value[:2000],
        "accessibility_label": label[:75],
    }
    if style:
        element["style"] = style
    return element


def source_label(citation: Citation, policy: LinkPolicy, with_title: bool = True) -> str:
    """One source as mrkdwn: "KP 1.3 · title", the id linked to the action's page when there is one.

    A section source whose title repeats its name ("BM, uitdaging") shows the name once.
    """
    title = citation.title.strip()
    if title.casefold() == citation.id.casefold() or not with_title:
        title = ""
    title = title if len(title) <= 80 else title[:79].rsplit(" ", 1)[0] + " …"
    name = escape(citation.id)
    url = policy.action_url(citation.id) if citation.kind == "action" else None
    if url:
        name = f"<{slack_url(url)}|{name}>"
    return f"{name} · {escape(title)}" if title else name


def sources_blocks(answer: Answer, policy: LinkPolicy) -> list[dict[str, Any]]:
    """The sources as one context block: every cited action named (and linked), none left as "+ N meer"."""
    if not answer.citations:
        return []
    with_titles = len(answer.citations) <= SOURCES_WITH_TITLES
    labels = list(dict.fromkeys(source_label(c, policy, with_titles) for c in answer.citations))
    # A refusal's citations do not answer the question: call them what they are.
    heading = "*Verwante acties:* " if answer.abstained else "*Bronnen:* "
    separator = " · " if with_titles else ", "
    # Packed into as few elements as Slack's size limit allows (10 elements of 3,000 characters).
    elements: list[str] = []
    current = heading + labels[0]
    for label in labels[1:]:
        if len(current) + len(separator) + len(label) > CONTEXT_TEXT_LIMIT:
            elements.append(current)
            current = label
        else:
            current += separator + label
    elements.append(current)
    if not policy.base and answer.cited_ids:
        # Without the web app, say where the details are.
        elements.append(f"Meer over een actie: vraag bv. „Wat houdt {answer.cited_ids[0]} in?” of zie het actieplan.")
    return [context(*elements[:10])]


def suggestion_blocks(answer: Answer) -> list[dict[str, Any]]:
    """The suggested questions as buttons; a click asks that question in the thread."""
    suggestions = answer.suggestions[:MAX_SUGGESTIONS]
    if not suggestions:
        return []
    label = "*Wat bedoel je?* Kies een van deze vragen:" if answer.needs_choice else "Vraag verder:"
    # The value carries the conversation, so the chosen question continues it wherever the message is.
    buttons = [
        button(
            f"{ASK_SUGGESTION}:{n}",
            s.label,
            json.dumps({"question": s.question[:1500], "conversation": answer.conversation_id}, ensure_ascii=False),
            f"Vraag: {s.question}",
        )
        for n, s in enumerate(suggestions)
    ]
    return [context(label), {"type": "actions", "elements": buttons}]


def answer_actions(message_id: str, *, show_all: bool, share: bool) -> dict[str, Any]:
    """ "Toon alles", "Deel in kanaal" and 👍/👎; each value is the answer's message id in the feedback store."""
    elements = []
    if show_all:
        elements.append(button(SHOW_ALL, "Toon alles", message_id, "Toon het volledige antwoord"))
    if share:
        elements.append(button(SHARE, "Deel in kanaal", message_id, "Deel dit antwoord in het kanaal", "primary"))
    elements += [
        button(FEEDBACK_UP, "👍", message_id, "Goed antwoord"),
        button(FEEDBACK_DOWN, "👎", message_id, "Slecht antwoord: zeg wat er mis was"),
    ]
    return {"type": "actions", "block_id": ANSWER_ACTIONS_BLOCK, "elements": elements}


def answer_message(
    answer: Answer, policy: LinkPolicy | None = None, options: ReplyOptions | None = None
) -> SlackMessage:
    """The whole reply to a question: question echo, the answer or its summary, links, sources and buttons."""
    policy = policy or LinkPolicy()
    options = options or ReplyOptions()
    buttons = options.recorded and bool(answer.message_id)
    blocks: list[dict[str, Any]] = []
    if options.question:
        asked = f" · gevraagd door <@{options.asked_by}>" if options.asked_by else ""
        blocks.append(context("*Vraag:* " + escape(options.question[:2800]) + asked))
    body = to_mrkdwn(answer.answer, policy, set(answer.cited_ids))
    # Only summarise when the rest stays one click away ("Toon alles" needs the recorded answer).
    summary = None if options.full or not buttons else summarise(body, answer.cited_ids)
    sections = split_text(summary.text if summary else body) or ["_(geen antwoord)_"]
    if len(sections) > MAX_SECTIONS:
        sections = [*sections[: MAX_SECTIONS - 1], "_… (antwoord ingekort)_"]
    blocks += [section(chunk) for chunk in sections]
    explorer = policy.explorer_url(answer.explorer_query) if answer.explorer_query else None
    if explorer and len(answer.cited_ids) > SHOWN_ITEMS:
        count = len(answer.cited_ids)
        label = f"Toon alle {count} in de actieverkenner" if summary else f"Bekijk deze {count} in de actieverkenner"
        blocks.append(section(f"<{slack_url(explorer)}|{label}>"))
    blocks += sources_blocks(answer, policy)
    if answer.plan:
        blocks.append(context(f"Uit het {escape(answer.plan)}"))  # which plan version answered
    blocks += suggestion_blocks(answer)
    if buttons and answer.message_id:
        blocks.append(answer_actions(answer.message_id, show_all=summary is not None, share=options.share))
    return SlackMessage(text=fallback_text(answer), blocks=blocks)


def fallback_text(answer: Answer) -> str:
    """The plain notification text: the start of the answer and the cited ids."""
    text = answer.answer.strip()
    if len(text) > FALLBACK_LIMIT:
        # A notification shows a line or two; the whole answer is in the blocks.
        text = text[:FALLBACK_LIMIT].rsplit(" ", 1)[0].rstrip() + " …"
    ids = [c.id for c in answer.citations]
    if ids:
        text += ("\n\nVerwante acties: " if answer.abstained else "\n\nBronnen: ") + ", ".join(ids)
    return escape(text)


def notice_message(text: str) -> SlackMessage:
    """A short reply without sources or buttons: help texts and error messages."""
    return SlackMessage(text=escape(text), blocks=[section(escape(text))])
