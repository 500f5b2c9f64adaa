"""Fixtures shared by the Slack tests: a fake Slack Web API, settings pointing at it, and the service with the bot.

The bot answers with the REAL answerer over the session's ingested index (a fresh conversation store per
test, so threads of one test do not continue another's); tests about failures pass a FakeAnswerer to serve().
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answerer import Answerer
from assistant.service import create_service
from assistant.stores.conversations import SqliteConversationStore
from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.settings import Settings
from tests.support.fake_slack_api import FakeSlackApi
from tests.support.slack_workspace import Slack

BOT_TOKEN = "xoxb-test-bot-token-0123456789"
SIGNING_SECRET = "test-signing-secret-abcdef"
PUBLIC_URL = "https://actieplan.example.org"

# What the plan says about VMM (its trekker and partner cells), read by hand: the 12 actions involving VMM.
VMM_ACTIONS = [
    "BM 1.7",
    "BT 2.1",
    "BT 3.3",
    "BW 1.4",
    "BW 1.6",
    "BW 2.2",
    "BW 2.3",
    "BW 3.1",
    "KP 1.1",
    "KP 1.3",
    "KP 2.3",
    "KP 3.3",
]
VMM_QUESTION = "Welke acties betrekken VMM?"


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as server:
        yield server


@pytest.fixture
def settings(fake: FakeSlackApi, tmp_path: Any) -> Settings:
    return Settings(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        slack_api_url=fake.api_url,
        data_dir=tmp_path,
        public_url=PUBLIC_URL + "/",
    )


@pytest.fixture
def feedback(tmp_path: Any) -> FeedbackStore:
    return SqliteFeedbackStore(tmp_path / "feedback.sqlite3")


@pytest.fixture
def bot_answerer(answerer: Answerer, tmp_path: Any) -> Answerer:
    """The real answerer over the session's index, with conversations of its own."""
    return Answerer(
        answerer.settings,
        live_index=answerer.live,
        conversations=SqliteConversationStore(tmp_path / "conversations.sqlite3"),
        directory=answerer.directory,
    )


def serve(fake: FakeSlackApi, answerer: Any, settings: Settings, feedback: Any) -> Iterator[Slack]:
    """The service as deployed (create_service: API, web and the bot at /slack/events), with Slack posting to it."""
    app = create_service(settings, answerer=answerer, feedback=feedback)
    with TestClient(app) as client:
        yield Slack(client, fake, SIGNING_SECRET, app.state.slack_app.listener_pool.wait_idle)


@pytest.fixture
def slack(fake: FakeSlackApi, bot_answerer: Answerer, settings: Settings, feedback: FeedbackStore) -> Iterator[Slack]:
    yield from serve(fake, bot_answerer, settings, feedback)
