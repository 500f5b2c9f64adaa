"""Block Kit replies: who asked, the answer (summarised when long), the sources it does not link, and the buttons."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from assistant.answer_models import Answer, Citation
from integrations.slack.links import LinkPolicy, slack_url
from integrations.slack.mrkdwn import escape, to_mrkdwn
from integrations.slack.pages import even_sections, fits
from integrations.slack.summary import SHOWN_ITEMS, summarise

FALLBACK_LIMIT = 600  # the notification text only needs the start of the answer
CONTEXT_TEXT_LIMIT = 2900  # Slack's limit per text element is 3,000 characters
SOURCES_WITH_TITLES = 4  # up to this many actions, each source shows its title too
MAX_SUGGESTIONS = 5

FEEDBACK_UP = "feedback_up"
FEEDBACK_DOWN = "feedback_down"
SHOW_ALL = "show_all"
SHARE = "share_in_channel"
ASK_SUGGESTION = "ask_suggestion"
RETRY = "retry_question"
ANSWER_ACTIONS_BLOCK = "answer_actions"
# The line naming the asker (and the question): kept when "Toon alles" rewrites the message.
ASKED_BLOCK = "asked"
SHORTENED = "_… (antwoord ingekort: te lang voor één Slack-bericht)_"

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
    "Deel in kanaal") work. `asked_by`: the asker, named (and notified) by the answer. `question`: echoed where the
    question itself is not visible (a thread with several askers, a suggestion clicked, a private reply).
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


def asked_block(question: str | None, asked_by: str | None) -> dict[str, Any] | None:
    """The line above an answer: "@Jan vroeg: „…”", "*Vraag:* …" or "Voor @Jan"; None when there is nothing to say."""
    shown = escape(" ".join(question.split())[:2800]) if question else ""
    if shown and asked_by:
        text = f"<@{asked_by}> vroeg: „{shown}”"
    elif shown:
        text = f"*Vraag:* {shown}"
    elif asked_by:
        text = f"Voor <@{asked_by}>"
    else:
        return None
    return {**context(text), "block_id": ASKED_BLOCK}


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


def mentioned(citation_id: str, text: str) -> bool:
    """Whether the shown text already names (and, with the web app, links) a source."""
    return re.search(rf"(?<![\w.]){re.escape(escape(citation_id))}(?![\w.]*\d)", text) is not None


def _packed(heading: str, labels: list[str], separator: str) -> list[str]:
    # As few elements as Slack's size limit allows (10 elements of 3,000 characters).
    elements: list[str] = []
    current = heading + labels[0]
    for label in labels[1:]:
        if len(current) + len(separator) + len(label) > CONTEXT_TEXT_LIMIT:
            elements.append(current)
            current = label
        else:
            current += separator + label
    return [*elements, current]


def sources_blocks(
    answer: Answer, policy: LinkPolicy, shown: str = "", left_out: list[str] | None = None, name_left_out: bool = False
) -> list[dict[str, Any]]:
    """The sources the shown text does not already name, as one context block ("Bronnen", or "Verwante acties" for
    a refusal). `left_out`: the actions a summary leaves out, not listed as sources; with `name_left_out` (no link
    to the actieverkenner lists them) named briefly as "De andere N"."""
    left_out = left_out or []
    unnamed = [c for c in answer.citations if c.id not in left_out and not mentioned(c.id, shown)]
    elements: list[str] = []
    if unnamed:
        with_titles = len(unnamed) <= SOURCES_WITH_TITLES
        labels = list(dict.fromkeys(source_label(c, policy, with_titles) for c in unnamed))
        # A refusal's citations do not answer the question: call them what they are.
        heading = "*Verwante acties:* " if answer.abstained else "*Bronnen:* "
        elements += _packed(heading, labels, " · " if with_titles else ", ")
    if left_out and name_left_out:
        labels = [source_label(c, policy, False) for c in answer.citations if c.id in left_out]
        elements += _packed(f"*De andere {len(left_out)}:* ", labels, ", ")
    if not policy.base and answer.cited_ids:
        # Without the web app, say where the details are.
        elements.append(f"Meer over een actie: vraag bv. „Wat houdt {answer.cited_ids[0]} in?” of zie het actieplan.")
    return [context(*elements[:10])] if elements else []


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


def explorer_block(answer: Answer, policy: LinkPolicy, summarised: bool) -> list[dict[str, Any]]:
    """The link to the actieverkenner, filtered as the answer's list was (for lists longer than a glance)."""
    explorer = policy.explorer_url(answer.explorer_query) if answer.explorer_query else None
    if not explorer or len(answer.cited_ids) <= SHOWN_ITEMS:
        return []
    count = len(answer.cited_ids)
    label = f"Toon alle {count} in de actieverkenner" if summarised else f"Bekijk deze {count} in de actieverkenner"
    return [section(f"<{slack_url(explorer)}|{label}>")]


def answer_message(
    answer: Answer, policy: LinkPolicy | None = None, options: ReplyOptions | None = None
) -> SlackMessage:
    """The whole reply to a question: who asked, the answer or its summary, links, sources and buttons; within
    Slack's limits (a long answer that cannot be summarised is cut, saying so)."""
    policy = policy or LinkPolicy()
    options = options or ReplyOptions()
    buttons = options.recorded and bool(answer.message_id)
    header = asked_block(options.question, options.asked_by)
    body = to_mrkdwn(answer.answer, policy, set(answer.cited_ids))
    # Only summarise when the rest stays one click away ("Toon alles" needs the recorded answer).
    summary = None if options.full or not buttons else summarise(body, answer.cited_ids)
    sections = even_sections(summary.text if summary else body) or ["_(geen antwoord)_"]
    explorer = explorer_block(answer, policy, summary is not None)
    actions = (
        [answer_actions(answer.message_id, show_all=summary is not None, share=options.share)]
        if buttons and answer.message_id
        else []
    )
    top = [header] if header else []
    # Which plan version answered.
    source = "From the" if answer.language == "en" else "Uit het"
    plan_line = [context(f"{source} {escape(answer.plan)}")] if answer.plan else []
    # The recorded answer, also for colleagues outside Slack (a mail, another tool).
    permalink_url = policy.answer_url(answer.message_id) if buttons and answer.message_id else None
    permalink = [section(f"<{slack_url(permalink_url)}|Link naar dit antwoord>")] if permalink_url else []

    def assemble(shown_sections: list[str]) -> list[dict[str, Any]]:
        shown = "\n".join(shown_sections)
        left_out = [i for i in answer.cited_ids if not mentioned(i, shown)] if summary and summary.hidden else []
        return [
            *top,
            *[section(chunk) for chunk in shown_sections],
            *explorer,
            *sources_blocks(answer, policy, shown, left_out, name_left_out=not explorer),
            *permalink,
            *plan_line,
            *suggestion_blocks(answer),
            *actions,
        ]

    blocks = assemble(sections)
    while not fits(blocks) and len(sections) > 1:
        # Too long for one message, with nothing to click for the rest: cut, and say so.
        sections = [*sections[: -2 if sections[-1] == SHORTENED else -1], SHORTENED]
        blocks = assemble(sections)
    text = fallback_text(answer)
    return SlackMessage(text=f"<@{options.asked_by}> {text}" if options.asked_by else text, blocks=blocks)


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
