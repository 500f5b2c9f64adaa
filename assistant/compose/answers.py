"""Composing a route's result into answer text with citations, from the plan itself (no LLM needed).

Every answer leads with a sentence that answers (a count, yes or no, or that the plan does not say), and every
factual sentence carries its source: an action id or a section of the plan.
"""

from __future__ import annotations

import re

from assistant.answer_models import Citation
from assistant.compose.asked import grouped_answer, summary_answer
from assistant.compose.funding import funding_answer, instrument_lines
from assistant.compose.lists import list_answer
from assistant.compose.parts import (
    NO_STATUS_QUOTE,
    cite_action,
    cite_section,
    content_words,
    field_sentences,
    first_sentence,
    initiators_phrase,
    joined,
    plan_links,
    when_phrase,
)
from assistant.compose.phrases import no_verdict, say
from assistant.index import LoadedIndex
from assistant.question import Question
from assistant.question.filter_rules import MatchContext
from assistant.routing import RouteResult
from foundation.text import sentences
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord, TextSection
from plan_model.timing import timing_state

# A refusal shows this many related actions in full, and names the others by number.
_RELATED_SHOWN = 4
# A background sentence must share this many longer words with the question to add something.
_BACKGROUND_OVERLAP = 2


def compose(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    """The answer text and its citations for a route result."""
    text, citations = _compose(result, index, directory)
    if result.undefined:
        text = say("meaning.undefined", result.question.language) + "\n" + text
    # A plan cell that ends in "…" (an open-ended timing) needs no full stop after it.
    return re.sub(r"…\.", "…", text), citations


def _compose(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    if result.route == "abstain":
        return _abstention(result, directory)
    if result.route == "clarify":
        # "Welke acties trekt het departement?": which one; the options are offered as questions to pick.
        article, noun = result.question.ambiguous_words.lower().split()[-2:]
        which = say(
            "clarify.which_neuter" if article in ("het", "dat") else "clarify.which_common", result.question.language
        )
        options = joined(list(result.options), result.question.language)
        text = say(
            "clarify.which",
            result.question.language,
            which=which,
            noun=noun,
            count=len(result.options),
            options=options,
        )
        return text, []
    if result.route == "overview":
        if result.question.asked.kind == "summary":
            return summary_answer(result, index)
        return _overview(result, index)
    if result.route == "structured" and result.question.asked.kind in ("rank", "group"):
        return grouped_answer(result, index, directory)
    if result.choices:
        return _choices(result)
    if result.route == "lookup" or (result.route == "semantic" and result.fields):
        if len(result.actions) > 1 and result.question.asked.kind == "compare":
            return _comparison(result, directory)
        return _lookup(result, index, directory)
    if result.route in ("structured", "mixed"):
        return list_answer(result, index, directory)
    if result.question.funding and result.actions:
        return funding_answer(result, directory, index.document)
    if not result.actions:
        return _meaning(result)
    return _topic(result, index, directory)


def _abstention(result: RouteResult, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    language = result.question.language
    topic = result.question.outside_topic or ""
    lines = [say(f"abstain.{result.abstain_reason or 'scope'}", language, topic=topic)]
    if result.actions and result.question.funding:
        # "Hoeveel subsidie krijg ik?": no amounts, but the instruments for that need, as in a funding answer.
        lines += instrument_lines(result, directory)
    elif (
        result.actions and result.abstain_reason in ("permission", "eligibility", "law") and not result.question.funding
    ):
        # "Mag ik …?", "kom ik in aanmerking …?": what the plan does offer on it, and who leads each action.
        lines.append(say("abstain.permission_related", language))
        for action in result.actions[:_RELATED_SHOWN]:
            lead = initiators_phrase(action, language, directory)
            lines.append(say("abstain.related_line", language, title=action.title, id=action.id, lead=lead))
    elif result.actions:
        # A few related actions in full; the rest by number, so that a refusal does not read as a long answer.
        shown, others = result.actions[:_RELATED_SHOWN], result.actions[_RELATED_SHOWN:]
        lines.append(say("abstain.related", language))
        lines += [f"• {action.title} ({action.id})." for action in shown]
        if others:
            lines.append(say("abstain.related_more", language, ids=joined([a.id for a in others], language)))
    return "\n".join(lines), [cite_action(action) for action in result.actions]


def _overview(result: RouteResult, index: LoadedIndex) -> tuple[str, list[Citation]]:
    """The plan as a whole: how many actions, per domain, and how many objectives."""
    language = result.question.language
    document = index.document
    parts = [
        say(
            "overview.domain",
            language,
            count=sum(a.domain == d.code for a in document.actions),
            code=d.code,
            name=d.name,
        )
        for d in document.domains
    ]
    listed = joined(parts, language)
    lines = [
        say("overview.actions", language, count=len(document.actions), domains=len(document.domains), parts=listed),
        say("overview.objectives", language, count=len(document.objectives)),
    ]
    intro = next((s for s in document.sections if s.id == "inleiding"), None)
    return " ".join(lines), [cite_section(intro)] if intro else []


def _choices(result: RouteResult) -> tuple[str, list[Citation]]:
    """An ambiguous follow-up: which of the previous answer's actions is meant."""
    language = result.question.language
    lines = [say("choose.header", language, count=len(result.choices))]
    lines += [f"• {action.title} ({action.id})" for action in result.choices]
    return "\n".join(lines), [cite_action(action) for action in result.choices]


def _lookup(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    language = result.question.language
    lines: list[str] = []
    citations: list[Citation] = []
    intro = next((s for s in index.document.sections if s.id == "inleiding"), None)
    if result.question.asks_contact:
        # "Bij wie kan ik daarvoor terecht?": the plan names organisations, never people.
        lines.append(say("contact.lead", language))
    elif result.question.yes_no and len(result.actions) == 1 and (lead := _yes_no_lead(result, index, directory)):
        # "Loopt BT 4.1 nog?", "Is KP 4.4 een sleutelactie?": yes or no first, then the action's facts.
        lines.append(lead)
    for action in result.actions:
        lines.append(f"{action.id} — {action.title}.")
        lines += field_sentences(
            action, list(result.fields), index.document, language, directory, result.question.today
        )
        lines.append("")
        citations.append(cite_action(action))
        if action.status is None and "status" in result.fields and intro:
            # "Neither planning nor project" means the Kennispunt's own means: the introduction says so.
            citations.append(cite_section(intro, NO_STATUS_QUOTE))
    return "\n".join(lines).strip(), _unique(citations)


_RUNNING_LEADS = {"running": "yesno.running", "ongoing": "yesno.ongoing", "planned": "yesno.planned",
                  "finished": "yesno.finished", "undetermined": "yesno.undetermined"}  # fmt: skip


def _yes_no_lead(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> str | None:
    """Yes or no for one action: whether it passes the question's filters, or whether it runs today."""
    question, action = result.question, result.actions[0]
    language = question.language
    if question.filters:
        passes = question.filters.matches(action, MatchContext(index.document, directory, question.today))
        return say("yesno.yes" if passes else "yesno.no", language)
    if question.asks_running:
        return say(_RUNNING_LEADS[timing_state(action, question.today)], language, id=action.id)
    return None


def _comparison(result: RouteResult, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    """Two (or more) actions contrasted on trekker, timing, importance, status and output."""
    language = result.question.language
    actions = result.actions
    versus = say("compare.versus", language)

    def row(label: str, values: list[str]) -> str:
        contrast = versus.join(f"{value} ({action.id})" for value, action in zip(values, actions, strict=True))
        return say("compare.row", language, label=say(label, language), values=contrast)

    lines = [
        say(
            "compare.header",
            language,
            ids=joined([a.id for a in actions], language),
        )
    ]
    lines.append(row("label.lead_cap", [initiators_phrase(a, language, directory) for a in actions]))
    lines.append(row("label.timing", [when_phrase(a, language, result.question.today) for a in actions]))
    lines.append(row("label.importance", [a.importance or say("value.no_importance", language) for a in actions]))
    lines.append(row("label.status", [a.status or say("value.no_status", language) for a in actions]))
    lines.append(row("label.output", [first_sentence(a.output).rstrip(".") for a in actions]))
    return "\n".join(lines), [cite_action(a) for a in actions]


def _topic(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    """A topic question: the relevant actions, each with what it delivers, who leads and when."""
    question = result.question
    language = question.language
    count = len(result.actions)
    header = say("search.header_one", language) if count == 1 else say("search.header", language, count=count)
    if result.naming:
        # A complete list of the actions that name something: say so, not "the most relevant".
        header = say("search.naming_one" if count == 1 else "search.naming", language, count=count, name=result.naming)
    if question.asked.caveat:
        # "Moeten wij dat zelf betalen?": the plan gives no verdict; never a "ja" from the presence of actions.
        header = no_verdict(question.asked.caveat, language) + " " + header
    elif question.yes_no and count:
        header = say("search.yes", language) + " " + header  # "Is er iets rond kreekruggen?" — "Ja. Het …"
    lines, citations = [header], []
    for action in result.actions:
        lines.append(
            say(
                "search.line",
                language,
                title=action.title,
                id=action.id,
                output=first_sentence(action.output),
                lead=initiators_phrase(action, language, directory),
                timing=when_phrase(action, language, question.today),
            )
        )
        citations.append(cite_action(action, action.output))
    if result.more:
        lines.append(
            say("search.selection_one" if result.more == 1 else "search.selection", language, count=result.more)
        )
    if links := plan_links(result.actions, index.document):
        lines.append(say("links.plan", language, links=", ".join(links)))
    background = _background(question, result.actions, result.sections, index)
    if background is not None:
        section, sentence = background
        lines.append(say("search.background", language, quote=sentence, source=section.title))
        citations.append(cite_section(section, sentence))
    return "\n".join(lines), citations


def _background(
    question: Question, actions: tuple[ActionRecord, ...], sections: tuple[TextSection, ...], index: LoadedIndex
) -> tuple[TextSection, str] | None:
    """A sentence from the domain text of the cited actions that adds to the question, or None."""
    domains = {a.domain for a in actions}
    candidates = [s for s in index.document.sections if s.domain in domains] + [s for s in sections if s.domain is None]
    asked = content_words(question.search_text)
    best: tuple[int, TextSection, str] | None = None
    for section in candidates:
        for sentence in sentences(section.text):
            overlap = len(asked & content_words(sentence))
            if overlap >= _BACKGROUND_OVERLAP and 40 <= len(sentence) <= 400 and (best is None or overlap > best[0]):
                best = (overlap, section, sentence)
    return (best[1], best[2]) if best else None


def _meaning(result: RouteResult) -> tuple[str, list[Citation]]:
    """A question the plan answers in its text, not in an action ("Wat betekent 'planning'?")."""
    language = result.question.language
    asked = content_words(result.question.text)
    quotes = []
    for section in result.sections:
        best = max(sentences(section.text), key=lambda s: len(asked & content_words(s)), default="")
        if best:
            quotes.append((section, best))
    lines = [say("meaning.header", language)] + [f"• {text} ({section.title})" for section, text in quotes[:2]]
    return "\n".join(lines), [cite_section(section, text) for section, text in quotes[:2]]


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    unique = []
    for citation in citations:
        if citation.id not in seen:
            seen.add(citation.id)
            unique.append(citation)
    return unique
