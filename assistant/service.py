"""The web service as deployed: the HTTP API and web chat with the Slack bot mounted, served by uvicorn."""

from __future__ import annotations

import json
import os
from typing import Any

import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from assistant.answerer import Answerer
from assistant.api.app import create_app
from assistant.api.rate_limit import TokenBucket, client_key
from assistant.api.state import AnswererSlot
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings, get_settings
from integrations.slack.http import mount_slack

FACTORY = "assistant.service:service_from_env"


def create_service(
    settings: Settings, answerer: Answerer | None = None, feedback: FeedbackStore | None = None
) -> FastAPI:
    """The API and web chat, with POST /slack/events when Slack is configured, all on one answerer."""
    app = create_app(settings, answerer, feedback)
    if settings.slack_enabled:
        slot: AnswererSlot = app.state.answerer_slot
        # The proxy lets Slack use an answerer that is only built at startup.
        limiter = None
        if settings.slack_rate_limit_per_minute > 0:
            limiter = TokenBucket(settings.slack_rate_limit_per_minute, settings.slack_rate_limit_burst).take
        mount_slack(
            app,
            answerer if answerer is not None else slot.proxy(),
            app.state.feedback,
            settings,
            limiter=limiter,
            client_key=lambda scope: client_key(scope, settings.trust_forwarded_for),
        )
    return app


def service_from_env() -> FastAPI:
    """The service configured from the environment; uvicorn's factory for `--workers N`."""
    return create_service(get_settings())


def _export(settings: Settings) -> None:
    """Put the settings in the environment, where worker processes read them with get_settings()."""
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        # pydantic-settings reads lists and dicts from the environment as JSON.
        text = json.dumps(value) if isinstance(value, list | dict) else str(value)
        os.environ[f"ACTIEPLAN_{name.upper()}"] = text


def proxy_options(settings: Settings) -> dict[str, object]:
    """uvicorn's X-Forwarded-For handling, following ACTIEPLAN_TRUST_FORWARDED_FOR."""
    # uvicorn's defaults rewrite the client address from X-Forwarded-For for connections from 127.0.0.1: left
    # on, any local client could pick its own rate-limit key. Trusted, the proxy in front is whoever connects.
    if settings.trust_forwarded_for:
        return {"proxy_headers": True, "forwarded_allow_ips": "*"}
    return {"proxy_headers": False}


def serve(settings: Settings, host: str | None = None, port: int | None = None, workers: int = 1) -> None:
    """Serve the API and web chat until interrupted; several workers share nothing but the data dir."""
    host = host or settings.host
    port = port or settings.port
    options: dict[str, Any] = {"host": host, "port": port, "server_header": False, **proxy_options(settings)}
    if workers <= 1:
        uvicorn.run(create_service(settings), **options)
        return
    # Worker processes cannot receive an app object: uvicorn imports the factory in each of them,
    # and each builds its settings from the environment, so the caller's settings go there first.
    _export(settings)
    uvicorn.run(FACTORY, factory=True, workers=workers, **options)
