"""Questions to ask next, offered under an answer; for an ambiguous follow-up, the choices that settle it."""

from __future__ import annotations

import re

from assistant.answer_models import Suggestion
from assistant.compose.phrases import say
from assistant.routing import RouteResult

# How many follow-up questions an answer offers.
_LIMIT = 3
_ONE_ACTION = re.compile(r"\b(die|deze|dat|this|that)\s+(actie|project|action)\b|\b(die|dat|het|it)\b(?=\s*\??$)", re.I)


def suggest(result: RouteResult) -> list[Suggestion]:
    """Follow-up questions that fit the answer (or the choices of an ambiguous follow-up)."""
    language = result.question.language
    if result.choices:
        return [_choice(result.question.text, action.id, action.title) for action in result.choices]
    if result.options:
        # The question asked again about each organisation it may mean.
        words = result.question.ambiguous_words
        return [Suggestion(label=o, question=result.question.text.replace(words, o, 1)) for o in result.options]
    filters = result.question.filters
    first = result.actions[0].id if result.actions else None
    keys: list[tuple[str, dict[str, str]]] = []
    if result.route in ("structured", "mixed") and len(result.actions) > 1:
        if not filters.importance:
            keys.append(("suggest.key_actions", {}))
        if not (filters.active_now or filters.active_in):
            keys.append(("suggest.running_now", {}))
        keys.append(("suggest.lead_of", {"id": result.actions[0].id}))
    elif result.route == "semantic" and first and (result.question.funding or result.question.first_person):
        # A company's questions: when the instrument comes and who can help, in the company's words; the partners
        # behind the instruments for the rest.
        keys.append(("suggest.when_ready", {"id": first}))
        keys.append(("suggest.who_helps", {}))
        keys += [("suggest.partners_of", {"id": action.id}) for action in result.actions[:1]]
    elif result.route in ("semantic", "lookup") and first:
        asked = set(result.fields)
        if "partners" not in asked:
            keys.append(("suggest.partners_of", {"id": first}))
        if "timing" not in asked:
            keys.append(("suggest.timing_of", {"id": first}))
        if "objective" not in asked:
            keys.append(("suggest.objective_of", {"id": first}))
    elif result.route == "abstain" and filters.orgs:
        keys.append(("suggest.org_actions", {"org": filters.orgs[0]}))
    elif result.route == "abstain" and result.abstain_reason == "task":
        keys += [("suggest.example_now", {}), ("suggest.example_support", {})]
    return [Suggestion(label=(text := say(key, language, **values)), question=text) for key, values in keys[:_LIMIT]]


def _choice(question: str, action_id: str, title: str) -> Suggestion:
    """The ambiguous question asked again about one action: "Wie trekt die actie?" → "Wie trekt KP 1.3?"."""
    specific, replaced = _ONE_ACTION.subn(action_id, question, count=1)
    if not replaced:
        specific = f"{question.rstrip(' ?')} ({action_id})?"
    return Suggestion(label=f"{action_id} — {title}", question=specific)
