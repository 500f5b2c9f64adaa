"""Scale-out: the API over the embedded store and over a Chroma server answers the same; several workers and
hosts share one Chroma server; conversations and Slack deduplication work across worker processes.

The server-mode tests use the `chroma run` named by ACTIEPLAN_TEST_CHROMA_URL (host:port; .ci/run starts one),
else a server of their own (the `chroma_server` fixture).
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.answerer import Answerer, build_answerer
from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from evals.report import load_report
from foundation.settings import Settings
from tests.conftest import free_port
from tests.support.chroma_server import ServeProcess, cited, service_env, wait_until
from tests.support.fake_slack_api import BOT_USER_ID, TEAM_ID, FakeSlackApi, signed_headers

BASELINE = Path(__file__).resolve().parent.parent / "evals" / "baseline" / "report.json"
KINDS = ("organisation", "lookup", "filter", "topic", "funding", "unanswerable")


def committed_answers() -> dict[str, list[str]]:
    """Question → cited action ids (sorted) in the committed baseline: the first stand-alone gold question of
    each kind (lists, a lookup, a filter, a topic, funding, one the plan cannot answer)."""
    picked: dict[str, tuple[str, list[str]]] = {}
    for result in load_report(BASELINE).questions:
        # org-020 ("Welke acties trekt VMM?") is the list the worker tests ask for.
        key = result.id if result.id == "org-020" else result.kind
        if result.kind in KINDS and not result.history and key not in picked:
            picked[key] = (result.question, sorted(result.cited_ids))
    assert set(KINDS) <= set(picked) and "org-020" in picked
    return dict(picked.values())


EXPECTED = committed_answers()
QUESTIONS = list(EXPECTED)
FOLLOW_UP = ("Welke acties betrekken VMM?", "En welke daarvan zijn sleutelacties?")
SIGNING_SECRET = "scale-out-signing-secret"


@pytest.fixture(scope="module", params=["embedded", "server"])
def mode_settings(request: pytest.FixtureRequest) -> Settings:
    """The same tests once over the embedded store and once over the Chroma server."""
    name = "ingested_settings" if request.param == "embedded" else "server_settings"
    settings: Settings = request.getfixturevalue(name)
    return settings


@pytest.fixture(scope="module")
def mode_client(mode_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real app (create_app) with the real answerer over that store."""
    feedback = SqliteFeedbackStore(tmp_path_factory.mktemp("feedback") / "feedback.sqlite3")
    settings = unthrottled(mode_settings)
    with TestClient(create_app(settings, answerer=build_answerer(settings), feedback=feedback)) as client:
        yield client


def unthrottled(settings: Settings) -> Settings:
    """The settings without the per-client rate limit: every test request comes from one client."""
    return settings.model_copy(update={"rate_limit_per_minute": 0})


def cited_actions(response: httpx.Response) -> list[str]:
    """The cited action ids of an /api/ask response, sorted (as the baseline records them)."""
    assert response.status_code == 200, response.text
    return sorted(c["id"] for c in response.json()["citations"] if c["kind"] == "action")


@pytest.mark.chroma_server
def test_the_api_answers_the_same_over_either_store(mode_client: TestClient, answerer: Answerer) -> None:
    # The yardstick is the committed baseline, not a run of the same answerer a moment earlier.
    assert EXPECTED["Welke acties trekt VMM?"] == ["BW 1.6", "BW 2.2", "BW 2.3", "KP 1.1", "KP 1.3"]
    assert mode_client.get("/readyz").status_code == 200
    for question in QUESTIONS:
        response = mode_client.post("/api/ask", json={"question": question})
        assert cited_actions(response) == EXPECTED[question], question


@pytest.mark.chroma_server
def test_follow_ups_feedback_and_actions_over_either_store(mode_client: TestClient) -> None:
    first = mode_client.post("/api/ask", json={"question": FOLLOW_UP[0]}).json()
    follow = mode_client.post(
        "/api/ask", json={"question": FOLLOW_UP[1], "conversation_id": first["conversation_id"]}
    ).json()
    first_ids = {c["id"] for c in first["citations"]}
    follow_ids = {c["id"] for c in follow["citations"]}
    assert len(first_ids) == 12 and follow_ids and follow_ids < first_ids
    stored = mode_client.post("/api/feedback", json={"message_id": follow["message_id"], "rating": "down"})
    assert stored.status_code == 201, stored.text
    listed = mode_client.get("/api/actions", params={"org": "VMM"}).json()
    assert {a["id"] for a in listed} == first_ids
    assert mode_client.get("/api/actions/kp1.3").json()["id"] == "KP 1.3"


# ---- real processes (slow: two `actieplan serve` start and load the index, about 30 s in all) -------------


def slack_event(event_id: str, event: dict[str, object]) -> tuple[str, dict[str, str]]:
    """A signed Slack Events API request body and its headers."""
    body = json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
    )
    return body, {"Content-Type": "application/json", **signed_headers(SIGNING_SECRET, body)}


def post_all(url: str, requests: list[tuple[str, dict[str, str]]]) -> list[int]:
    """POST all at once, each on its own connection, so the workers' shares overlap in time."""
    statuses: list[int] = []

    def send(body: str, headers: dict[str, str]) -> None:
        statuses.append(httpx.post(url, content=body, headers=headers, timeout=30).status_code)

    threads = [threading.Thread(target=send, args=request) for request in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlackApi]:
    """A fake Slack Web API on loopback for host A's replies."""
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture(scope="module")
def two_hosts(
    server_settings: Settings, fake_slack: FakeSlackApi, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServeProcess, ServeProcess]]:
    """Host A: `serve --workers 2` with Slack; host B: one more `serve` with its own data dir; one Chroma server."""
    chroma = (server_settings.chroma_host or "127.0.0.1", server_settings.chroma_port)
    common = {"ACTIEPLAN_COLLECTION_PREFIX": server_settings.collection_prefix, "ACTIEPLAN_RELOAD_CHECK_S": "1"}
    env_a = service_env(
        server_settings.data_dir,
        chroma,
        SLACK_BOT_TOKEN="xoxb-scale-out",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        ACTIEPLAN_SLACK_API_URL=fake_slack.api_url,
        **common,
    )
    host_a = ServeProcess(env_a, free_port(), workers=2)
    host_b = ServeProcess(service_env(tmp_path_factory.mktemp("host-b"), chroma, **common), free_port())
    try:
        host_a.wait_ready()
        host_b.wait_ready()
        yield host_a, host_b
    finally:
        host_a.stop()
        host_b.stop()


@pytest.mark.chroma_server
def test_two_workers_and_a_second_host_answer_the_same(
    two_hosts: tuple[ServeProcess, ServeProcess], answerer: Answerer, server_settings: Settings
) -> None:
    host_a, host_b = two_hosts
    assert len(host_a.worker_pids()) == 2
    for question in QUESTIONS:
        for _ in range(2):  # fresh connections: both workers of host A get a share
            assert cited_actions(host_a.ask(question)) == EXPECTED[question], question
        assert cited_actions(host_b.ask(question)) == EXPECTED[question], question
    # Neither host keeps an index of its own: everything comes from the one server.
    assert not (server_settings.data_dir / "chroma").exists()
    assert not (Path(host_b.env["ACTIEPLAN_DATA_DIR"]) / "chroma").exists()


@pytest.mark.chroma_server
def test_follow_ups_work_across_processes_sharing_a_data_dir(
    two_hosts: tuple[ServeProcess, ServeProcess], server_settings: Settings
) -> None:
    host_a, _ = two_hosts
    # Many conversations on fresh connections: follow-ups land on either worker of host A.
    for _ in range(8):
        first = host_a.ask(FOLLOW_UP[0]).json()
        follow = host_a.ask(FOLLOW_UP[1], first["conversation_id"])
        assert set(cited(follow)) < {c["id"] for c in first["citations"]}
    # Deterministically in another process: an app of its own over host A's data dir picks up the thread.
    first = host_a.ask(FOLLOW_UP[0]).json()
    settings = unthrottled(server_settings)
    with TestClient(create_app(settings, answerer=build_answerer(settings))) as other:
        follow = other.post("/api/ask", json={"question": FOLLOW_UP[1], "conversation_id": first["conversation_id"]})
    assert set(cited(follow)) < {c["id"] for c in first["citations"]}


@pytest.mark.chroma_server
def test_slack_retries_and_thread_follow_ups_are_shared_by_the_workers(
    two_hosts: tuple[ServeProcess, ServeProcess], fake_slack: FakeSlackApi
) -> None:
    host_a, _ = two_hosts
    url = f"{host_a.url}/slack/events"
    ts = f"{int(time.time())}.000100"
    mention = {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@{BOT_USER_ID}> Welke acties betrekken VMM?",
        "ts": ts,
        "event_ts": ts,
        "channel": "C0001",
    }
    # Slack's first delivery and its retries, all at once on separate connections: one answer.
    assert post_all(url, [slack_event("EvScale1", mention) for _ in range(6)]) == [200] * 6
    fake_slack.wait_for("chat.postMessage", timeout=60)
    # Follow-ups in the thread: whichever worker gets one must know the thread from the mention.
    replies = []
    for n in range(4):
        reply_ts = f"{int(time.time())}.{n + 200:06d}"
        replies.append(
            slack_event(
                f"EvScaleF{n}",
                {
                    "type": "message",
                    "channel_type": "channel",
                    "user": "U0001",
                    "channel": "C0001",
                    "text": "En welke daarvan zijn sleutelacties?",
                    "ts": reply_ts,
                    "event_ts": reply_ts,
                    "thread_ts": ts,
                },
            )
        )
    assert post_all(url, replies) == [200] * 4
    fake_slack.wait_for("chat.postMessage", count=5, timeout=60)
    fake_slack.settle(quiet=1.5, timeout=30)
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("thread_ts") == ts]
    assert len(posts) == 5, [p.body.get("text", "")[:80] for p in posts]


@pytest.mark.chroma_server
def test_a_killed_worker_is_replaced_and_the_host_keeps_answering(
    two_hosts: tuple[ServeProcess, ServeProcess], answerer: Answerer
) -> None:
    host_a, _ = two_hosts
    expected = EXPECTED["Welke acties trekt VMM?"]
    victim, survivor = host_a.worker_pids()
    os.kill(victim, signal.SIGKILL)
    # The other worker answers meanwhile; uvicorn's supervisor starts a replacement.
    assert cited_actions(host_a.ask("Welke acties trekt VMM?")) == expected
    replaced = wait_until(lambda: len(set(host_a.worker_pids()) - {victim}) == 2, 60, "a new worker")
    ready = wait_until(
        lambda: all(cited_actions(host_a.ask("Welke acties trekt VMM?")) == expected for _ in range(6)),
        60,
        "the new worker answers",
    )
    print(f"\n[worker] replaced after {replaced:.1f} s, all answering {ready:.1f} s later")
    assert survivor in host_a.worker_pids()
