"""GET /api/actions (filtered list) and GET /api/actions/{id} (one action card)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from assistant.answer_models import ActionCard
from assistant.api.dependencies import AnswererDep, PlanDep, TodayDep
from assistant.api.errors import error_responses
from assistant.api.explorer.controls import build_controls, parse_filters
from assistant.api.schemas import ActionSummary, FilterControl
from assistant.question import ActionFilters

router = APIRouter(prefix="/api/actions", tags=["acties"])


@router.get(
    "",
    response_model=list[ActionSummary],
    summary="Acties die aan alle filters voldoen",
    description=(
        "Alle acties die aan elk gegeven filter voldoen, nooit afgekapt; in de volgorde van het plan, of gesorteerd "
        "met sort (bv. sort=-end: laatst eindigend eerst). q zoekt woorden in titel, tekst, output, projecten en "
        "organisaties (ook 'medicijnen' vindt 'geneesmiddelen'). Zonder filters: alle acties. Dezelfde filters staan "
        "in de actieverkenner (/acties?org=VMM&q=PFAS&sort=title)."
    ),
    responses=error_responses(422, 503),
)
def list_actions(
    filters: Annotated[ActionFilters, Query()], answerer: AnswererDep, today: TodayDep
) -> list[ActionSummary]:
    """Every action matching the filters on the service's today, in plan order or the asked sort."""
    records = answerer.list_actions(filters, today)
    return [ActionSummary(**record.model_dump()) for record in records]


@router.get(
    "/filters",
    response_model=list[FilterControl],
    summary="De filters met hun mogelijke waarden en aantallen",
    description=(
        "Elk filter van /api/actions met de waarden die in het plan voorkomen, en per waarde hoeveel acties je "
        "krijgt als je ze kiest (de andere filters blijven). Geef de huidige filters mee als query, bv. domain=KP."
    ),
    responses=error_responses(422, 503),
)
def filter_options(request: Request, plan: PlanDep) -> list[FilterControl]:
    """The filter form of the action browser as data, built on the one filter model."""
    controls = build_controls(parse_filters(request.query_params), plan)
    return [FilterControl.model_validate(control, from_attributes=True) for control in controls]


@router.get(
    "/{action_id}",
    response_model=ActionCard,
    summary="De fiche van één actie",
    description=(
        "Alles over één actie: de tekst, output, trekker, partners, timing, het belang, de status en doelstelling."
    ),
    responses=error_responses(404, 410, 422, 503),
)
def action_card(
    answerer: AnswererDep,
    action_id: str = Path(description="Actienummer in elke schrijfwijze (KP 1.3, kp1.3)", examples=["KP 1.3"]),
) -> ActionCard:
    """One action in full; ids in any spelling ("KP 1.3", "kp1.3"); unknown ones give 404, removed ones 410."""
    return answerer.action_card(action_id)
