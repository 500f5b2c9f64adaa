"""HTTP mode: the bolt app mounted in the FastAPI app at POST /slack/events."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.fastapi import SlackRequestHandler
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.app import build_slack_app

EVENTS_PATH = "/slack/events"


class ThreadedSlackRequestHandler(SlackRequestHandler):
    """bolt's FastAPI handler, but dispatching in a worker thread instead of on the event loop."""

    async def handle(self, req: Request, addition_context_properties: dict[str, Any] | None = None) -> Response:
        """Verify and dispatch one request from Slack; bolt answers 401 for a bad or stale signature."""
        if req.method != "POST":
            return await super().handle(req, addition_context_properties)
        body = await req.body()
        bolt_request = to_bolt_request(req, body, addition_context_properties)
        # App.dispatch is synchronous (listener acks, the first auth.test call): keep it off the event loop
        # that also serves the web chat.
        bolt_response = await run_in_threadpool(self.app.dispatch, bolt_request)
        return to_starlette_response(bolt_response)


def mount_slack(app: FastAPI, answerer: Answerer, feedback: FeedbackStore | None, settings: Settings) -> App:
    """Add POST /slack/events to the FastAPI app, answering with the same answerer and feedback store."""
    slack_app = build_slack_app(answerer, settings, feedback)
    handler = ThreadedSlackRequestHandler(slack_app)

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        return await handler.handle(request)

    # Kept for tests and health checks that want to look at the bolt app.
    app.state.slack_app = slack_app
    return slack_app
