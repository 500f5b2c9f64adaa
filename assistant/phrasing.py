"""Phrasing route results as answer text with citations (the grounded composer; no LLM needed)."""

from __future__ import annotations

from datetime import date

from assistant import composer as C
from assistant.answer_models import Citation
from assistant.live_index import LoadedIndex
from assistant.query_understanding import QueryIntent
from assistant.routing import RouteResult
from ingest.organisations import OrganisationDirectory
from ingest.timing import quarter_index

_UNANSWERABLE_NL = {
    "budget": "Het actieplan vermeldt geen budgetten, bedragen, prijzen of tarieven.",
    "contact": "Het actieplan bevat geen namen van personen of contactgegevens.",
    "permit": "Het actieplan bevat geen normen of vergunningswaarden.",
    "statistics": "Het actieplan bevat geen cijfers over deelname of resultaten tot nu toe.",
    "offtopic": "Daarover zegt het actieplan niets.",
    "scope": "Het actieplan bevat daarover geen informatie.",
    "unknown_id": "Die actie bestaat niet in het actieplan.",
}
_UNANSWERABLE_EN = {
    "budget": "The action plan does not mention budgets, amounts, prices or rates.",
    "contact": "The action plan contains no names of people or contact details.",
    "permit": "The action plan contains no standards or permit limits.",
    "statistics": "The action plan contains no figures on participation or results so far.",
    "offtopic": "The action plan says nothing about that.",
    "scope": "The action plan contains no information about that.",
    "unknown_id": "That action does not exist in the action plan.",
}


def describe_filters(intent: QueryIntent, index: LoadedIndex, language: str) -> tuple[str, str]:
    """The noun ("acties", "sleutelacties") and the Dutch/English description of the filters applied."""
    en = language == "en"
    noun = (
        ("key actions" if en else "sleutelacties")
        if intent.importance == "Sleutelactie"
        else ("supporting actions" if en else "ondersteunende acties")
        if intent.importance == "Ondersteunend"
        else ("actions" if en else "acties")
    )
    parts: list[str] = []
    orgs = (
        (" or " if en else " of ").join(intent.orgs)
        if intent.orgs_joined_by_or
        else (" and " if en else " en ").join(intent.orgs)
    )
    if orgs:
        if intent.exclude_own_lead:
            parts.append(
                f"in which {orgs} is a partner but not the lead"
                if en
                else f"waarin {orgs} partner is maar niet zelf trekt"
            )
        elif intent.role == "initiator":
            parts.append(f"led by {orgs}" if en else f"die {orgs} trekt")
        elif intent.role == "partner":
            parts.append(f"with {orgs} as a partner" if en else f"waarin {orgs} partner is")
        else:
            parts.append(f"involving {orgs}" if en else f"waarbij {orgs} betrokken is")
    for org in intent.excluded_orgs:
        parts.append(f"not led by {org}" if en else f"niet getrokken door {org}")
    for code in intent.domains:
        domain = index.document.domain(code)
        name = domain.name if domain else code
        parts.append(f"in focus domain {code} ({name})" if en else f"in focusdomein {code} ({name})")
    for objective_id in intent.objective_ids:
        objective = index.document.objective(objective_id)
        parts.append(
            f"under {objective_id}" + (f" ({objective.title})" if objective else "")
            if en
            else f"onder {objective_id}" + (f" ({objective.title})" if objective else "")
        )
    if intent.lever:
        parts.append(f"under the lever {intent.lever}" if en else f"onder de hefboom {intent.lever}")
    if intent.status == "planning":
        parts.append("still in planning" if en else "die nog in planning zijn")
    elif intent.status == "project":
        projects = f" ({', '.join(intent.project_terms)})" if intent.project_terms else ""
        parts.append(
            f"run as co-financed projects{projects}" if en else f"die als project met cofinanciering lopen{projects}"
        )
    if intent.active_in:
        parts.append(f"running in {intent.active_in}" if en else f"die in {intent.active_in} lopen")
    if intent.active_now:
        parts.append("running now" if en else "die nu lopen")
    if intent.starts_in:
        parts.append(f"starting in {intent.starts_in}" if en else f"die starten in {intent.starts_in}")
    if intent.ends_in:
        parts.append(f"ending in {intent.ends_in}" if en else f"die eindigen in {intent.ends_in}")
    if intent.ongoing:
        parts.append("that are ongoing" if en else "die doorlopend zijn")
    if intent.undetermined:
        parts.append("whose timing is not yet set" if en else "waarvan de timing nog niet vastligt")
    if intent.topic_terms:
        topic = " ".join(intent.topic_terms)
        parts.append(f"about {topic}" if en else f"rond {topic}")
    return noun, ", ".join(parts)


def phrase(
    result: RouteResult, intent: QueryIntent, index: LoadedIndex, directory: OrganisationDirectory
) -> tuple[str, list[Citation]]:
    """The answer text and its citations for a route result."""
    language = intent.language
    en = language == "en"
    if result.route == "abstain":
        texts = _UNANSWERABLE_EN if en else _UNANSWERABLE_NL
        lines = [texts.get(result.abstain_reason or "scope", texts["scope"])]
        citations = []
        if result.actions:
            lines.append(
                "Related actions, which do not answer this question themselves:"
                if en
                else "Wel verwante acties, die deze vraag zelf niet beantwoorden:"
            )
            for action in result.actions:
                lines.append(f"• {action.title} ({action.id}).")
                citations.append(C.cite_action(action))
        return "\n".join(lines), citations
    if result.route == "lookup" or (result.route == "semantic" and result.fields):
        lines, citations = [], []
        for action in result.actions:
            lines.append(f"{action.id} — {action.title}.")
            lines += C.field_sentences(action, result.fields, index.document, language)
            if action.status is None and "status" in result.fields:
                intro = next((s for s in index.document.sections if s.id == "inleiding"), None)
                if intro:
                    citations.append(
                        C.cite_section(
                            intro,
                            "Wanneer er geen vermelding is van planning of project, "
                            "betekent dit dat de actielijn wordt uitgevoerd via de "
                            "werkingsmiddelen van VITO Kennispunt Water.",
                        )
                    )
            citations.insert(
                len(citations) - (1 if citations and citations[-1].kind == "section" else 0), C.cite_action(action)
            )
            lines.append("")
        return "\n".join(lines).strip(), _dedupe(citations)
    if result.route in ("structured", "mixed"):
        noun, description = describe_filters(intent, index, language)
        count = len(result.actions)
        orgs = set().union(*(directory.family(o) for o in intent.orgs)) if intent.orgs else set()
        if count == 0:
            text = (
                f"The action plan contains no {noun} {description}."
                if en
                else f"Het actieplan bevat geen {noun} {description}."
            )
            return text.replace("  ", " ").replace(" .", "."), []
        if en:
            header = f"I found {count} {noun if count != 1 else noun.rstrip('s')} {description}:"
        else:
            header = f"Ik vond {count} {noun if count != 1 else noun.rstrip('s')} {description}:"
        lines = [header.replace("  ", " ").replace(" :", ":")]
        lines += [C.list_line(a, orgs, language) for a in result.actions]
        return "\n".join(lines), [C.cite_action(a) for a in result.actions]
    return _semantic_text(result, intent, language)


def _semantic_text(result: RouteResult, intent: QueryIntent, language: str) -> tuple[str, list[Citation]]:
    en = language == "en"
    if intent.funding:
        header = (
            "For financing water investments, the plan works on:"
            if en
            else "Voor de financiering van waterinvesteringen werkt het plan aan:"
        )
    else:
        header = "The action plan has these actions on this:" if en else "Het actieplan bevat hierover deze acties:"
    lines, citations = [header], []
    for action in result.actions:
        output = C.quote(action.output, 220)
        lead = "lead" if en else "trekker"
        lines.append(
            f"• {action.title} ({action.id}): {output} — {lead}: {C.initiators_phrase(action, language)}; "
            f"timing: {C.timing_phrase(action, language)}{C.timing_note(action, language)}."
        )
        citations.append(C.cite_action(action, action.output))
    if intent.funding and result.actions:
        lines += _funding_outlook(result, language)
    for section in result.sections[:1]:
        lines.append(("Background" if en else "Achtergrond") + f": {C.quote(section.text, 260)} ({section.title}).")
        citations.append(C.cite_section(section))
    return "\n".join(lines), citations


def _funding_outlook(result: RouteResult, language: str) -> list[str]:
    """What a company can follow up now and what starts later, from the timing of the actions found."""
    en = language == "en"
    today = date.today()
    this_quarter = today.year * 4 + (today.month - 1) // 3
    now = [a for a in result.actions if C.running_now(a)]
    later = [a for a in result.actions if a.start and quarter_index(a.start, at_end=False) > this_quarter]
    parts = []
    if now:
        ids = ", ".join(a.id for a in now)
        parts.append(f"Running now and worth following up ({ids})." if en else f"Nu lopend en op te volgen ({ids}).")
    if later:
        ids = ", ".join(f"{a.id} {'from' if en else 'vanaf'} {a.start}" for a in later)
        parts.append(f"Starting later ({ids})." if en else f"Start later ({ids}).")
    return [" ".join(parts)] if parts else []


def _dedupe(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    unique = []
    for citation in citations:
        if citation.id not in seen:
            seen.add(citation.id)
            unique.append(citation)
    return unique
