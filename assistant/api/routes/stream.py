"""POST /api/ask/stream: the answer as server-sent events (delta…, citations, done; or error)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from datetime import date
from itertools import chain
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from assistant.answer_models import Answer
from assistant.answerer import Answerer, StreamEvent
from assistant.api.conversations import internal_id, public
from assistant.api.dependencies import AnswererDep, ChannelDep, FeedbackDep, SettingsDep, TodayDep
from assistant.api.errors import INTERNAL_MESSAGE, assistant_error_body, error_body
from assistant.api.routes.ask import ASK_ERRORS, remember
from assistant.api.schemas import AskRequest
from assistant.question import validate_question
from foundation.errors import AssistantError

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["vragen"])

_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def sse(event: str, data: dict[str, Any]) -> str:
    """One server-sent event; JSON keeps the data on one line whatever the answer text holds."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def citations_event(answer: Answer) -> dict[str, Any]:
    """The data of the `citations` event: the whole Answer (citations, ids, suggestions, the text again)."""
    return answer.model_dump()


def _start(
    answerer: Answerer, question: str, conversation_id: str | None, today: date
) -> tuple[StreamEvent | None, Iterator[StreamEvent]]:
    # Pulling the first event before the 200 goes out lets not-ready errors keep their own status.
    events = iter(answerer.stream(question, conversation_id, today=today))
    return next(events, None), events


def _events(
    first: StreamEvent | None, events: Iterator[StreamEvent], on_answer: Callable[[Answer], None]
) -> Iterator[str]:
    """Translate answerer events to SSE text; an error mid-stream becomes an `error` event."""
    try:
        for event in chain([first] if first else [], events):
            if event.get("type") == "delta":
                yield sse("delta", {"text": event.get("text", "")})
            elif event.get("type") == "answer" and "answer" in event:
                answer = public(event["answer"])
                on_answer(answer)
                yield sse("citations", citations_event(answer))
                yield sse("done", {})
                return
        raise RuntimeError("the answerer's stream ended without an answer event")
    except AssistantError as exc:
        log.warning("stream failed: %s: %s", type(exc).__name__, exc.detail)
        yield sse("error", assistant_error_body(exc)["error"])
    except Exception:
        log.exception("stream failed")
        yield sse("error", error_body("InternalError", INTERNAL_MESSAGE)["error"])


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    summary="Stel een vraag; het antwoord komt als server-sent events",
    description=(
        "Zoals /api/ask, maar het antwoord komt stukje per stukje: events `delta` met tekst, dan `citations` met "
        "het hele antwoord (bronnen, ids, suggesties), dan `done`; bij een fout onderweg een event `error`."
    ),
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "event: delta…, citations, done"},
        **ASK_ERRORS,
    },
)
async def ask_stream(
    body: AskRequest,
    answerer: AnswererDep,
    feedback: FeedbackDep,
    settings: SettingsDep,
    channel: ChannelDep,
    today: TodayDep,
) -> StreamingResponse:
    """Stream the answer; errors before the first event are plain JSON errors with their own status."""
    question = validate_question(body.question, settings.max_question_chars)
    conversation_id = await run_in_threadpool(internal_id, answerer, body.conversation_id)
    first, events = await run_in_threadpool(_start, answerer, question, conversation_id, today)

    def on_answer(answer: Answer) -> None:
        remember(feedback, answer, question, channel)

    # A sync iterator: Starlette pulls it in a worker thread, so the blocking answerer never stalls the loop.
    stream = _events(first, events, on_answer)
    return StreamingResponse(stream, media_type="text/event-stream", headers=_SSE_HEADERS)
