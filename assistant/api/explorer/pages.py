"""Rendering the explorer's pages: the Jinja2 templates, their helpers, and HTML error pages."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from assistant.api.errors import status_of
from assistant.api.explorer.browse import highlight, search_hit
from assistant.api.explorer.ids import link_ids
from assistant.api.explorer.rows import PHASE_LABELS, action_href, organisation_href
from foundation.errors import AssistantError
from plan_model.records import PlanDocument

WEB_DIR = Path(__file__).resolve().parent.parent.parent / "web"
TEMPLATES = Jinja2Templates(directory=WEB_DIR / "templates")
TEMPLATES.env.globals.update(
    link_ids=link_ids,
    action_href=action_href,
    organisation_href=organisation_href,
    phase_labels=PHASE_LABELS,
    highlight=highlight,
    search_hit=search_hit,
)
# Pages change with every release and every plan version: browsers revalidate them.
NO_CACHE = {"Cache-Control": "no-cache"}


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page from its template, with the path for the navigation's current item and the live plan's name."""
    values = {"path": request.url.path, **plan_names(request), **context}
    return TEMPLATES.TemplateResponse(request, template, values, status_code=status_code, headers=NO_CACHE)


def plan_names(request: Request) -> dict[str, str]:
    """The live plan as the header names it ("Actieplan 2025", "versie van 12 september 2025"); a page rendered
    before the index is loaded (or while it cannot be) says "Actieplan"."""
    slot = getattr(request.app.state, "answerer_slot", None)
    try:
        document = slot.get().live.current().document if slot is not None and slot.built else None
    except Exception:
        # The header's name is never worth a failed page (the index away, an answerer without one).
        document = None
    if not isinstance(document, PlanDocument):
        return {"plan_title": "Actieplan", "plan_version": ""}
    return {"plan_title": document.short_name, "plan_version": document.version_label()}


class PageRoute(APIRoute):
    """A route serving an HTML page: an error becomes a Dutch error page with the status of its class."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The route's handler, wrapped so AssistantErrors render error.html instead of JSON."""
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except AssistantError as exc:
                return render(request, "error.html", status_of(exc), message=exc.user_message)

        return page_handler
