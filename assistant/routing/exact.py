"""The exact routes: every action matching the filters (never a top-k), and lookups by id."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.index import LoadedIndex
from assistant.question import FieldName, MatchContext, Question
from assistant.routing.result import RouteResult
from ingest.organisations import OrganisationDirectory
from ingest.records import ActionRecord


def structured(
    question: Question, index: LoadedIndex, directory: OrganisationDirectory, base: Sequence[str] | None = None
) -> list[ActionRecord]:
    """Every action matching all filters of the question, in plan order (optionally within an earlier result)."""
    context = MatchContext(index.document, directory, question.today)
    actions = question.filters.apply(index.document.actions, context)
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
