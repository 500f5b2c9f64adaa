"""Every fixed phrase of the grounded composer, in Dutch and English: one table, looked up by key."""

from __future__ import annotations

from typing import Literal

Language = Literal["nl", "en"]

# key -> (Dutch, English). Placeholders are filled by say(); keep both languages in step.
PHRASES: dict[str, tuple[str, str]] = {
    # Why a question is not answered.
    "abstain.budget": (
        "Het actieplan vermeldt geen budgetten, bedragen, prijzen of tarieven.",
        "The action plan does not mention budgets, amounts, prices or rates.",
    ),
    "abstain.contact": (
        "Het actieplan bevat geen namen van personen of contactgegevens.",
        "The action plan contains no names of people or contact details.",
    ),
    "abstain.permit": (
        "Het actieplan bevat geen normen of vergunningswaarden.",
        "The action plan contains no standards or permit limits.",
    ),
    "abstain.statistics": (
        "Het actieplan bevat geen cijfers over deelname of resultaten tot nu toe.",
        "The action plan contains no figures on participation or results so far.",
    ),
    "abstain.offtopic": ("Daarover zegt het actieplan niets.", "The action plan says nothing about that."),
    "abstain.scope": (
        "Het actieplan bevat daarover geen informatie.",
        "The action plan contains no information about that.",
    ),
    "abstain.unknown_id": (
        "Die actie bestaat niet in het actieplan.",
        "That action does not exist in the action plan.",
    ),
    "abstain.related": (
        "Wel verwante acties, die deze vraag zelf niet beantwoorden:",
        "Related actions, which do not answer this question themselves:",
    ),
    # Lists.
    "list.none": (
        "Het actieplan bevat geen {noun} {description}.",
        "The action plan contains no {noun} {description}.",
    ),
    "list.header": ("Ik vond {count} {noun} {description}:", "I found {count} {noun} {description}:"),
    "noun.actions": ("acties", "actions"),
    "noun.action": ("actie", "action"),
    "noun.key_actions": ("sleutelacties", "key actions"),
    "noun.key_action": ("sleutelactie", "key action"),
    "noun.supporting_actions": ("ondersteunende acties", "supporting actions"),
    "noun.supporting_action": ("ondersteunende actie", "supporting action"),
    # Search answers.
    "search.header": ("Het actieplan bevat hierover deze acties:", "The action plan has these actions on this:"),
    "search.funding_header": (
        "Voor de financiering van waterinvesteringen werkt het plan aan:",
        "For financing water investments, the plan works on:",
    ),
    "search.line": (
        "• {title} ({id}): {output} — trekker: {lead}; timing: {timing}{note}.",
        "• {title} ({id}): {output} — lead: {lead}; timing: {timing}{note}.",
    ),
    "search.background": ("Achtergrond: {quote} ({source}).", "Background: {quote} ({source})."),
    "funding.now": ("Nu lopend en op te volgen ({ids}).", "Running now and worth following up ({ids})."),
    "funding.later": ("Start later ({ids}).", "Starting later ({ids})."),
    "funding.from": ("{id} vanaf {start}", "{id} from {start}"),
    # Roles.
    "role.both": ("trekker en partner", "lead and partner"),
    "role.lead": ("trekker", "lead"),
    "role.partner": ("partner", "partner"),
    "label.lead": ("trekker", "lead"),
    # Cells the plan leaves open.
    "open.people": ("nog niet bepaald (tbd)", "not yet decided (tbd)"),
    "open.timing": ("timing nog te bepalen", "timing not yet set"),
    "note.running": (" (loopt nu)", " (running now)"),
    "note.starts": (" (start {start})", " (starts {start})"),
    # Importance values.
    "importance.Sleutelactie": ("sleutelactie", "key action"),
    "importance.Ondersteunend": ("ondersteunend", "supporting"),
    # Field sentences of a lookup.
    "field.action": ("Actie: {text} {ref}", "Action: {text} {ref}"),
    "field.output": ("Output: {text} {ref}", "Output: {text} {ref}"),
    "field.initiators": ("Trekker: {text} {ref}.", "Lead: {text} {ref}."),
    "field.partners": ("Betrokken partners: {text} {ref}.", "Partners: {text} {ref}."),
    "field.timing": ("Timing: {text}{note} {ref}.", "Timing: {text}{note} {ref}."),
    "field.importance": ("Relatief belang: {text} {ref}.", "Importance: {text} {ref}."),
    "field.no_importance": (
        "Het plan vermeldt geen relatief belang (sleutelactie of ondersteunend) voor {id} {ref}.",
        "The plan gives no relative importance for {id} {ref}.",
    ),
    "field.objective": (
        "Operationele doelstelling: {id} {title}; hefboom: {lever} {ref}.",
        "Operational objective: {id} {title}; lever: {lever} {ref}.",
    ),
    "status.planning": (
        "Status: planning — de actie is in voorbereiding en staat nog open voor verfijning{projects} {ref}.",
        "Status: planning — valued and in preparation, still open to refinement {ref}.",
    ),
    "status.planning_projects": ("; genoemd project: {names}", ""),
    "status.project": (
        "Status: project, uitgevoerd met cofinanciering: {names} {ref}.",
        "Status: project with co-financing ({names}) {ref}.",
    ),
    "status.none": (
        "{id} is niet als planning of project aangeduid: ze wordt uitgevoerd met de werkingsmiddelen "
        "van VITO Kennispunt Water {ref}.",
        "{id} is marked neither planning nor project: it runs on VITO Kennispunt Water's own means {ref}.",
    ),
}


def say(key: str, language: str, **values: object) -> str:
    """The phrase for this key in the question's language, with its placeholders filled."""
    dutch, english = PHRASES[key]
    template = english if language == "en" else dutch
    return template.format(**values) if values else template
