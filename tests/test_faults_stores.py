"""The data dir's SQLite stores under several worker processes, kills and restarts; Chroma errors map to 503."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from foundation.errors import IndexNotReady, StoreUnavailable
from foundation.settings import Settings
from ingest.store import IndexStore, is_outage
from integrations.slack.dedupe import SharedTtlSet
from integrations.slack.gate import EventGate
from tests.conftest import free_port
from tests.support.chroma_server import ROOT, chroma_from_env, wait_until

PROCESSES, WRITES = 4, 200

# Each worker says "ready" and waits for a line on stdin, so all of them write at the same time.
FEEDBACK_WORKER = """
import sys
from pathlib import Path
from assistant.answer_models import Answer
from assistant.stores.feedback import SqliteFeedbackStore
db, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = SqliteFeedbackStore(db)
print('ready', flush=True)
sys.stdin.readline()
for n in range(count):
    answer = Answer(answer="VMM trekt KP 1.3.", citations=[], route="lookup", conversation_id=name,
                    message_id=f"{name}-{n}")
    store.record_answer(answer, f"vraag {n}", "api")
    store.add_feedback(answer.message_id, "up" if n % 2 else "down", comment=f"{name} {n}", channel="web")
    print(n, flush=True)
"""

CONVERSATION_WORKER = """
import sys
from pathlib import Path
from assistant.stores.conversations import SqliteConversationStore, Turn
db, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
store = SqliteConversationStore(db)
print('ready', flush=True)
sys.stdin.readline()
for n in range(count):
    store.save(f"{name}-{n}", Turn(question=f"vraag {n}", route="structured", result_ids=["KP 1.3", name]))
"""

CLAIM_WORKER = """
import sys, time
from pathlib import Path
from integrations.slack.dedupe import SharedTtlSet
db, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
seen = SharedTtlSet(db, ttl_s=900)
print('ready', flush=True)
sys.stdin.readline()
won = []
# Half the workers from the first event, half from the last; a pause, as events arrive over time.
for n in range(count) if int(name[-1]) % 2 else reversed(range(count)):
    if seen.claim([("event", f"Ev{n}"), ("message", "C1", f"{n}.0")]):
        won.append(n)
    time.sleep(0.001)
print(" ".join(map(str, won)))
"""


def start_worker(code: str, db: Path, name: str, count: int) -> subprocess.Popen[str]:
    """One worker process running `code`, once it said "ready"."""
    worker = subprocess.Popen(
        [sys.executable, "-c", code, str(db), name, str(count)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None and worker.stdout.readline() == "ready\n", worker.communicate()[1][-2000:]
    return worker


def run_workers(code: str, db: Path, count: int = WRITES) -> list[subprocess.Popen[str]]:
    """Start PROCESSES workers running `code`, then let them all go at once."""
    workers = [start_worker(code, db, f"w{n}", count) for n in range(PROCESSES)]
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    return workers


def outputs(workers: list[subprocess.Popen[str]]) -> list[str]:
    """Each worker's stdout, after checking it exited cleanly."""
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)  # closes stdin; the workers already got their "go"
        assert worker.returncode == 0, err[-2000:]
        results.append(out)
    return results


def test_feedback_survives_concurrent_workers_a_killed_writer_and_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "feedback.sqlite3"
    outputs(run_workers(FEEDBACK_WORKER, db))
    # A writer killed mid-way loses at most the write in flight: the database stays whole.
    killed = start_worker(FEEDBACK_WORKER, db, "killed", 5000)
    assert killed.stdin is not None and killed.stdout is not None
    killed.stdin.write("go\n")
    killed.stdin.flush()
    for _ in range(50):  # 50 answers with their feedback
        killed.stdout.readline()
    killed.send_signal(signal.SIGKILL)
    killed.wait(10)
    # "Restart": a fresh process reads what the others wrote.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, json; from pathlib import Path; from assistant.stores.feedback import SqliteFeedbackStore; "
            "print(json.dumps([f['message_id'] for f in SqliteFeedbackStore(Path(sys.argv[1])).feedback()]))",
            str(db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    ids = json.loads(check.stdout)
    written = [i for i in ids if not i.startswith("killed-")]
    assert len(written) == len(set(written)) == PROCESSES * WRITES
    assert len([i for i in ids if i.startswith("killed-")]) >= 50
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = "SELECT COUNT(*) FROM feedback f LEFT JOIN answers a USING (message_id) WHERE a.message_id IS NULL"
        assert conn.execute(orphans).fetchone() == (0,)


def test_conversations_written_by_several_processes_are_read_by_another(tmp_path: Path) -> None:
    from assistant.stores.conversations import SqliteConversationStore

    db = tmp_path / "conversations.sqlite3"
    outputs(run_workers(CONVERSATION_WORKER, db))
    store = SqliteConversationStore(db)
    for name in (f"w{n}" for n in range(PROCESSES)):
        for n in (0, WRITES - 1):
            turn = store.last(f"{name}-{n}")
            assert turn is not None and turn.result_ids == ["KP 1.3", name]


def test_slack_events_are_claimed_once_across_processes(tmp_path: Path) -> None:
    db = tmp_path / "slack.sqlite3"
    won = [[int(n) for n in out.split()] for out in outputs(run_workers(CLAIM_WORKER, db))]
    claimed = [n for part in won for n in part]
    assert sorted(claimed) == list(range(WRITES)), "every event answered exactly once"
    assert sum(1 for part in won if part) >= 2, "the workers really competed"


def test_shared_ttl_set_keeps_the_ttl_set_interface(tmp_path: Path) -> None:
    now = [1000.0]
    seen = SharedTtlSet(tmp_path / "s.sqlite3", ttl_s=10, clock=lambda: now[0])
    other = SharedTtlSet(tmp_path / "s.sqlite3", ttl_s=10, clock=lambda: now[0])  # another worker
    assert seen.claim(["a"]) and not other.claim(["a"]) and not other.claim(["b", "a"])
    assert "b" not in seen, "a refused claim remembers nothing"
    other.add(("C1", "1.0"))
    assert ("C1", "1.0") in seen and len(seen) == 2
    now[0] += 11
    assert "a" not in seen and len(seen) == 0 and other.claim(["a"])
    threads = SharedTtlSet(tmp_path / "s.sqlite3", ttl_s=10, namespace="threads", clock=lambda: now[0])
    assert "a" not in threads, "namespaces are apart"


def test_shared_ttl_set_falls_back_to_the_process_when_sqlite_fails(tmp_path: Path) -> None:
    seen = SharedTtlSet(tmp_path / "s.sqlite3", ttl_s=60)
    seen._db().close()  # as if the file became unusable
    assert seen.claim(["x"]) and not seen.claim(["x"]) and "x" in seen


def test_event_gates_of_two_workers_answer_a_retry_once(tmp_path: Path) -> None:
    def gate() -> EventGate:
        db = tmp_path / "slack.sqlite3"
        return EventGate(threads=SharedTtlSet(db, 3600, "threads"), seen=SharedTtlSet(db, 900, "events"))

    first, second = gate(), gate()
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1.0", "text": "<@UBOT> hoi"}
    assert first.drop_reason({"event_id": "Ev1", "event": mention}, mention, "UBOT", "BBOT") is None
    assert second.drop_reason({"event_id": "Ev1", "event": mention}, mention, "UBOT", "BBOT") == "duplicate"
    follow = {
        "type": "message",
        "channel": "C1",
        "channel_type": "channel",
        "user": "U1",
        "ts": "2.0",
        "thread_ts": "1.0",
        "text": "en de sleutelacties?",
    }
    assert second.drop_reason({"event_id": "Ev2", "event": follow}, follow, "UBOT", "BBOT") is None


# ---- Chroma failures are 503, never 500 --------------------------------------------------------------


def test_outage_errors_are_told_apart_from_missing_things() -> None:
    from chromadb.errors import InternalError, NotFoundError

    request = httpx.Request("GET", "http://127.0.0.1/")
    assert is_outage(httpx.ConnectError("refused")) and is_outage(httpx.ReadTimeout("slow"))
    assert is_outage(httpx.HTTPStatusError("boom", request=request, response=httpx.Response(502, request=request)))
    assert is_outage(InternalError("boom")) and not is_outage(NotFoundError("gone"))
    assert not is_outage(ValueError("no"))


def test_every_store_call_on_a_dead_server_is_store_unavailable(tmp_path: Path) -> None:
    store = IndexStore(Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port()))
    calls = [
        store.heartbeat,
        lambda: store.pointer("live"),
        lambda: store.set_pointer("live", "v"),
        lambda: store.is_complete("v"),
        lambda: store.load_records("v"),
        store.versions,
        lambda: store.collection("v"),
        store.prune,
        lambda: store.known_vectors("v"),
    ]
    for call in calls:
        with pytest.raises(StoreUnavailable):
            call()


@pytest.mark.chroma_server
def test_a_missing_collection_is_not_ready_and_a_lost_connection_is_unavailable(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    host, port = chroma_from_env() or request.getfixturevalue("chroma_server")
    # No remembered outage here (chroma_retry_s=0): the next call may reconnect at once (test_live_index.py
    # covers the circuit itself).
    settings = Settings(
        data_dir=tmp_path, chroma_host=host, chroma_port=port, collection_prefix="gone", chroma_retry_s=0
    )
    store = IndexStore(settings)
    with pytest.raises(IndexNotReady):
        store.collection("nothere")
    assert store.known_vectors("nothere") == {}
    store._client.get_collection = lambda *a, **k: (_ for _ in ()).throw(httpx.ConnectError("reset"))
    with pytest.raises(StoreUnavailable):
        store.collection("nothere")
    assert store._client is None, "the client is dropped, so the next call connects afresh"
    wait_until(lambda: store.pointer("live") is None, 5, "reconnect")
