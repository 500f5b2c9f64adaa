"""GET /api/actions (filtered list) and GET /api/actions/{id} (one action card)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.answer_models import ActionCard
from assistant.api.dependencies import AnswererDep
from assistant.api.errors import error_responses
from assistant.api.schemas import ActionSummary
from assistant.question import ActionFilters

router = APIRouter(prefix="/api/actions", tags=["acties"])


@router.get(
    "",
    response_model=list[ActionSummary],
    summary="Acties die aan alle filters voldoen",
    responses=error_responses(422, 503),
)
def list_actions(filters: Annotated[ActionFilters, Query()], answerer: AnswererDep) -> list[ActionSummary]:
    """Every action matching the filters, in plan order."""
    records = answerer.list_actions(filters)
    return [ActionSummary(**record.model_dump()) for record in records]


@router.get(
    "/{action_id}",
    response_model=ActionCard,
    summary="De fiche van één actie",
    responses=error_responses(404, 422, 503),
)
def action_card(action_id: str, answerer: AnswererDep) -> ActionCard:
    """One action in full; ids in any spelling ("KP 1.3", "kp1.3"); unknown ones give 404."""
    return answerer.action_card(action_id)
