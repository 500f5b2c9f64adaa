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
    filters = result.question.filters
    first = result.actions[0].id if result.actions else None
    keys: list[tuple[str, dict[str, str]]] = []
    if result.route in ("structured", "mixed") and len(result.actions) > 1:
        if not filters.importance:
            keys.append(("suggest.key_actions", {}))
        if not (filters.active_now or filters.active_in):
            keys.append(("suggest.running_now", {}))
        keys.append(("suggest.lead_of", {"id": result.actions[0].id}))
    elif result.route == "semantic" and first and result.question.funding:
        # A funding answer already names whom to contact: offer the partners behind its first two instruments.
        keys += [("suggest.partners_of", {"id": action.id}) for action in result.actions[:2]]
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
    return [Suggestion(label=(text := say(key, language, **values)), question=text) for key, values in keys[:_LIMIT]]


def _choice(question: str, action_id: str, title: str) -> Suggestion:
    """The ambiguous question asked again about one action: "Wie trekt die actie?" → "Wie trekt KP 1.3?"."""
    specific, replaced = _ONE_ACTION.subn(action_id, question, count=1)
    if not replaced:
        specific = f"{question.rstrip(' ?')} ({action_id})?"
    return Suggestion(label=f"{action_id} — {title}", question=specific)
