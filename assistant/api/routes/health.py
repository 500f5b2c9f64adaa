"""GET /healthz (the process is up) and GET /readyz (questions can be answered now)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.dependencies import AnswererDep
from assistant.api.errors import error_responses

router = APIRouter(tags=["status"])


@router.get("/healthz", summary="Het proces draait", description="Altijd 200 zolang de dienst draait.")
async def healthz() -> dict[str, str]:
    """Always 200 while the process serves requests (liveness)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Vragen kunnen nu beantwoord worden",
    description="200 als de kennisbank geladen is; 503 met een Nederlandse uitleg zolang dat niet zo is.",
    responses=error_responses(503),
)
async def readyz(answerer: AnswererDep) -> dict[str, str]:
    """200 when the index and store are usable; 503 with a Dutch message otherwise (readiness)."""
    # check_ready may touch the vector store over the network: keep it off the event loop.
    await run_in_threadpool(answerer.check_ready)
    return {"status": "ready"}
