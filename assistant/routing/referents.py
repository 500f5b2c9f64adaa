"""Follow-ups that point back in ways beyond "daarvan" and "die": both earlier subjects, the other actions, an item
of the list, a correction, the action that follows on the one discussed (the `referent` of the logical form)."""

from __future__ import annotations

from assistant.index import LoadedIndex
from assistant.question import ALL_FIELDS, ActionFilters, FieldName, Question
from assistant.routing.exact import lookup, structured
from assistant.routing.plan_structure import built_on
from assistant.routing.result import RouteResult
from assistant.stores.conversations import Turn
from plan_model.organisations import OrganisationDirectory

# The filters that name who or where a question is about: what a correction replaces.
_SUBJECT = (*ActionFilters.names(subject="who"), *ActionFilters.names(subject="where"), "role", "orgs_match")
# Asked of two actions together ("welke organisaties zitten in allebei?"): who leads and who takes part.
_WHO_FIELDS: tuple[FieldName, ...] = ("initiators", "partners")


def _filters(stored: dict[str, object]) -> ActionFilters:
    try:
        return ActionFilters.model_validate(stored)
    except ValueError:
        return ActionFilters()


def resolve_referent(
    question: Question, previous: Turn, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """The route of a follow-up whose referent is one of these kinds, or None to route it otherwise."""
    kind = question.referent.kind
    if kind == "correction":
        return _corrected(question, previous, index, directory)
    if kind == "both":
        return _both(question, previous, index, directory)
    if kind == "others" and previous.result_ids:
        return _others(question, previous, index, directory)
    if kind == "follows_on" and previous.result_ids:
        anchor = index.document.action(previous.result_ids[0])
        following = built_on(anchor, index.document) if anchor else []
        if anchor and not following:
            # "… die daarop volgt": where no later action names its result, the next action of its objective.
            order = [a for a in index.document.actions if a.objective == anchor.objective]
            following = order[order.index(anchor) + 1 : order.index(anchor) + 2]
        if following:
            return lookup(question, [a.id for a in following[:1]], question.fields or ALL_FIELDS, index)
    if kind == "all" and question.referent.item and len(previous.result_ids) > question.referent.item:
        # "Wie trekt die twee?" after a longer answer: its first two.
        first = previous.result_ids[: question.referent.item]
        return lookup(question, first, question.fields or ALL_FIELDS, index)
    if kind == "item" and previous.result_ids and question.referent.item is not None:
        item = question.referent.item
        if -len(previous.result_ids) <= (item - 1 if item > 0 else item) < len(previous.result_ids):
            chosen = previous.result_ids[item - 1 if item > 0 else item]
            return lookup(question, [chosen], question.fields or ALL_FIELDS, index)
    return None


def _corrected(
    question: Question, previous: Turn, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """ "Nee, ik bedoelde de POM West-Vlaanderen": the earlier question with its subject replaced, the rest kept."""
    if question.action_ids:
        fields = tuple(previous.fields) or question.fields or ALL_FIELDS
        return lookup(question, question.action_ids, fields, index)  # type: ignore[arg-type]
    earlier = _filters(previous.filters)
    if not (question.filters.names_subject and earlier):
        return None
    kept = earlier.without(*_SUBJECT)
    replaced = question.with_filters(kept.but(**question.filters.given()))
    return RouteResult("structured", replaced, actions=tuple(structured(replaced, index, directory)))


def _both(
    question: Question, previous: Turn, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """ "Waar zitten ze allebei bij?": the two earlier subjects together; of two actions, what they share."""
    now, before = _filters(previous.filters), _filters(previous.earlier_filters)
    orgs = tuple(dict.fromkeys((*before.orgs, *now.orgs)))
    if len(orgs) >= 2:
        role = question.filters.role if question.role_explicit else "any"
        together = question.with_filters(ActionFilters(orgs=orgs, orgs_match="all", role=role))
        return RouteResult("structured", together, actions=tuple(structured(together, index, directory)))
    ids = list(dict.fromkeys((*previous.earlier_ids[:1], *previous.result_ids[:1])))
    if len(ids) == 2:
        found = lookup(question, ids, question.fields or _WHO_FIELDS, index)
        return found if found.route == "lookup" else None
    return None


def _others(
    question: Question, previous: Turn, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """ "En welke zijn dat dan niet?": the actions of the earlier scope the previous answer left out."""
    scope = list(previous.within_ids)
    if not scope:
        earlier = _filters(previous.filters)
        subject = earlier.without(*(n for n in earlier.given() if n not in _SUBJECT))
        if not subject:
            return None
        scope = [a.id for a in structured(question.with_filters(subject), index, directory)]
    answered = set(previous.result_ids)
    rest = tuple(a for a in (index.document.action(i) for i in scope if i not in answered) if a)
    return RouteResult("structured", question, actions=rest, within=len(scope))
