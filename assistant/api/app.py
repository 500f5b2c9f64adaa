"""The app factory: create_app(settings, answerer, feedback) wires routes, errors, limits and the web chat.

Slack is mounted beside it by the service (`assistant/service.py`), which composes the surfaces.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from assistant.answerer import Answerer
from assistant.api.dependencies import CLIENT_HEADER
from assistant.api.docs import mount_docs
from assistant.api.errors import install_error_handlers
from assistant.api.limits import BodySizeLimit
from assistant.api.openapi import install_openapi
from assistant.api.rate_limit import RateLimit
from assistant.api.routes import actions, ask, chat, explorer, health, stream, web
from assistant.api.routes import feedback as feedback_routes
from assistant.api.security import SecurityHeaders
from assistant.api.state import AnswererSlot
from assistant.stores.configured import open_feedback
from assistant.stores.feedback import FeedbackStore
from foundation.log_redaction import install_secret_redaction
from foundation.settings import Settings

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Vragen over het actieplan van VITO Kennispunt Water (de versie die live staat), beantwoord in het Nederlands "
    "met de nummers van de acties waarop het antwoord steunt. Fouten komen terug als "
    '`{"error": {"code": ..., "message": ...}}` met een Nederlandse boodschap.'
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Secrets stay out of every log line while this app runs, and the redactor leaves with it.
    with install_secret_redaction(app.state.settings):
        slot: AnswererSlot = app.state.answerer_slot
        # Build (and load the index) before serving, so the first user does not wait for it.
        await run_in_threadpool(slot.warm)
        yield


def create_app(
    settings: Settings,
    answerer: Answerer | None = None,
    feedback: FeedbackStore | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> FastAPI:
    """The HTTP service; without an answerer, one is built with build_answerer(settings) at startup.

    `clock` drives the rate limit's refill (tests move it by hand instead of waiting).
    """
    slot = AnswererSlot(settings, answerer)
    store = feedback if feedback is not None else open_feedback(settings)
    # FastAPI's own /docs and /redoc load their scripts from a CDN; mount_docs serves local copies instead.
    app = FastAPI(
        title="Actieplan-assistent",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=_lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.answerer_slot = slot
    app.state.feedback = store

    install_error_handlers(app)
    _add_middleware(app, settings, clock)

    for module in (ask, stream, actions, feedback_routes, health, explorer, chat):
        app.include_router(module.router)
    web.mount_web(app)
    mount_docs(app)
    install_openapi(app)

    return app


def _add_middleware(app: FastAPI, settings: Settings, clock: Callable[[], float]) -> None:
    """The request layers, innermost first: body limit, rate limit, CORS, security headers."""
    # The rate limit sits outside the body limit so a flooding client is refused before its body is read.
    app.add_middleware(BodySizeLimit, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(
        RateLimit,
        per_minute=settings.rate_limit_per_minute,
        burst=settings.rate_limit_burst,
        trust_forwarded_for=settings.trust_forwarded_for,
        clock=clock,
    )
    if settings.cors_origins:
        # Without configured origins there is no CORS layer at all: browsers then allow same-origin calls only.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Content-Type", CLIENT_HEADER],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    # Outermost, so refusals from the layers above (413, 429) carry the security headers too.
    app.add_middleware(SecurityHeaders)
