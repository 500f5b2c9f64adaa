"""Two hosts on one PostgreSQL and one Chroma server, as real `actieplan serve` processes with their own data
dirs: follow-ups, Slack retries and feedback cross hosts; PostgreSQL stopped and restarted under load.

The PostgreSQL here is a cluster of this module's own (the fault test stops and starts it); the Chroma server is
CI's (ACTIEPLAN_TEST_CHROMA_URL) or the session's.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from assistant.stores.postgres.migrations import migrate
from foundation.settings import Settings
from tests.conftest import free_port
from tests.support.chroma_server import ACTIEPLAN, ROOT, ServeProcess, cited, service_env, status_of, wait_until
from tests.support.fake_slack_api import BOT_USER_ID, FakeSlackApi
from tests.support.postgres_server import PostgresCluster, binary
from tests.test_scale_out import FOLLOW_UP, SIGNING_SECRET, post_all, slack_event

pytestmark = [pytest.mark.postgres, pytest.mark.chroma_server]


@pytest.fixture(scope="module")
def cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL of this module's own, with the schema applied."""
    if binary("initdb") is None:
        pytest.skip("PostgreSQL ontbreekt (apt-get install postgresql)")
    cluster = PostgresCluster(free_port())
    try:
        cluster.start()
        migrate(Settings(database_url=cluster.url))
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture(scope="module")
def fake_slack() -> Iterator[FakeSlackApi]:
    """A fake Slack Web API on loopback, for both hosts' replies."""
    with FakeSlackApi() as fake:
        yield fake


@pytest.fixture(scope="module")
def hosts(
    cluster: PostgresCluster,
    server_settings: Settings,
    fake_slack: FakeSlackApi,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[ServeProcess, ServeProcess]]:
    """Hosts A and B: `actieplan serve` each, own data dirs, Slack on both, one database and one Chroma server."""
    chroma = (server_settings.chroma_host or "127.0.0.1", server_settings.chroma_port)
    common = {
        "ACTIEPLAN_COLLECTION_PREFIX": server_settings.collection_prefix,
        "ACTIEPLAN_DATABASE_URL": cluster.url,
        "ACTIEPLAN_DATABASE_TIMEOUT_S": "1",
        "ACTIEPLAN_DATABASE_RETRY_S": "1",
        "SLACK_BOT_TOKEN": "xoxb-two-hosts",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "ACTIEPLAN_SLACK_API_URL": fake_slack.api_url,
    }
    started = [
        ServeProcess(service_env(tmp_path_factory.mktemp(f"host-{name}"), chroma, **common), free_port())
        for name in ("a", "b")
    ]
    try:
        for host in started:
            host.wait_ready()
        yield started[0], started[1]
    finally:
        for host in started:
            host.stop()


def feedback_rows(url: str) -> list[tuple[int, str, str, str | None]]:
    """(id, message_id, rating, comment) of every rating in the database, read directly."""
    with psycopg.connect(url) as conn:
        return [tuple(row) for row in conn.execute("SELECT id, message_id, rating, comment FROM feedback")]  # type: ignore[misc]


def test_a_follow_up_on_host_b_resolves_against_the_question_on_host_a(
    hosts: tuple[ServeProcess, ServeProcess],
) -> None:
    host_a, host_b = hosts
    first = host_a.ask(FOLLOW_UP[0]).json()
    follow = host_b.ask(FOLLOW_UP[1], first["conversation_id"])
    first_ids = {c["id"] for c in first["citations"]}
    assert follow.json()["conversation_id"] == first["conversation_id"], "B knows A's conversation"
    assert set(cited(follow)) < first_ids
    # And back: the conversation goes on on A from B's turn.
    again = host_a.ask("En welke daarvan lopen al?", first["conversation_id"])
    assert again.json()["conversation_id"] == first["conversation_id"]


def test_a_slack_event_delivered_to_a_and_retried_to_b_is_answered_once(
    hosts: tuple[ServeProcess, ServeProcess], fake_slack: FakeSlackApi
) -> None:
    host_a, host_b = hosts
    ts = f"{int(time.time())}.000300"
    mention = {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@{BOT_USER_ID}> Welke acties trekt VMM?",
        "ts": ts,
        "event_ts": ts,
        "channel": "C0002",
    }
    body, headers = slack_event("EvTwoHosts1", mention)
    retry = {**headers, "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    # The delivery to A and Slack's retries to B (and A again), all at once.
    statuses = post_all(f"{host_a.url}/slack/events", [(body, headers), (body, retry)])
    statuses += post_all(f"{host_b.url}/slack/events", [(body, retry), (body, retry)])
    assert statuses == [200] * 4
    fake_slack.wait_for("chat.postMessage", timeout=60)
    fake_slack.settle(quiet=1.5, timeout=30)
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if c.body.get("thread_ts") == ts]
    assert len(posts) == 1, [p.body.get("text", "")[:80] for p in posts]


def test_feedback_given_on_both_hosts_is_exported_once_complete(
    hosts: tuple[ServeProcess, ServeProcess], cluster: PostgresCluster, tmp_path: Path
) -> None:
    host_a, host_b = hosts
    on_a = host_a.ask("Wat doet het plan rond PFAS?").json()
    on_b = host_b.ask("Welke acties trekt De Watergroep?").json()
    # Each answer is rated on the other host (a load balancer sends the click anywhere).
    rated_b = httpx.post(f"{host_b.url}/api/feedback", json={"message_id": on_a["message_id"], "rating": "down"})
    rated_a = httpx.post(f"{host_a.url}/api/feedback", json={"message_id": on_b["message_id"], "rating": "down"})
    assert rated_a.status_code == rated_b.status_code == 201
    comment = {"message_id": on_a["message_id"], "comment": "mist de PFAS-acties van VMM"}
    assert httpx.patch(f"{host_a.url}/api/feedback/{rated_b.json()['id']}", json=comment).status_code == 200
    out = tmp_path / "kandidaten.jsonl"
    env = service_env(tmp_path, ACTIEPLAN_DATABASE_URL=cluster.url)
    subprocess.run(
        [str(ACTIEPLAN), "feedback", "export", "--out", str(out)], env=env, cwd=ROOT, check=True, timeout=120
    )
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    mine = [
        c for c in exported if c["question"] in ("Wat doet het plan rond PFAS?", "Welke acties trekt De Watergroep?")
    ]
    assert sorted(c["question"] for c in mine) == ["Wat doet het plan rond PFAS?", "Welke acties trekt De Watergroep?"]
    assert any("mist de PFAS-acties van VMM" in c["note"] for c in mine)


# ---- PostgreSQL stopped and restarted under load --------------------------------------------------------------


@dataclass(frozen=True)
class Rated:
    """One round of a load client: the question's status, the rating's status and what the rating stored."""

    phase: str
    asked: int
    rated: int | None
    message_id: str | None
    feedback_id: int | None


class Load:
    """Bounded load on both hosts from a few threads: ask on one host, rate the answer on the other."""

    def __init__(self, hosts: tuple[ServeProcess, ServeProcess], clients: int = 4, rounds: int = 300) -> None:
        self.hosts, self.clients, self.rounds = hosts, clients, rounds
        self.phase = "before"
        self.results: list[Rated] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(clients)]

    def _client(self, n: int) -> None:
        questions = ("Welke acties trekt VMM?", "Welke acties lopen in 2026?", "Wie trekt KP 1.3?")
        for i in range(self.rounds):
            if self._stop.is_set():
                return
            phase, asking, rating = self.phase, self.hosts[(n + i) % 2], self.hosts[(n + i + 1) % 2]
            answer = httpx.post(f"{asking.url}/api/ask", json={"question": questions[i % 3]}, timeout=60)
            rated = message_id = feedback_id = None
            if answer.status_code == 200:
                message_id = answer.json()["message_id"]
                body = {"message_id": message_id, "rating": "up" if i % 2 else "down"}
                response = httpx.post(f"{rating.url}/api/feedback", json=body, timeout=60)
                rated = response.status_code
                feedback_id = response.json().get("id") if rated == 201 else None
            # A round the phase changed during (the database stopping mid-round) belongs to neither phase.
            label = phase if phase == self.phase else f"{phase}->{self.phase}"
            with self._lock:
                self.results.append(Rated(label, answer.status_code, rated, message_id, feedback_id))

    def count(self, phase: str, rated: int) -> int:
        """Rounds of a phase whose rating got this status."""
        with self._lock:
            return sum(1 for r in self.results if r.phase == phase and r.rated == rated)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(120)


def test_postgres_stopped_and_restarted_under_load(
    hosts: tuple[ServeProcess, ServeProcess], cluster: PostgresCluster
) -> None:
    before = {row[0] for row in feedback_rows(cluster.url)}
    with Load(hosts) as load:
        wait_until(lambda: load.count("before", 201) >= 8, 120, "ratings stored before the outage")
        # The phase changes before the stop: a round that starts while the database is stopping is not "before".
        load.phase = "during"
        cluster.stop()
        wait_until(lambda: load.count("during", 503) >= 6, 120, "ratings refused during the outage")
        for host in hosts:
            ready = httpx.get(f"{host.url}/readyz", timeout=30)
            assert ready.status_code == 200 and ready.json()["status"] == "degraded", ready.text
            assert "database" in ready.json()["message"]
        cluster.start()
        load.phase = "after"
        # Recovery without a restart: ratings are stored again on both hosts (bounded by the wait, not timed).
        wait_until(lambda: load.count("after", 201) >= 8, 120, "ratings stored after the restart")
    results = load.results
    assert {r.asked for r in results} == {200}, "every question answered, also while the database was away"
    assert {r.rated for r in results} <= {201, 503, 404}, "no 500s"
    # A 404: the answer was given while the database was away, so it could not be recorded for rating.
    assert all(r.phase != "before" for r in results if r.rated == 404)
    stored = {row[0]: row[1] for row in feedback_rows(cluster.url) if row[0] not in before}
    acknowledged = {r.feedback_id: r.message_id for r in results if r.rated == 201}
    assert acknowledged.items() <= stored.items(), "every rating that got a 201 is in the database"
    for host in hosts:
        wait_until(lambda h=host: status_of(f"{h.url}/readyz") == 200, 30, "ready")  # type: ignore[misc]
        assert httpx.get(f"{host.url}/readyz", timeout=30).json()["status"] == "ready"
    # Follow-ups cross hosts again.
    first = hosts[0].ask(FOLLOW_UP[0]).json()
    follow = hosts[1].ask(FOLLOW_UP[1], first["conversation_id"])
    assert set(cited(follow)) < {c["id"] for c in first["citations"]}
