"""The real service (`actieplan ingest` + `actieplan serve`) answering a signed Slack mention via a fake Slack."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.fake_slack_api import BOT_USER_ID, TEAM_ID, FakeSlackApi, signed_headers
from tests.support.slack_fixtures import VMM_ACTIONS

BIN = Path(sys.executable).parent
ACTIEPLAN = BIN / "actieplan"
BOT_TOKEN = "xoxb-e2e-bot-token"
SIGNING_SECRET = "e2e-signing-secret"
TS = "1700000000.000100"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as server:
        yield server


@pytest.fixture(scope="module")
def service_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("slack-e2e")


@pytest.fixture(scope="module")
def service(fake: FakeSlackApi, service_dir: Path) -> Iterator[str]:
    # One ingest and one server for the module: both take most of this file's time.
    tmp_path = service_dir
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIEPLAN_", "SLACK_"))}
    env.update(
        ACTIEPLAN_DATA_DIR=str(tmp_path / "var"),
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        ACTIEPLAN_SLACK_API_URL=fake.api_url,
    )
    ingest = subprocess.run(
        [str(ACTIEPLAN), "ingest"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [str(ACTIEPLAN), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "actieplan serve did not come up"
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def signed_event(event: dict[str, Any], secret: str = SIGNING_SECRET) -> tuple[str, dict[str, str]]:
    body = json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": "EvE2E1",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    )
    return body, {"Content-Type": "application/json", **signed_headers(secret, body)}


def test_real_service_answers_a_slack_mention_with_action_ids(service: str, fake: FakeSlackApi) -> None:
    event = {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@{BOT_USER_ID}> Welke acties betrekken VMM?",
        "ts": TS,
        "event_ts": TS,
        "channel": "C0001",
    }

    body, headers = signed_event(event, secret="wrong-secret")
    assert httpx.post(f"{service}/slack/events", content=body, headers=headers).status_code == 401

    body, headers = signed_event(event)
    response = httpx.post(f"{service}/slack/events", content=body, headers=headers, timeout=10)
    assert response.status_code == 200

    (post,) = fake.wait_for("chat.postMessage", timeout=120)
    assert post.body["channel"] == "C0001"
    assert post.body["thread_ts"] == TS
    assert post.authorization == f"Bearer {BOT_TOKEN}"
    assert sorted(post.body["text"].rsplit("Bronnen: ", 1)[1].split(", ")) == VMM_ACTIONS
    assert any(b.get("type") == "actions" for b in post.body["blocks"]), "feedback buttons"


def test_real_service_refuses_malformed_slack_requests_quietly(service: str, service_dir: Path) -> None:
    log = service_dir / "serve.log"
    before = log.read_text(encoding="utf-8", errors="replace")
    hostile = [
        (b"{", {"Content-Type": "application/json"}),
        (b"\xff", {"Content-Type": "application/json"}),
        (b"payload=%ZZ", {"Content-Type": "application/x-www-form-urlencoded"}),
        (b"{}", {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"}),
    ]
    for body, headers in hostile:
        response = httpx.post(f"{service}/slack/events", content=body, headers=headers, timeout=10)
        assert response.status_code == 401
        assert response.headers["x-content-type-options"] == "nosniff"
    signed_list = b"[1, 2]"
    response = httpx.post(
        f"{service}/slack/events",
        content=signed_list,
        headers={"Content-Type": "application/json", **signed_headers(SIGNING_SECRET, signed_list)},
        timeout=10,
    )
    assert response.status_code == 400
    added = log.read_text(encoding="utf-8", errors="replace")[len(before) :]
    assert "Traceback" not in added
    refusals = [line for line in added.splitlines() if "Slack-verzoek geweigerd" in line]
    assert len(refusals) == len(hostile) + 1, added
