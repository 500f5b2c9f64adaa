"""The app factory: create_app(settings, answerer, feedback) wires routes, errors, limits and the web chat."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from assistant.answerer import Answerer
from assistant.api.errors import install_error_handlers
from assistant.api.limits import BodySizeLimit
from assistant.api.routes import actions, ask, health, stream, web
from assistant.api.routes import feedback as feedback_routes
from assistant.api.security import SecurityHeaders
from assistant.api.state import AnswererSlot
from assistant.feedback import FeedbackStore
from assistant.settings import Settings, get_settings

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Vragen over het Actieplan VITO Kennispunt Water 2025, beantwoord in het Nederlands met de "
    "nummers van de acties waarop het antwoord steunt. Fouten komen terug als "
    '`{"error": {"code": ..., "message": ...}}` met een Nederlandse boodschap.'
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    slot: AnswererSlot = app.state.answerer_slot
    if not slot.built:
        # Build before serving so the first user does not wait for the index to load.
        await run_in_threadpool(slot.warm)
    yield


def create_app(settings: Settings, answerer: Answerer | None = None, feedback: FeedbackStore | None = None) -> FastAPI:
    """The HTTP service; without an answerer, one is built with build_answerer(settings) at startup."""
    slot = AnswererSlot(settings, answerer)
    store = feedback if feedback is not None else FeedbackStore(settings.feedback_db)
    app = FastAPI(title="Actieplan-assistent", description=DESCRIPTION, version="0.1.0", lifespan=_lifespan)
    app.state.settings = settings
    app.state.answerer_slot = slot
    app.state.feedback = store

    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    # Added last, so outermost: an oversized body is refused before any other layer touches it.
    app.add_middleware(BodySizeLimit, max_body_bytes=settings.max_body_bytes)

    for module in (ask, stream, actions, feedback_routes, health):
        app.include_router(module.router)
    web.mount_web(app)

    if settings.slack_enabled:
        try:
            from integrations.slack.http import mount_slack
        except ImportError:
            log.warning("Slack is configured but integrations.slack.http cannot be imported; not mounted")
        else:
            # The proxy lets Slack use an answerer that is only built at startup.
            mount_slack(app, answerer if answerer is not None else slot.proxy(), store, settings)
    return app


def app_from_env() -> FastAPI:
    """The app configured from the environment; uvicorn's factory for `--workers N`."""
    return create_app(get_settings())
