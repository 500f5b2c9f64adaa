"""GET /healthz (the process is up) and GET /readyz (questions can be answered now)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.api.dependencies import AnswererDep, FeedbackDep
from assistant.api.errors import error_responses

router = APIRouter(tags=["status"])


# HEAD too: load balancers probe with it.
@router.get("/healthz", summary="Het proces draait", description="Altijd 200 zolang de dienst draait.")
@router.head("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    """Always 200 while the process serves requests (liveness)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Vragen kunnen nu beantwoord worden",
    description='200 als de kennisbank geladen is ("degraded" als Chroma weg is en enkel wat in het geheugen zit '
    "beantwoord kan worden, of als de database weg is en vragen zonder vervolg en feedback beantwoord worden); "
    "503 met een Nederlandse uitleg zolang niets geladen is.",
    responses=error_responses(503),
)
@router.head("/readyz", include_in_schema=False)
async def readyz(answerer: AnswererDep, feedback: FeedbackDep) -> dict[str, str]:
    """200 "ready"; 200 "degraded" (with a Dutch message) while Chroma is away but the loaded records answer
    lists, action cards and /api/actions, or while the database is away (questions answered without their
    history, feedback refused); 503 with a Dutch message when nothing can be answered (readiness)."""
    # Both checks may go over the network: keep them off the event loop.
    notes = [await run_in_threadpool(answerer.check_ready), await run_in_threadpool(feedback.check_ready)]
    degraded = " ".join(note for note in notes if note)
    if degraded:
        # Still 200: a load balancer keeps sending what memory can answer; monitoring reads "degraded".
        return {"status": "degraded", "message": degraded}
    return {"status": "ready"}
