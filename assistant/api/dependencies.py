"""Typed FastAPI dependencies: the settings, the answerer, the feedback store, today and the plan."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from assistant.answerer import Answerer
from assistant.api.explorer.rows import Plan
from assistant.api.state import AnswererSlot
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings

Channel = Literal["web", "api"]

# The web chat sends this header so answers and feedback from the browser are told apart from API use.
CLIENT_HEADER = "X-Actieplan-Client"


def get_settings_dep(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_answerer(request: Request) -> Answerer:
    """The app's answerer; a first build runs in a worker thread so the event loop stays free."""
    slot: AnswererSlot = request.app.state.answerer_slot
    if slot.built:
        return slot.get()
    return await run_in_threadpool(slot.get)


def get_feedback(request: Request) -> FeedbackStore:
    """The app's feedback store."""
    store: FeedbackStore = request.app.state.feedback
    return store


def get_channel(
    client: Annotated[str | None, Header(alias=CLIENT_HEADER, include_in_schema=False)] = None,
) -> Channel:
    """Where a request comes from: "web" for the chat page, else "api"."""
    return "web" if client == "web" else "api"


def get_today(request: Request) -> date:
    """The service's one "today" (ACTIEPLAN_TODAY, else the real date): answers and the explorer's planned, running
    and finished are relative to it."""
    settings: Settings = request.app.state.settings
    return settings.current_date()


TodayDep = Annotated[date, Depends(get_today)]


async def get_plan(request: Request, today: TodayDep) -> Plan:
    """The live plan version with the alias table and today's date, for the explorer and the filter options."""
    answerer = await get_answerer(request)
    index = answerer.live.current()
    return Plan(index.document, answerer.directory, today, index.earlier)


PlanDep = Annotated[Plan, Depends(get_plan)]

SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
AnswererDep = Annotated[Answerer, Depends(get_answerer)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
ChannelDep = Annotated[Channel, Depends(get_channel)]
