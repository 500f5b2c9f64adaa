"""The exact routes: every action matching the filters (never a top-k), and lookups by id."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.index import LoadedIndex
from assistant.question import FieldName, MatchContext, Question
from assistant.routing.result import RouteResult
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord


def structured(
    question: Question, index: LoadedIndex, directory: OrganisationDirectory, base: Sequence[str] | None = None
) -> list[ActionRecord]:
    """Every action matching all filters of the question, in plan order (optionally within an earlier result)."""
    context = MatchContext(index.document, directory, question.today)
    # Alternatives ("een provincie of een POM"): an action passing any of them, in plan order.
    passing = [question.filters, *question.alternatives]
    actions = [a for a in index.document.actions if any(f.matches(a, context) for f in passing)]
    if base is not None:
        allowed = set(base)
        actions = [a for a in actions if a.id in allowed]
    return actions


def lookup(question: Question, ids: Sequence[str], fields: Sequence[FieldName], index: LoadedIndex) -> RouteResult:
    """The asked fields of the actions with these ids; an abstention when none exists."""
    actions = [a for a in (index.document.action(i) for i in ids) if a]
    unknown = tuple(i for i in ids if index.document.action(i) is None)
    if not actions:
        return RouteResult("abstain", question, abstain_reason="unknown_id", unknown_ids=unknown)
    return RouteResult("lookup", question, actions=tuple(actions), fields=tuple(fields), unknown_ids=unknown)


def grouped(question: Question, index: LoadedIndex, directory: OrganisationDirectory) -> RouteResult:
    """A count per domain, objective or organisation of the actions passing the filters; for "the most" ("the
    least"), the actions of the group(s) that have the most (least)."""
    actions = structured(question, index, directory)
    by = question.asked.by or "domain"
    groups: dict[str, list[ActionRecord]] = {}
    for action in actions:
        for key in _group_keys(action, by, question.filters.role, directory):
            groups.setdefault(key, []).append(action)
    ranked = sorted(groups.items(), key=lambda item: -len(item[1]))
    counts = tuple((key, len(members)) for key, members in ranked)
    if question.asked.kind == "group" or not ranked:
        return RouteResult("structured", question, actions=tuple(actions), groups=counts)
    best = (min if question.asked.least else max)(len(members) for _, members in ranked)
    winners = {a.id for key, members in ranked if len(members) == best for a in members}
    chosen = tuple(a for a in actions if a.id in winners)
    return RouteResult("structured", question, actions=chosen, groups=counts)


def _group_keys(action: ActionRecord, by: str, role: str, directory: OrganisationDirectory) -> list[str]:
    """The group(s) an action counts in: its domain, its objective, or each organisation in the asked role."""
    if by == "domain":
        return [action.domain]
    if by == "objective":
        return [action.objective]
    named = [*action.initiators] if role != "partner" else []
    named += [*action.partners] if role == "partner" or role == "any" else []
    # Groups of actors ("bedrijven", "kennisinstellingen") are no organisation that leads or partners.
    return list(dict.fromkeys(n for n in named if (o := directory.get(n)) is None or o.kind != "groep"))
