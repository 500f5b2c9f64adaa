"""POST /slack/events against hostile traffic, through the real service: never a 500, one log line, headers.

Also: in LLM mode, links the model writes stay live in Slack only when they point at our own or the plan's pages.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answerer import Answerer
from assistant.llm.writer import LlmWriter
from assistant.service import create_service
from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.settings import Settings
from tests.support import slack_fixtures
from tests.support.fake_llm import FakeLLM
from tests.support.fake_slack_api import FakeSlackApi
from tests.support.fakes import FakeAnswerer
from tests.support.slack_fixtures import serve
from tests.support.slack_workspace import Slack, mention

fake = slack_fixtures.fake
settings = slack_fixtures.settings
feedback = slack_fixtures.feedback
bot_answerer = slack_fixtures.bot_answerer
slack = slack_fixtures.slack

SECURITY_HEADERS = ("x-content-type-options", "x-frame-options", "referrer-policy", "content-security-policy")

# What the probe sent (issue 14): none of it is from Slack, none of it may cost a 500 or a traceback.
UNSIGNED: list[tuple[bytes, dict[str, Any]]] = [
    (b"{", {"Content-Type": "application/json"}),
    (b"\xff", {"Content-Type": "application/json"}),
    (b"payload=%ZZ", {"Content-Type": "application/x-www-form-urlencoded"}),
    (b'{"type": "event_callback"}', {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    (b'{"type": "event_callback"}', {"X-Slack-Request-Timestamp": "١٢٣".encode(), "X-Slack-Signature": "v0=00"}),
    (b'{"type": "event_callback"}', {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": "v0=00"}),
    (b"", {}),
]
# Signed with the real secret, but not what Slack sends.
SIGNED_ODD: list[tuple[bytes, str]] = [
    (b"{", "application/json"),
    (b"\xff\xfe", "application/json"),
    (b"[1, 2]", "application/json"),
    (b'{"type": "event_callback", "event": [1]}', "application/json"),
    (b'{"type": "event_callback", "event": "x"}', "application/json"),
    (b'{"type": "event_callback", "authorizations": "x", "event": {"type": "app_mention"}}', "application/json"),
    (b"payload=%ZZ", "application/x-www-form-urlencoded"),
    (b"payload=[1]", "application/x-www-form-urlencoded"),
    (b'payload={"type": "block_actions", "actions": []}', "application/x-www-form-urlencoded"),
    (b'payload={"type": "block_actions", "actions": [1]}', "application/x-www-form-urlencoded"),
    (b'payload={"type": "view_submission", "view": "x"}', "application/x-www-form-urlencoded"),
]


def assert_quietly_refused(caplog: pytest.LogCaptureFixture, response: Any, statuses: tuple[int, ...]) -> None:
    assert response.status_code in statuses, response.text
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
    assert not any(record.exc_info for record in caplog.records), "no traceback"
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 1 and len(lines[0].getMessage()) < 200, [r.getMessage() for r in lines]


@pytest.mark.parametrize(("body", "headers"), UNSIGNED)
def test_unsigned_malformed_request_gets_401_and_one_short_log_line(
    slack: Slack, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, body: bytes, headers: dict[str, Any]
) -> None:
    caplog.set_level(logging.INFO)
    response = slack.client.post("/slack/events", content=body, headers=headers)
    assert_quietly_refused(caplog, response, (401,))
    slack.idle()
    assert fake.calls == []


@pytest.mark.parametrize(("body", "content_type"), SIGNED_ODD)
def test_signed_odd_body_gets_400_not_500(
    slack: Slack, fake: FakeSlackApi, caplog: pytest.LogCaptureFixture, body: bytes, content_type: str
) -> None:
    caplog.set_level(logging.INFO)
    assert_quietly_refused(caplog, slack.post(body, content_type), (400,))
    slack.idle()
    assert [c.method for c in fake.calls if c.method != "auth.test"] == []


def test_stale_and_forged_signatures_are_refused(slack: Slack, fake: FakeSlackApi) -> None:
    assert slack.event(mention(), secret="not-the-secret").status_code == 401
    assert slack.event(mention(), timestamp=int(time.time()) - 6 * 60).status_code == 401
    assert slack.event(mention(), timestamp=int(time.time()) + 6 * 60).status_code == 401
    slack.idle()
    assert fake.calls == []


def test_url_verification_challenge_is_answered(slack: Slack) -> None:
    body = json.dumps({"token": "x", "challenge": "abc123", "type": "url_verification"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "abc123"}
    assert "x-content-type-options" in response.headers


@pytest.fixture
def limited(fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore) -> Iterator[Slack]:
    # One request a minute after a burst of three: no machine is slow enough to refill a token in between.
    tight = settings.model_copy(update={"slack_rate_limit_per_minute": 1, "slack_rate_limit_burst": 3})
    yield from serve(fake, FakeAnswerer(), tight, feedback)


def test_flood_of_requests_is_rate_limited_before_it_is_read(limited: Slack, caplog: pytest.LogCaptureFixture) -> None:
    statuses = [limited.client.post("/slack/events", content=b"{").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    caplog.clear()
    refused = limited.post(json.dumps({"type": "url_verification", "challenge": "c"}), "application/json")
    assert_quietly_refused(caplog, refused, (429,))
    assert int(refused.headers["retry-after"]) >= 1


def test_an_unexpected_error_is_a_500_with_security_headers(tmp_path: Any) -> None:
    # A 500 is answered by the app's own layers, with the same headers as every other response.
    plain = Settings(SLACK_BOT_TOKEN=None, SLACK_SIGNING_SECRET=None, data_dir=tmp_path, rate_limit_per_minute=0)
    app = create_service(
        plain, answerer=FakeAnswerer(RuntimeError("kapot")), feedback=SqliteFeedbackStore(tmp_path / "f")
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/ask", json={"question": "Wie trekt KP 1.3?"})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "InternalError"
    for header in SECURITY_HEADERS:
        assert header in response.headers, header


# -- links written by a model --------------------------------------------------------------------------


def test_model_written_links_stay_live_only_to_our_own_and_the_plans_pages(
    fake: FakeSlackApi, settings: Settings, feedback: FeedbackStore, bot_answerer: Answerer
) -> None:
    llm = FakeLLM().queue(
        "VMM trekt KP 1.3 (KP 1.3). [Klik hier](https://evil.example/phish) of zie https://evil.example/x, "
        "[de actiekaart](https://actieplan.example.org/acties/KP%201.3) en "
        "[OONA](https://h2050.be/nl/oona)."
    )
    answerer = Answerer(
        bot_answerer.settings,
        live_index=bot_answerer.live,
        conversations=bot_answerer.conversations,
        directory=bot_answerer.directory,
        writer=LlmWriter(llm),
    )
    for slack in serve(fake, answerer, settings, feedback):
        slack.event(mention("<@UBOT> Wie trekt KP 1.3?"))
        slack.idle()
    (post,) = fake.calls_to("chat.postMessage")
    text = " ".join(b["text"]["text"] for b in post.body["blocks"] if b["type"] == "section")
    assert "Klik hier" in text, "the model's text was used (not the fallback)"
    assert "<https://evil.example" not in text and "|Klik hier>" not in text
    assert "`https://evil.example/x,`" in text, "a bare address is shown as code, which Slack does not link"
    assert "<https://actieplan.example.org/acties/KP%201.3|de actiekaart>" in text
    assert "<https://h2050.be/nl/oona|OONA>" in text
