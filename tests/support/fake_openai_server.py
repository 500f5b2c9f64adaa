"""A fake OpenAI-compatible chat server on loopback: answers every chat completion with a queued text."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request

from tests.support.live_server import serving


def make_app(replies: deque[str], requests: list[dict[str, Any]]) -> FastAPI:
    """An app with POST /v1/chat/completions answering from `replies` (the last one repeats)."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def chat(request: Request) -> dict[str, Any]:
        body = await request.json()
        requests.append(body)
        text = replies.popleft() if len(replies) > 1 else (replies[0] if replies else "")
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }

    return app


@contextmanager
def fake_openai_server(*replies: str) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Serve the fake on a free port; yields its base URL (…/v1) and the recorded request bodies."""
    requests: list[dict[str, Any]] = []
    with serving(make_app(deque(replies), requests)) as server:
        yield f"{server.url}/v1", requests
