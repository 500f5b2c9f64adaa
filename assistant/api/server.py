"""Run the HTTP service with uvicorn (`actieplan serve`)."""

from __future__ import annotations

import json
import os

import uvicorn
from pydantic import SecretStr

from assistant.settings import Settings

FACTORY = "assistant.api.app:app_from_env"


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


def serve(settings: Settings, host: str | None = None, port: int | None = None, workers: int = 1) -> None:
    """Serve the API and web chat until interrupted; several workers share nothing but the data dir."""
    host = host or settings.host
    port = port or settings.port
    if workers <= 1:
        from assistant.api.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, server_header=False)
        return
    # Worker processes cannot receive an app object: uvicorn imports the factory in each of them,
    # and each builds its settings from the environment, so the caller's settings go there first.
    _export(settings)
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, server_header=False)
