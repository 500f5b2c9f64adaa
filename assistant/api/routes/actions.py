"""GET /api/actions (filtered list) and GET /api/actions/{id} (one action card)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.action_filters import ActionQuery
from assistant.answer_models import ActionCard
from assistant.api.dependencies import AnswererDep
from assistant.api.errors import error_responses
from assistant.api.schemas import ActionFilters, ActionSummary
from assistant.errors import ActionNotFound
from ingest.records import normalise_action_id

router = APIRouter(prefix="/api/actions", tags=["acties"])


@router.get(
    "",
    response_model=list[ActionSummary],
    summary="Acties die aan alle filters voldoen",
    responses=error_responses(422, 503),
)
def list_actions(filters: Annotated[ActionFilters, Query()], answerer: AnswererDep) -> list[ActionSummary]:
    """Every action matching the filters, in plan order."""
    records = answerer.list_actions(ActionQuery(**filters.model_dump()))
    return [ActionSummary(**record.model_dump()) for record in records]


@router.get(
    "/{action_id}",
    response_model=ActionCard,
    summary="De fiche van één actie",
    responses=error_responses(404, 422, 503),
)
def action_card(action_id: str, answerer: AnswererDep) -> ActionCard:
    """One action in full; ids in any spelling ("KP 1.3", "kp1.3"); unknown ones give 404."""
    key = normalise_action_id(action_id)
    if key is None:
        shown = action_id if len(action_id) <= 40 else action_id[:40] + "…"
        raise ActionNotFound(
            f"geen actienummer: {action_id!r}",
            user_message=f"'{shown}' is geen actienummer zoals KP 1.3.",
        )
    try:
        return answerer.action_card(key)
    except ActionNotFound as exc:
        # Name the id the user asked for; the answerer's own message cannot know how it was spelt.
        raise ActionNotFound(exc.detail, user_message=f"Actie {key} bestaat niet in het actieplan.") from exc
