"""The web chat's assets: /static/ serves its CSS, JS and icon; the starter questions and the script's settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from assistant.api.explorer.ids import CONTINUATION
from assistant.api.explorer.pages import NO_CACHE, WEB_DIR
from foundation.settings import Settings
from plan_model.records import ACTION_ID


@dataclass(frozen=True)
class StarterGroup:
    """Questions the chat offers before the first one, for one kind of reader."""

    title: str
    questions: tuple[str, ...]


STARTERS = (
    StarterGroup(
        "Voor bedrijven",
        (
            "Hoe financier ik een waterinvestering?",
            "Welke voorwaarden stellen banken voor financiering?",
            "Wat doen verzekeraars voor waterinvesteringen?",
            "Hoe investeren we collectief op een bedrijventerrein?",
        ),
    ),
    StarterGroup(
        "Voor medewerkers en partners",
        (
            "Welke acties lopen nu?",
            "Welke sleutelacties trekt VITO Kennispunt Water?",
            "Welke acties hebben nog geen timing?",
            "Waar is VMM partner?",
        ),
    ),
)


class _RevalidatedStaticFiles(StaticFiles):
    """Static files that browsers revalidate instead of caching blindly; the page templates are not static."""

    def lookup_path(self, path: str) -> tuple[str, Any]:
        """The file for a path, except anything under templates/ (rendered by the server, not served raw)."""
        if path.replace("\\", "/").lstrip("/").startswith("templates"):
            return "", None
        return super().lookup_path(path)

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        """The file, with Cache-Control: no-cache."""
        response = super().file_response(*args, **kwargs)
        response.headers.update(NO_CACHE)
        return response


def chat_config(settings: Settings, thread: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the chat's script needs from the server: the question limit, the action-id patterns and the conversation
    the server rendered (its script takes it over)."""
    return {
        "max_question_chars": settings.max_question_chars,
        "id_patterns": {"action_id": ACTION_ID.pattern, "continuation": CONTINUATION.pattern},
        "thread": thread,
    }


def mount_web(app: FastAPI, web_dir: Path = WEB_DIR) -> None:
    """Serve the chat's assets under /static/ (the page itself is routes/chat.py)."""
    app.mount("/static", _RevalidatedStaticFiles(directory=web_dir), name="static")
