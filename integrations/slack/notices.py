"""Short replies that are not answers: an error that keeps the question and offers to try again, and the plain
text that stands in for an answer Slack refused, with what the asker is told privately about it."""

from __future__ import annotations

import json

from assistant.answer_models import Answer
from integrations.slack.blocks import RETRY, SlackMessage, button, context, fallback_text, section
from integrations.slack.links import LinkPolicy, slack_url
from integrations.slack.mrkdwn import escape

UNREADABLE = "Ik zie dit gesprek niet; stel je vraag hier opnieuw."
RETRY_LABEL = "Opnieuw proberen"


def error_message(
    text: str, question: str | None = None, conversation_id: str | None = None, asked_by: str | None = None
) -> SlackMessage:
    """An error in Dutch; with a question, the question kept under it and a button that asks it again (for errors
    that pass: the search service or the database away, the index still loading)."""
    prefix = f"<@{asked_by}> " if asked_by else ""
    blocks = [section(prefix + escape(text))]
    if question:
        blocks.append(context(f"*Je vraag:* {escape(' '.join(question.split())[:2800])}"))
        value = json.dumps({"question": question[:1500], "conversation": conversation_id}, ensure_ascii=False)
        blocks.append({"type": "actions", "elements": [button(RETRY, RETRY_LABEL, value, "Stel je vraag opnieuw")]})
    return SlackMessage(text=prefix + escape(text), blocks=blocks)


def explorer_link(answer: Answer, policy: LinkPolicy) -> str | None:
    """A mrkdwn link to where the whole answer can be read: the actieverkenner filtered as the answer's list was,
    or the list of all actions; None without the web app."""
    url = policy.explorer_url(answer.explorer_query) if answer.explorer_query else policy.explorer_url(None)
    if url is None:
        return None
    label = f"de {len(answer.cited_ids)} acties in de actieverkenner" if answer.explorer_query else "de actieverkenner"
    return f"<{slack_url(url)}|{label}>"


def refused_text(answer: Answer, policy: LinkPolicy, asked_by: str | None) -> str:
    """The plain text posted when Slack refused an answer's blocks: its start, its sources and the explorer link."""
    link = explorer_link(answer, policy)
    lines = [
        (f"<@{asked_by}> " if asked_by else "") + "Slack kon mijn antwoord niet volledig tonen; in het kort:",
        fallback_text(answer),
    ]
    if link:
        lines.append(f"Het volledige antwoord: {link}.")
    return "\n\n".join(lines)


def refused_note(question: str, error: str, answer: Answer, policy: LinkPolicy) -> str:
    """What the asker alone is told when Slack refused their answer."""
    link = explorer_link(answer, policy)
    where = f" Alles staat in {link}." if link else " Stel je vraag eventueel korter of met /actieplan."
    return (
        f"Slack weigerde mijn antwoord op je vraag „{escape(question[:300])}” (`{escape(error)}`). "
        f"Ik zette een korte versie in het gesprek.{where}"
    )
