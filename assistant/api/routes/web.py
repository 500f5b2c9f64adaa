"""The web chat: GET / serves index.html; /static/ serves its CSS, JS and icon."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

WEB_DIR = Path(__file__).resolve().parent.parent.parent / "web"

# Revalidate on every load (ETag makes that cheap) so a new release never mixes old JS with new HTML.
_NO_CACHE = {"Cache-Control": "no-cache"}


class _RevalidatedStaticFiles(StaticFiles):
    """Static files that browsers revalidate instead of caching blindly."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        """The file, with Cache-Control: no-cache."""
        response = super().file_response(*args, **kwargs)
        response.headers.update(_NO_CACHE)
        return response


def mount_web(app: FastAPI, web_dir: Path = WEB_DIR) -> None:
    """Serve the chat page at / and its assets under /static/."""

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        """The chat page."""
        return FileResponse(web_dir / "index.html", media_type="text/html; charset=utf-8", headers=_NO_CACHE)

    app.mount("/static", _RevalidatedStaticFiles(directory=web_dir), name="static")
