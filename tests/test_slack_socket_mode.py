"""Socket Mode: `actieplan slack` connects over a WebSocket (here a fake one) and answers like HTTP mode."""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.settings import Settings
from integrations.slack import SlackConfigError
from integrations.slack.socket_mode import build_socket_mode_handler, run_socket_mode
from tests.support import slack_fixtures
from tests.support.fake_slack_api import BOT_USER_ID, TEAM_ID, FakeSlackApi
from tests.support.fakes import FakeAnswerer
from tests.support.slack_fixtures import VMM_ACTIONS

bot_answerer = slack_fixtures.bot_answerer


def feedback_answers(feedback: FeedbackStore) -> list[tuple[str, str]]:
    with sqlite3.connect(feedback.path) as db:
        return db.execute("SELECT question, conversation_id FROM answers").fetchall()


APP_TOKEN = "xapp-1-test-app-token"
BOT_TOKEN = "xoxb-test-bot-token"


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as server:
        yield server


def settings_for(fake: FakeSlackApi, tmp_path: Any, app_token: str | None = APP_TOKEN) -> Settings:
    # No signing secret: Socket Mode messages come over our own connection and are not signed.
    return Settings(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=None,
        SLACK_APP_TOKEN=app_token,
        slack_api_url=fake.api_url,
        data_dir=tmp_path,
    )


def test_missing_app_token_is_a_clear_error(fake: FakeSlackApi, tmp_path: Any) -> None:
    with pytest.raises(SlackConfigError, match="SLACK_APP_TOKEN"):
        run_socket_mode(FakeAnswerer(), settings_for(fake, tmp_path, app_token=None))


def test_missing_bot_token_is_a_clear_error(fake: FakeSlackApi, tmp_path: Any) -> None:
    settings = settings_for(fake, tmp_path).model_copy(update={"slack_bot_token": None})
    with pytest.raises(SlackConfigError, match="SLACK_BOT_TOKEN"):
        build_socket_mode_handler(FakeAnswerer(), settings)


class FakeSocketModeServer:
    """Slack's side of a Socket Mode WebSocket: says hello, pushes envelopes, collects acks."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.outbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self._stopped = threading.Event()
        self._server = serve(self._session, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _session(self, websocket: Any) -> None:
        websocket.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {}}))

        def read() -> None:
            try:
                for raw in websocket:
                    self.acks.put(json.loads(raw))
            except Exception:
                return  # the client hung up: the test is over

        threading.Thread(target=read, daemon=True).start()
        while not self._stopped.is_set():
            try:
                envelope = self.outbox.get(timeout=0.1)
            except queue.Empty:
                continue
            try:
                websocket.send(json.dumps(envelope))
            except Exception:
                return

    def close(self) -> None:
        self._stopped.set()
        self._server.shutdown()


def test_socket_mode_answers_a_mention_in_its_thread(fake: FakeSlackApi, tmp_path: Any, bot_answerer: Any) -> None:
    socket_server = FakeSocketModeServer()
    fake.socket_mode_url = socket_server.url
    feedback = SqliteFeedbackStore(tmp_path / "feedback.sqlite3")
    handler = build_socket_mode_handler(bot_answerer, settings_for(fake, tmp_path), feedback)
    try:
        handler.connect()
        (opened,) = fake.wait_for("apps.connections.open")
        assert opened.authorization == f"Bearer {APP_TOKEN}"
        event = {
            "type": "app_mention",
            "user": "U0001",
            "text": f"<@{BOT_USER_ID}> Welke acties betrekken VMM?",
            "ts": "1700000000.000100",
            "channel": "C0001",
            "event_ts": "1700000000.000100",
        }
        body = {
            "type": "event_callback",
            "team_id": TEAM_ID,
            "event_id": "Ev1",
            "event": event,
            "event_time": int(time.time()),
            "api_app_id": "A0001",
        }
        socket_server.outbox.put(
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "payload": body,
                "accepts_response_payload": False,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        assert socket_server.acks.get(timeout=10)["envelope_id"] == "env-1"
        (post,) = fake.wait_for("chat.postMessage")
        assert post.body["thread_ts"] == "1700000000.000100"
        assert post.authorization == f"Bearer {BOT_TOKEN}"
        assert sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", ")) == VMM_ACTIONS
        (answer,) = [item for item in feedback_answers(feedback)]
        assert answer == ("Welke acties betrekken VMM?", "slack:C0001:1700000000.000100:U0001")
    finally:
        handler.close()
        socket_server.close()


def test_settings_can_be_checked_before_the_answerer_is_built(fake: FakeSlackApi, tmp_path: Any) -> None:
    from integrations.slack.socket_mode import require_socket_mode_settings

    assert require_socket_mode_settings(settings_for(fake, tmp_path)) == APP_TOKEN
    with pytest.raises(SlackConfigError, match="xapp-"):
        require_socket_mode_settings(settings_for(fake, tmp_path, app_token=None))
