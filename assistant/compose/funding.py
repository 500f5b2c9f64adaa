"""A funding answer as an advisor at the Kennispunt gives it: the answer first, what exists now, what is coming,
whom to contact; what the plan does not do, said plainly."""

from __future__ import annotations

from datetime import date

from assistant.answer_models import Citation
from assistant.compose.parts import (
    OPEN_CELLS,
    cite_action,
    first_sentence,
    initiators_phrase,
    joined,
    plan_links,
    timing_phrase,
)
from assistant.compose.phrases import say
from assistant.routing import RouteResult
from assistant.routing.funding import serves_need
from foundation.text import fold
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord, PlanDocument, short_title
from plan_model.timing import AVAILABLE_NOW, timing_state

# Needs whose answer must say that the plan itself hands out no money and names no amounts.
_MONEY_NEEDS = ("subsidie", "lening", "krediet", "voorfinanciering", "europese middelen")
_STATES = (AVAILABLE_NOW, ("planned",), ("finished",))
_HEADERS = ("funding.now_header", "funding.planned_header", "funding.finished_header")
# Partners named per instrument, and for how many instruments.
_PARTNER_LIMIT = 5
_PARTNER_LINES = 2


def funding_answer(
    result: RouteResult, directory: OrganisationDirectory, document: PlanDocument
) -> tuple[str, list[Citation]]:
    """The answer to a funding question from the actions its route chose."""
    question = result.question
    language = question.language
    needs = [label for c in question.concepts if (label := c.need_in(language))]
    lead = _lead(result, needs, document)
    # A question about money in general ("hoe financier ik een waterinvestering?") also hears that the plan hands
    # out none; a yes/no question about one thing ("klopt het dat er een heffing komt?") does not.
    general = not needs and not question.yes_no
    said = question.money_from_plan or question.asked.caveat is not None  # the lead said it already
    if not said and (general or any(any(word in n for word in _MONEY_NEEDS) for n in needs)):
        lead += " " + say("funding.not_itself", language)
    lines = [lead]
    lines += instrument_lines(result, directory)
    citations = [cite_action(action, action.output) for action in result.actions]
    lines.append(_contact(result.actions, language, directory))
    lines += _partners(result.actions, language)
    if links := plan_links(result.actions, document):
        lines.append(say("links.plan", language, links=", ".join(links)))
    return "\n".join(lines), citations


def instrument_lines(result: RouteResult, directory: OrganisationDirectory) -> list[str]:
    """The instruments of a funding answer: available now, planned, finished by their timing."""
    language = result.question.language
    terms = [term for concept in result.question.concepts if concept.is_need for term in concept.plan]
    lines = []
    for states, header in zip(_STATES, _HEADERS, strict=True):
        group = [a for a in result.actions if timing_state(a, result.question.today) in states]
        if group:
            lines.append(say(header, language))
            lines += [_item(action, terms, language, directory, result.question.today) for action in group]
    return lines


def _lead(result: RouteResult, needs: list[str], document: PlanDocument) -> str:
    """The first sentence: no (the plan gives no money itself), yes (it works on the need), or what it points to."""
    question = result.question
    language = question.language
    listed = joined(needs, language)
    if question.money_from_plan:
        return say("funding.no_money", language)
    if question.asked.caveat is not None:
        # "Mag ik dat geld gebruiken voor …?", "kan ik subsidie krijgen voor …?": no verdict, then the instruments.
        key = {"eligibility": "funding.no_verdict_receive", "law": "funding.no_verdict_law"}.get(
            question.asked.caveat, "funding.no_verdict"
        )
        return say(key, language, needs=listed or say("funding.investment", language))
    if question.yes_no and needs:
        # "Kan een verzekeraar meebetalen?" when every instrument for it is still being prepared: not a plain "ja".
        # Only an instrument for the need counts ("de verzekeringssector"), not a project the asker's situation adds.
        available = any(
            timing_state(a, question.today) in AVAILABLE_NOW and serves_need(a, question.concepts, document)
            for a in result.actions
        )
        return say("funding.yes" if available else "funding.not_yet", language, needs=listed)
    if needs:
        return say("funding.lead", language, needs=listed)
    return say("funding.lead_about" if question.yes_no else "funding.lead_general", language)


def _item(action: ActionRecord, terms: list[str], language: str, directory: OrganisationDirectory, today: date) -> str:
    """One instrument: what it is (title and what it delivers), the need's terms it names, and when."""
    text = action.title
    output = short_title(first_sentence(action.output).rstrip("."), limit=160)
    if output:
        text += ": " + output[0].lower() + output[1:]
    # The plan's own words for the asker's need, where the action names them ("Europese calls").
    missing = [t for t in terms if fold(t) in fold(action.action) and fold(t) not in fold(text)]
    if missing:
        text += f" ({say('funding.also', language)} {', '.join(missing)})"
    state = timing_state(action, today)
    timing = timing_phrase(action, language)
    lead = initiators_phrase(action, language, directory)
    key = f"funding.item_{state}"
    if state == "planned" and action.status == "planning":
        # In preparation: its timing is the plan's intention, or not set at all.
        key = "funding.item_preparing" if action.start or action.end else "funding.item_preparing_open"
    extra = say(key, language, timing=timing, lead=lead)
    return say("funding.item", language, text=text, id=action.id, extra=extra)


def _contact(actions: tuple[ActionRecord, ...], language: str, directory: OrganisationDirectory) -> str:
    """Whom to turn to: each trekker organisation by its full name, with the actions it leads."""
    leads: dict[str, list[str]] = {}
    undecided = []
    for action in actions:
        if action.initiator_text.strip().lower() in OPEN_CELLS:
            undecided.append(action.id)  # no trekker yet: nobody to name
            continue
        leads.setdefault(initiators_phrase(action, language, directory), []).append(action.id)
    parts = [say("funding.contact_lead", language, org=org, ids=", ".join(ids)) for org, ids in leads.items()]
    if not parts:
        text = say("funding.no_contact", language)
    else:
        text = say("funding.contact", language, leads="; ".join(parts)) + " " + say("funding.no_persons", language)
    if undecided:
        text += " " + say("funding.no_lead_yet", language, ids=joined(undecided, language))
    return text


def _partners(actions: tuple[ActionRecord, ...], language: str) -> list[str]:
    """The partners of the first instruments (an agency such as VLAIO, a sector federation, a bank), on one line."""
    parts = [
        f"{', '.join(action.partners[:_PARTNER_LIMIT])} ({action.id})"
        for action in actions[:_PARTNER_LINES]
        if action.partners
    ]
    return [say("funding.partners", language, partners="; ".join(parts))] if parts else []
