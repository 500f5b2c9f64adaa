"""The pieces answers are built from: quotes, citations, and an action's cells as phrases and sentences."""

from __future__ import annotations

import re
from datetime import date

from assistant.answer_models import Citation
from assistant.compose.phrases import say
from foundation.text import fold
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord, PlanDocument, TextSection
from plan_model.timing import is_running_now, timing_state

# What the plan's introduction says about actions marked neither planning nor project.
NO_STATUS_QUOTE = (
    "Wanneer er geen vermelding is van planning of project, betekent dit dat de actielijn wordt uitgevoerd via de "
    "werkingsmiddelen van VITO Kennispunt Water."
)
# Cells the plan leaves open ("tbd", "te bepalen").
OPEN_CELLS = {"", "tbd", "te bepalen"}


def quote(text: str, limit: int = 160) -> str:
    """A short quote: the text cut at a word boundary."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def first_sentence(text: str) -> str:
    """The first sentence of a cell, whole, without the status marker and ending in one full stop."""
    text = " ".join(re.sub(r"^\((?:planning|project[^)]*)\)\s*", "", text.strip(), flags=re.IGNORECASE).split())
    # Cross-references and project names in brackets are shown elsewhere: "(koppeling met actie BT 2.3)".
    text = re.sub(r"\s*\((?:koppeling|link|zie|cf\.?|Project(?:en)?\b)[^()]*\)", "", text, flags=re.IGNORECASE)
    sentence = re.split(r"(?<![ (.][a-z])(?<!\bbv)(?<!\bcf)(?<!o\.a)[.;]\s+(?=[A-Z(])", text, maxsplit=1)[0]
    return sentence.rstrip(" .;:…") + "."


def cite_action(action: ActionRecord, text: str | None = None) -> Citation:
    """A citation of an action, quoting the given text or the action itself."""
    return Citation(id=action.id, title=action.title, quote=quote(text or action.action), source=action.source)


def cite_section(section: TextSection, text: str | None = None) -> Citation:
    """A citation of a narrative section, such as "BT, strategische doelstelling"."""
    return Citation(
        id=section.title, title=section.title, quote=quote(text or section.text), source=section.source, kind="section"
    )


def joined(items: list[str], language: str) -> str:
    """Items as a sentence lists them: "a, b en c" (or "a, b and c")."""
    last = say("join.and", language)
    return ", ".join(items[:-1]) + last + items[-1] if len(items) > 1 else "".join(items)


def named(cell: str, directory: OrganisationDirectory) -> str:
    """A cell of names with every spelling of an organisation as the alias table names it ("Dept. Omg." → …)."""
    text = " ".join(cell.split())
    for mention in reversed(directory.find(text)):
        # The abbreviation's own dot may stay outside the match ("Dept. Omg. en …"): it goes with the abbreviation.
        end = mention.end + 1 if text[mention.end : mention.end + 1] == "." else mention.end
        text = text[: mention.start] + mention.name + text[end:]
    text = re.sub(r"\s*[.]\s*(?=[,)]|$)", "", text)  # "Dept. Zorg." → "Departement Zorg"
    text = text.replace(", (", " (")
    return re.sub(r"\s+([,;)])", r"\1", text).strip(" ,;")


def initiators_phrase(action: ActionRecord, language: str, directory: OrganisationDirectory) -> str:
    """The trekker, named as the alias table names it (or that it is not yet decided)."""
    if action.initiator_text.lower() in OPEN_CELLS:
        return say("open.people", language)
    return named(action.initiator_text, directory)


def partners_phrase(action: ActionRecord, language: str, directory: OrganisationDirectory) -> str:
    """The partners, named as the alias table names them (or that there are none yet)."""
    if action.partner_text.lower() in OPEN_CELLS:
        return say("open.people", language)
    return named(action.partner_text, directory)


def role_phrase(action: ActionRecord, orgs: set[str], language: str) -> str:
    """How the organisations take part in the action: trekker, partner or both."""
    initiator = bool(orgs & set(action.initiators))
    partner = bool(orgs & set(action.partners))
    key = "role.both" if initiator and partner else "role.lead" if initiator else "role.partner"
    return say(key, language)


# A timing that gives only its start: "Q3 2025 -", "Q2/2026 - …".
_OPEN_END = re.compile(r"^(\S.*?\S)\s*[-–]\s*(?:…|\.\.\.)?$")


def timing_phrase(action: ActionRecord, language: str) -> str:
    """The timing as the plan writes it, tidied, or a plain statement that it is not set."""
    timing = " ".join(action.timing.split()).rstrip(" .")
    if timing.lower() in OPEN_CELLS:
        return say("open.timing", language)
    if open_end := _OPEN_END.match(timing):
        # "Q3 2025 -", "Q3 2025- …": a start without an end reads "vanaf Q3 2025".
        return say("timing.from", language, start=open_end.group(1))
    return timing


def timing_note(action: ActionRecord, language: str, today: date) -> str:
    """ " (loopt nu)", " (gepland)" or " (volgens de planning afgerond)" after a timing; "" when it says itself."""
    state = timing_state(action, today)
    if state == "running":
        return say("note.running", language)
    if state == "planned":
        # Marked "planning" while its timing has begun: in preparation, which a list of what runs now may hold.
        preparing = is_running_now(action.start, action.end, action.ongoing, today)
        return say("note.preparing" if preparing else "note.planned", language)
    if state == "finished":
        return say("note.finished", language)
    return ""


def when_phrase(action: ActionRecord, language: str, today: date) -> str:
    """The timing with its state on `today`: "Q1 2026 - Q4 2028 (loopt nu)", "timing nog te bepalen"."""
    return timing_phrase(action, language) + timing_note(action, language, today)


def importance_phrase(action: ActionRecord, language: str) -> str:
    """The relative importance as a lower-case word ("sleutelactie"), or "" when the plan gives none."""
    return say(f"importance.{action.importance}", language) if action.importance else ""


def list_line(
    action: ActionRecord,
    asked: set[str],
    family: set[str],
    language: str,
    directory: OrganisationDirectory,
    today: date,
    *,
    projects: bool = False,
) -> str:
    """One line of a list answer: title, id, the organisation's role (or the trekker), timing, importance."""
    details = [
        role_phrase(action, family, language)
        if family
        else f"{say('label.lead', language)}: {initiators_phrase(action, language, directory)}",
        when_phrase(action, language, today),
    ]
    through = [o for o in action.organisations if o in family and o not in asked]
    if through and not asked & set(action.organisations):
        # Asked for CIW, found through one of its platforms: say which.
        details[0] += f" ({', '.join(through)})"
    if action.importance:
        details.append(importance_phrase(action, language))
    if projects and action.projects:
        details.append(say("label.project", language, names=", ".join(action.projects)))
    return f"• {action.title} ({action.id}) — " + "; ".join(details) + "."


def field_sentences(
    action: ActionRecord,
    fields: list[str],
    document: PlanDocument,
    language: str,
    directory: OrganisationDirectory,
    today: date,
) -> list[str]:
    """One sentence per asked field of an action, each citing the action."""
    ref = f"({action.id})"
    out: list[str] = []
    for name in fields:
        if name == "action":
            out.append(say("field.action", language, text=first_sentence(action.action).rstrip("."), ref=ref))
        elif name == "output":
            out.append(say("field.output", language, text=" ".join(action.output.split()).rstrip(" ."), ref=ref))
        elif name == "initiators":
            out.append(say("field.initiators", language, text=initiators_phrase(action, language, directory), ref=ref))
        elif name == "partners":
            out.append(say("field.partners", language, text=partners_phrase(action, language, directory), ref=ref))
        elif name == "timing":
            # After the label "Timing:", an open timing reads "nog te bepalen", not "timing nog te bepalen".
            open_timing = " ".join(action.timing.split()).rstrip(" .").lower() in OPEN_CELLS
            when = say("open.when", language) if open_timing else when_phrase(action, language, today)
            out.append(say("field.timing", language, text=when, ref=ref))
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


# A link the plan writes in a cell that names an organisation ("in samenwerking met VMM en pharma.be") is that
# organisation, not a page to visit.
_ORGANISATION_SITES = ("pharma.be",)


def plan_links(actions: tuple[ActionRecord, ...] | list[ActionRecord], document: PlanDocument) -> list[str]:
    """The pages the plan itself links for these actions ("waterwinst.be" for BT 4.4), each with its action."""
    found: dict[str, list[str]] = {}
    for action in actions:
        cells = f"{action.action} {action.output} {action.partner_text}"
        for link in document.links:
            if link in cells and link not in _ORGANISATION_SITES:
                found.setdefault(link, []).append(action.id)
    return [f"{link} ({', '.join(ids)})" for link, ids in found.items()]


def content_words(text: str) -> set[str]:
    """The longer words of a text, folded: what two texts must share to be about the same thing."""
    return {w for w in re.findall(r"[a-z]{5,}", fold(text))}
