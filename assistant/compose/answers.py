"""Composing a route's result into answer text with citations, from the plan itself (no LLM needed)."""

from __future__ import annotations

from datetime import date

from assistant.answer_models import Citation
from assistant.compose.parts import (
    NO_STATUS_QUOTE,
    cite_action,
    cite_section,
    field_sentences,
    initiators_phrase,
    list_line,
    quote,
    running_now,
    timing_note,
    timing_phrase,
)
from assistant.compose.phrases import say
from assistant.index import LoadedIndex
from assistant.question import Question
from assistant.routing import RouteResult
from ingest.organisations import OrganisationDirectory
from ingest.timing import quarter_index

_NOUNS = {"Sleutelactie": "noun.key_action", "Ondersteunend": "noun.supporting_action", None: "noun.action"}


def compose(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    """The answer text and its citations for a route result."""
    if result.route == "abstain":
        return _abstention(result)
    if result.route == "lookup" or (result.route == "semantic" and result.fields):
        return _lookup(result, index)
    if result.route in ("structured", "mixed"):
        return _list(result, index, directory)
    return _search(result)


def describe_filters(question: Question, index: LoadedIndex) -> tuple[str, str]:
    """The noun for a count ("sleutelacties") and the description of the question's filters and topic."""
    language = question.language
    noun = _NOUNS[question.filters.importance] + "s"
    description = question.filters.describe(language, index.document)
    if question.topic_terms:
        topic = ("about " if language == "en" else "rond ") + " ".join(question.topic_terms)
        description = ", ".join(p for p in (description, topic) if p)
    return say(noun, language), description


def _abstention(result: RouteResult) -> tuple[str, list[Citation]]:
    language = result.question.language
    lines = [say(f"abstain.{result.abstain_reason or 'scope'}", language)]
    if result.actions:
        lines.append(say("abstain.related", language))
        lines += [f"• {action.title} ({action.id})." for action in result.actions]
    return "\n".join(lines), [cite_action(action) for action in result.actions]


def _lookup(result: RouteResult, index: LoadedIndex) -> tuple[str, list[Citation]]:
    language = result.question.language
    lines: list[str] = []
    citations: list[Citation] = []
    intro = next((s for s in index.document.sections if s.id == "inleiding"), None)
    for action in result.actions:
        lines.append(f"{action.id} — {action.title}.")
        lines += field_sentences(action, list(result.fields), index.document, language)
        lines.append("")
        citations.append(cite_action(action))
        if action.status is None and "status" in result.fields and intro:
            # "Neither planning nor project" means the Kennispunt's own means: the introduction says so.
            citations.append(cite_section(intro, NO_STATUS_QUOTE))
    return "\n".join(lines).strip(), _unique(citations)


def _list(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    question = result.question
    language = question.language
    noun, description = describe_filters(question, index)
    count = len(result.actions)
    if count == 0:
        return _tidy(say("list.none", language, noun=noun, description=description)), []
    if count == 1:
        noun = say(_NOUNS[question.filters.importance], language)
    orgs = set().union(*(directory.family(o) for o in question.filters.orgs))
    lines = [_tidy(say("list.header", language, count=count, noun=noun, description=description))]
    lines += [list_line(a, orgs, language) for a in result.actions]
    return "\n".join(lines), [cite_action(a) for a in result.actions]


def _search(result: RouteResult) -> tuple[str, list[Citation]]:
    question = result.question
    language = question.language
    lines = [say("search.funding_header" if question.funding else "search.header", language)]
    citations = []
    for action in result.actions:
        lines.append(
            say(
                "search.line",
                language,
                title=action.title,
                id=action.id,
                output=quote(action.output, 220),
                lead=initiators_phrase(action, language),
                timing=timing_phrase(action, language),
                note=timing_note(action, language),
            )
        )
        citations.append(cite_action(action, action.output))
    if question.funding and result.actions:
        lines += _funding_outlook(result)
    for section in result.sections[:1]:
        lines.append(say("search.background", language, quote=quote(section.text, 260), source=section.title))
        citations.append(cite_section(section))
    return "\n".join(lines), citations


def _funding_outlook(result: RouteResult) -> list[str]:
    """What a company can follow up now and what starts later, from the timing of the actions found."""
    language = result.question.language
    today = date.today()
    this_quarter = today.year * 4 + (today.month - 1) // 3
    now = [a for a in result.actions if running_now(a)]
    later = [a for a in result.actions if a.start and quarter_index(a.start, at_end=False) > this_quarter]
    parts = []
    if now:
        parts.append(say("funding.now", language, ids=", ".join(a.id for a in now)))
    if later:
        starts = ", ".join(say("funding.from", language, id=a.id, start=a.start) for a in later)
        parts.append(say("funding.later", language, ids=starts))
    return [" ".join(parts)] if parts else []


def _tidy(text: str) -> str:
    """No doubled blanks or blank before punctuation where a description is empty."""
    return text.replace("  ", " ").replace(" .", ".").replace(" :", ":")


def _unique(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    unique = []
    for citation in citations:
        if citation.id not in seen:
            seen.add(citation.id)
            unique.append(citation)
    return unique
