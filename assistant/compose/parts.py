"""The pieces answers are built from: quotes, citations, and an action's cells as phrases and sentences."""

from __future__ import annotations

from datetime import date

from assistant.answer_models import Citation
from assistant.compose.phrases import say
from ingest.records import ActionRecord, PlanDocument, TextSection
from ingest.timing import is_running_now, year_of

# What the plan's introduction says about actions marked neither planning nor project.
NO_STATUS_QUOTE = (
    "Wanneer er geen vermelding is van planning of project, betekent dit dat de actielijn wordt uitgevoerd via de "
    "werkingsmiddelen van VITO Kennispunt Water."
)
_OPEN = {"", "tbd"}


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


def role_phrase(action: ActionRecord, orgs: set[str], language: str) -> str:
    """How the organisations take part in the action: trekker, partner or both."""
    initiator = bool(orgs & set(action.initiators))
    partner = bool(orgs & set(action.partners))
    key = "role.both" if initiator and partner else "role.lead" if initiator else "role.partner"
    return say(key, language)


def timing_phrase(action: ActionRecord, language: str) -> str:
    """The timing as written, or a plain statement that it is not set."""
    if action.timing and action.timing.lower() not in {"tbd", "te bepalen"}:
        return action.timing
    return say("open.timing", language)


def initiators_phrase(action: ActionRecord, language: str) -> str:
    """The trekker as written in the plan (or that it is not yet decided)."""
    return say("open.people", language) if action.initiator_text.lower() in _OPEN else action.initiator_text


def partners_phrase(action: ActionRecord, language: str) -> str:
    """The partners as written in the plan (or that there are none yet)."""
    return say("open.people", language) if action.partner_text.lower() in _OPEN else action.partner_text


def importance_phrase(action: ActionRecord, language: str) -> str:
    """The relative importance as a lower-case word ("sleutelactie"), or "" when the plan gives none."""
    return say(f"importance.{action.importance}", language) if action.importance else ""


def list_line(action: ActionRecord, orgs: set[str], language: str) -> str:
    """One line of a list answer: title, id, the organisation's role, timing."""
    details = [
        role_phrase(action, orgs, language)
        if orgs
        else f"{say('label.lead', language)}: {initiators_phrase(action, language)}",
        timing_phrase(action, language),
    ]
    if action.importance:
        details.append(importance_phrase(action, language))
    return f"• {action.title} ({action.id}) — " + "; ".join(details) + "."


def field_sentences(action: ActionRecord, fields: list[str], document: PlanDocument, language: str) -> list[str]:
    """One sentence per asked field of an action, each citing the action."""
    ref = f"({action.id})"
    out: list[str] = []
    for name in fields:
        if name == "action":
            out.append(say("field.action", language, text=action.action, ref=ref))
        elif name == "output":
            out.append(say("field.output", language, text=action.output, ref=ref))
        elif name == "initiators":
            out.append(say("field.initiators", language, text=initiators_phrase(action, language), ref=ref))
        elif name == "partners":
            out.append(say("field.partners", language, text=partners_phrase(action, language), ref=ref))
        elif name == "timing":
            note = timing_note(action, language)
            out.append(say("field.timing", language, text=timing_phrase(action, language), note=note, ref=ref))
        elif name == "importance":
            if action.importance:
                out.append(say("field.importance", language, text=action.importance, ref=ref))
            else:
                out.append(say("field.no_importance", language, id=action.id, ref=ref))
        elif name == "status":
            out.append(status_sentence(action, language))
        elif name == "objective" and (objective := document.objective(action.objective)):
            out.append(
                say("field.objective", language, id=objective.id, title=objective.title, lever=objective.lever, ref=ref)
            )
    return out


def running_now(action: ActionRecord) -> bool:
    """Whether the action runs this quarter, by its timing in the plan."""
    return is_running_now(action.start, action.end, action.ongoing)


def timing_note(action: ActionRecord, language: str) -> str:
    """ " (loopt nu)" or " (start 2027)" after a timing, relative to today; "" otherwise."""
    if not action.start and not action.end:
        return ""
    if running_now(action):
        return say("note.running", language)
    if action.start and (year_of(action.start) or 0) > date.today().year:
        return say("note.starts", language, start=action.start)
    return ""


def status_sentence(action: ActionRecord, language: str) -> str:
    """What the action's status marker means: planning, a co-financed project, or the Kennispunt's own means."""
    ref = f"({action.id})"
    names = ", ".join(action.projects)
    if action.status == "planning":
        projects = say("status.planning_projects", language, names=names) if action.projects else ""
        return say("status.planning", language, projects=projects, ref=ref)
    if action.status == "project":
        return say("status.project", language, names=names, ref=ref)
    return say("status.none", language, id=action.id, ref=ref)
