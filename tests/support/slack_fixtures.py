"""Fixtures shared by the Slack tests: a fake Slack Web API, settings pointing at it, and the mounted bot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.http import mount_slack
from tests.support.fake_slack_api import FakeSlackApi, Slack
from tests.support.fakes import FakeAnswerer, make_answer

BOT_TOKEN = "xoxb-test-bot-token-0123456789"
SIGNING_SECRET = "test-signing-secret-abcdef"


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
        public_url="https://actieplan.example.org/",
    )


@pytest.fixture
def feedback(tmp_path: Any) -> FeedbackStore:
    return FeedbackStore(tmp_path / "feedback.sqlite3")


@pytest.fixture
def answerer() -> FakeAnswerer:
    return FakeAnswerer(make_answer("VMM trekt KP 1.3 en werkt mee aan KP 2.1.", ids=("KP 1.3", "KP 2.1")))


def serve(fake: FakeSlackApi, answerer: FakeAnswerer, settings: Settings, feedback: Any) -> Iterator[Slack]:
    """The bot mounted by mount_slack in a bare FastAPI app, with Slack posting to it."""
    app = FastAPI()
    mount_slack(app, answerer, feedback, settings)
    with TestClient(app) as client:
        yield Slack(client, fake, SIGNING_SECRET)


@pytest.fixture
def slack(fake: FakeSlackApi, answerer: FakeAnswerer, settings: Settings, feedback: FeedbackStore) -> Iterator[Slack]:
    yield from serve(fake, answerer, settings, feedback)
