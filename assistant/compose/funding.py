"""A funding answer as an advisor at the Kennispunt gives it: the answer first, what exists now, what is coming,
whom to contact; what the plan does not do, said plainly."""

from __future__ import annotations

import re

from assistant.answer_models import Citation
from assistant.compose.parts import cite_action, first_sentence, initiators_phrase, timing_phrase, timing_state
from assistant.compose.phrases import say
from assistant.routing import RouteResult
from foundation.text import fold
from ingest.organisations import OrganisationDirectory
from ingest.records import ActionRecord, short_title

# The asker wants money from the plan or the Kennispunt itself: the plan's answer is no.
_MONEY_FROM_PLAN = re.compile(
    r"\b(geeft|geven|verdeelt|verdelen|verstrekt|verstrekken|verleent|betaalt|financiert|subsidieert)\b[^.?!]{0,40}"
    r"\b(subsidie|subsidies|lening|leningen|geld|premie|steun)\b"
    r"|\b(lening|subsidie|geld|premie)\b[^.?!]{0,40}\bbij\s+(het\s+)?(kennispunt|vito|jullie|u)\b"
    r"|\b(bij|van)\s+(het\s+)?(kennispunt|vito|jullie)\b[^.?!]{0,40}\b(lening|subsidie|geld|premie)\b"
    r"|\b(does|do)\s+(the plan|vito|you)\s+(give|grant|provide|fund|lend)\b",
    re.IGNORECASE,
)
# Needs whose answer must say that the plan itself hands out no money and names no amounts.
_MONEY_NEEDS = ("subsidie", "lening", "krediet", "voorfinanciering", "europese middelen")
_STATES = (("running", "ongoing", "undetermined"), ("planned",), ("finished",))
_HEADERS = ("funding.now_header", "funding.planned_header", "funding.finished_header")
# Partners named per instrument, and for how many instruments.
_PARTNER_LIMIT = 5
_PARTNER_LINES = 2


def funding_answer(result: RouteResult, directory: OrganisationDirectory) -> tuple[str, list[Citation]]:
    """The answer to a funding question from the actions its route chose."""
    question = result.question
    language = question.language
    needs = [n for n in question.needs if n]
    lines = [_lead(result, needs)]
    if not _MONEY_FROM_PLAN.search(question.text) and (
        not needs or any(any(word in n for word in _MONEY_NEEDS) for n in needs)
    ):
        lines.append(say("funding.not_itself", language))
    lines += instrument_lines(result, directory)
    citations = [cite_action(action, action.output) for action in result.actions]
    lines.append(_contact(result.actions, language, directory))
    lines += _partners(result.actions, language)
    return "\n".join(lines), citations


def instrument_lines(result: RouteResult, directory: OrganisationDirectory) -> list[str]:
    """The instruments of a funding answer: available now, planned, finished by their timing."""
    language = result.question.language
    terms = [term for concept in result.question.concepts if concept.is_need for term in concept.plan]
    lines = []
    for states, header in zip(_STATES, _HEADERS, strict=True):
        group = [a for a in result.actions if timing_state(a) in states]
        if group:
            lines.append(say(header, language))
            lines += [_item(action, terms, language, directory) for action in group]
    return lines


def _lead(result: RouteResult, needs: list[str]) -> str:
    """The first sentence: no (the plan gives no money itself), yes (it works on the need), or what it points to."""
    question = result.question
    language = question.language
    joined = (" en " if language == "nl" else " and ").join(needs)
    if _MONEY_FROM_PLAN.search(question.text):
        return say("funding.no_money", language)
    if question.yes_no and needs:
        return say("funding.yes", language, needs=joined)
    if needs:
        return say("funding.lead", language, needs=joined)
    return say("funding.lead_general", language)


def _item(action: ActionRecord, terms: list[str], language: str, directory: OrganisationDirectory) -> str:
    """One instrument: what it is (title and what it delivers), the need's terms it names, and when."""
    text = action.title
    output = short_title(first_sentence(action.output).rstrip("."), limit=160)
    if output:
        text += ": " + output[0].lower() + output[1:]
    # The plan's own words for the asker's need, where the action names them ("Europese calls").
    missing = [t for t in terms if fold(t) in fold(action.action) and fold(t) not in fold(text)]
    if missing:
        text += f" ({say('funding.also', language)} {', '.join(missing)})"
    state = timing_state(action)
    timing = timing_phrase(action, language)
    lead = initiators_phrase(action, language, directory)
    extra = say(f"funding.item_{state}", language, timing=timing, lead=lead)
    return say("funding.item", language, text=text, id=action.id, extra=extra)


def _contact(actions: tuple[ActionRecord, ...], language: str, directory: OrganisationDirectory) -> str:
    """Whom to turn to: each trekker organisation by its full name, with the actions it leads."""
    leads: dict[str, list[str]] = {}
    for action in actions:
        name = initiators_phrase(action, language, directory)
        leads.setdefault(name, []).append(action.id)
    parts = [say("funding.contact_lead", language, org=org, ids=", ".join(ids)) for org, ids in leads.items()]
    joined = "; ".join(parts)
    return say("funding.contact", language, leads=joined)


def _partners(actions: tuple[ActionRecord, ...], language: str) -> list[str]:
    """The partners of the first instruments (an agency such as VLAIO, a sector federation, a bank)."""
    return [
        say("funding.partners", language, partners=", ".join(action.partners[:_PARTNER_LIMIT]), id=action.id)
        for action in actions[:_PARTNER_LINES]
        if action.partners
    ]
