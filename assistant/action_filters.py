"""Exact filters over the action records (organisation and role, domain, importance, status, timing)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from ingest.organisations import OrganisationDirectory
from ingest.records import ActionRecord, PlanDocument
from ingest.timing import is_active_in, year_of

Role = Literal["initiator", "partner", "any"]


class ActionQuery(BaseModel):
    """Filters of `actieplan actions` and `GET /api/actions`; unset fields do not filter."""

    org: str | None = None
    role: Role = "any"
    domain: str | None = None
    importance: str | None = None
    status: str | None = None
    active_in: int | None = None
    starts_in: int | None = None
    lever: str | None = None
    ongoing: bool | None = None
    undetermined: bool | None = None
    exclude_org: str | None = None
    exclude_role: Role = "initiator"


def _undetermined(action: ActionRecord) -> bool:
    return not action.start and not action.end and not action.ongoing


def involves(action: ActionRecord, names: set[str], role: Role) -> bool:
    """Whether any of these organisations has this role in the action."""
    if role in ("initiator", "any") and names & set(action.initiators):
        return True
    return role in ("partner", "any") and bool(names & set(action.partners))


def resolve_org(name: str, directory: OrganisationDirectory) -> set[str]:
    """The canonical names an organisation filter stands for (itself and its sub-bodies)."""
    canonical = directory.canonical(name) or directory.fuzzy(name) or name
    return directory.family(canonical)


def filter_actions(document: PlanDocument, query: ActionQuery, directory: OrganisationDirectory) -> list[ActionRecord]:
    """Every action that passes all the filters, in plan order (never cut to a top-k)."""
    results = []
    org_names = resolve_org(query.org, directory) if query.org else None
    excluded = resolve_org(query.exclude_org, directory) if query.exclude_org else None
    for action in document.actions:
        if org_names is not None and not involves(action, org_names, query.role):
            continue
        if excluded is not None and involves(action, excluded, query.exclude_role):
            continue
        if query.domain and action.domain != query.domain.upper():
            continue
        if query.importance and (action.importance or "").lower() != query.importance.lower():
            continue
        if query.status and action.status != query.status.lower():
            continue
        if query.lever:
            objective = document.objective(action.objective)
            if not objective or objective.lever != query.lever:
                continue
        if query.active_in is not None and not is_active_in(
            action.start, action.end, action.ongoing, _undetermined(action), query.active_in
        ):
            continue
        if query.starts_in is not None and year_of(action.start) != query.starts_in:
            continue
        if query.ongoing is not None and action.ongoing != query.ongoing:
            continue
        if query.undetermined is not None and _undetermined(action) != query.undetermined:
            continue
        results.append(action)
    return results
