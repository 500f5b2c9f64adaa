"""Composing grounded answers from the plan itself, in Dutch (or English), every fact with its source."""

from __future__ import annotations

from datetime import date

from assistant.answer_models import Citation
from ingest.records import ActionRecord, PlanDocument, TextSection
from ingest.timing import is_running_now, year_of

Language = str


def quote(text: str, limit: int = 160) -> str:
    """A short quote: the text cut at a word boundary."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def cite_action(action: ActionRecord, text: str | None = None) -> Citation:
    """A citation of an action, quoting the given text or the action itself."""
    return Citation(id=action.id, title=action.title, quote=quote(text or action.action), source=action.source)


def cite_section(section: TextSection, text: str | None = None) -> Citation:
    """A citation of a narrative section, such as "BT, strategische doelstelling"."""
    return Citation(
        id=section.title, title=section.title, quote=quote(text or section.text), source=section.source, kind="section"
    )


def role_phrase(action: ActionRecord, orgs: set[str], language: Language) -> str:
    """How the organisations take part in the action: trekker, partner or both."""
    initiator = bool(orgs & set(action.initiators))
    partner = bool(orgs & set(action.partners))
    if language == "en":
        return "lead and partner" if initiator and partner else "lead" if initiator else "partner"
    return "trekker en partner" if initiator and partner else "trekker" if initiator else "partner"


def timing_phrase(action: ActionRecord, language: Language) -> str:
    """The timing as written, or a plain statement that it is not set."""
    if action.timing and action.timing.lower() not in {"tbd", "te bepalen"}:
        return action.timing
    return "timing not yet set" if language == "en" else "timing nog te bepalen"


def initiators_phrase(action: ActionRecord, language: Language) -> str:
    """The trekker as written in the plan (or that it is not yet decided)."""
    if action.initiator_text.lower() in {"", "tbd"}:
        return "not yet decided (tbd)" if language == "en" else "nog niet bepaald (tbd)"
    return action.initiator_text


def partners_phrase(action: ActionRecord, language: Language) -> str:
    """The partners as written in the plan (or that there are none yet)."""
    if action.partner_text.lower() in {"", "tbd"}:
        return "not yet decided (tbd)" if language == "en" else "nog niet bepaald (tbd)"
    return action.partner_text


def list_line(action: ActionRecord, orgs: set[str], language: Language) -> str:
    """One line of a list answer: title, id, the organisation's role, timing."""
    parts = [f"• {action.title} ({action.id})"]
    details = []
    if orgs:
        details.append(role_phrase(action, orgs, language))
    else:
        details.append(("lead: " if language == "en" else "trekker: ") + initiators_phrase(action, language))
    details.append(timing_phrase(action, language))
    if action.importance:
        details.append(
            action.importance.lower()
            if language != "en"
            else {"Sleutelactie": "key action", "Ondersteunend": "supporting"}[action.importance]
        )
    return parts[0] + " — " + "; ".join(details) + "."


def field_sentences(action: ActionRecord, fields: list[str], document: PlanDocument, language: Language) -> list[str]:
    """One sentence per asked field of an action, each citing the action."""
    ref = f"({action.id})"
    en = language == "en"
    out: list[str] = []
    for name in fields:
        if name == "action":
            out.append(f"{'Action' if en else 'Actie'}: {action.action} {ref}")
        elif name == "output":
            out.append(f"Output: {action.output} {ref}")
        elif name == "initiators":
            out.append(f"{'Lead' if en else 'Trekker'}: {initiators_phrase(action, language)} {ref}.")
        elif name == "partners":
            out.append(f"{'Partners' if en else 'Betrokken partners'}: {partners_phrase(action, language)} {ref}.")
        elif name == "timing":
            out.append(f"Timing: {timing_phrase(action, language)}{timing_note(action, language)} {ref}.")
        elif name == "importance":
            if action.importance:
                out.append(f"{'Importance' if en else 'Relatief belang'}: {action.importance} {ref}.")
            else:
                out.append(
                    f"The plan gives no relative importance for {action.id} {ref}."
                    if en
                    else "Het plan vermeldt geen relatief belang (sleutelactie of ondersteunend) voor "
                    f"{action.id} {ref}."
                )
        elif name == "status":
            out.append(_status_sentence(action, language))
        elif name == "objective":
            objective = document.objective(action.objective)
            if objective:
                label = "Operational objective" if en else "Operationele doelstelling"
                lever = "lever" if en else "hefboom"
                out.append(f"{label}: {objective.id} {objective.title}; {lever}: {objective.lever} {ref}.")
    return out


def running_now(action: ActionRecord) -> bool:
    """Whether the action runs this quarter, by its timing in the plan."""
    return is_running_now(action.start, action.end, action.ongoing)


def timing_note(action: ActionRecord, language: Language) -> str:
    if not action.start and not action.end:
        return ""
    this_year = date.today().year
    if running_now(action):
        return " (running now)" if language == "en" else " (loopt nu)"
    if action.start and (year_of(action.start) or 0) > this_year:
        return f" (starts {action.start})" if language == "en" else f" (start {action.start})"
    return ""


def _status_sentence(action: ActionRecord, language: Language) -> str:
    ref = f"({action.id})"
    if language == "en":
        if action.status == "planning":
            return f"Status: planning — valued and in preparation, still open to refinement {ref}."
        if action.status == "project":
            return f"Status: project with co-financing ({', '.join(action.projects)}) {ref}."
        return (
            f"{action.id} is marked neither planning nor project: it runs on VITO Kennispunt Water's own means {ref}."
        )
    if action.status == "planning":
        extra = f"; genoemd project: {', '.join(action.projects)}" if action.projects else ""
        return f"Status: planning — de actie is in voorbereiding en staat nog open voor verfijning{extra} {ref}."
    if action.status == "project":
        return f"Status: project, uitgevoerd met cofinanciering: {', '.join(action.projects)} {ref}."
    return (
        f"{action.id} is niet als planning of project aangeduid: ze wordt uitgevoerd met de werkingsmiddelen "
        f"van VITO Kennispunt Water {ref}."
    )
