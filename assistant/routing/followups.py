"""Follow-up questions resolved against the previous turn: "daarvan", "die", "en BW 1.3?", "en voor X?"."""

from __future__ import annotations

from pydantic import ValidationError

from assistant.index import LoadedIndex
from assistant.question import ALL_FIELDS, ActionFilters, Question
from assistant.routing.exact import lookup, structured
from assistant.routing.result import RouteResult
from assistant.routing.thresholds import FOLLOWUP_LOOKUP_LIMIT
from assistant.stores.conversations import Turn
from ingest.organisations import OrganisationDirectory


def earlier_filters(turn: Turn) -> ActionFilters:
    """The filters a turn was answered with; none when they were stored by an older version."""
    try:
        return ActionFilters.model_validate(turn.filters)
    except ValidationError:
        return ActionFilters()


def resolve_followup(
    question: Question, previous: Turn | None, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """The route of a question that builds on the previous turn, or None when it stands on its own."""
    if previous is None:
        return None
    filters = question.filters
    if (
        question.continues
        and previous.filters
        and (filters.orgs or filters.domains)
        and not (question.role_explicit or question.action_ids or question.topic_terms)
    ):
        # "En voor Aquafin?" after "Welke acties trekt VMM?": the same question about another subject.
        inherited = question.with_filters(filters.inherit(earlier_filters(previous)))
        return RouteResult("structured", inherited, actions=tuple(structured(inherited, index, directory)))
    if not previous.result_ids:
        return None
    if question.action_ids:
        if question.continues and not question.fields and previous.fields:
            return lookup(question, question.action_ids, previous.fields, index)  # type: ignore[arg-type]
        return None
    earlier = previous.result_ids
    if question.refers_to == "all" and (question.has_filters or question.wants_list):
        return RouteResult("structured", question, actions=tuple(structured(question, index, directory, earlier)))
    own_subject = filters.orgs or filters.domains or filters.objectives or question.topic_terms
    if question.refers_to != "none" and not own_subject:
        if question.has_filters and len(earlier) > 1:
            return RouteResult("structured", question, actions=tuple(structured(question, index, directory, earlier)))
        ids = earlier if question.refers_to == "all" else earlier[:1]
        return lookup(question, ids[:FOLLOWUP_LOOKUP_LIMIT], question.fields or ALL_FIELDS, index)
    return None
