"""Faults with real processes: Chroma stopped, hung and restarted under a serving `actieplan serve`; an ingest
killed halfway (server and embedded). Slow: one ingest, one service, two full re-ingests; about 90 s in all.

Run with `-s` to see the measured recovery and ingest times (docs/operations.md quotes them).
"""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from foundation.errors import StoreUnavailable
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.ingest_lock import IngestLock
from ingest.pipeline import run_ingest
from ingest.store import IndexStore
from ingest.versions import promote
from tests.conftest import free_port
from tests.support.chroma_server import (
    ACTIEPLAN,
    ROOT,
    ChromaProcess,
    Outcome,
    ServeProcess,
    cited,
    concurrent_wave,
    service_env,
    status_of,
    wait_until,
)
from tests.support.dates import TODAY

pytestmark = pytest.mark.chroma_server

SEMANTIC, STRUCTURED = "Wat doet het plan rond PFAS?", "Welke acties trekt VMM?"
UNAVAILABLE = StoreUnavailable.user_message


@dataclass
class Faulty:
    """A Chroma server of our own (to stop and start), the bundled plan in it, and a 2-worker service over it."""

    chroma: ChromaProcess
    settings: Settings
    service: ServeProcess
    expected: dict[str, list[str]]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faulty]:
    root = tmp_path_factory.mktemp("faults")
    chroma = ChromaProcess(root / "chroma", free_port())
    chroma.start()
    settings = Settings(
        data_dir=root / "var",
        chroma_host="127.0.0.1",
        chroma_port=chroma.port,
        collection_prefix="faults",
        chroma_timeout_s=2.0,
    )
    service = None
    try:
        run_ingest(settings, BUNDLED_PLAN)
        env = service_env(
            settings.data_dir,
            chroma.address,
            ACTIEPLAN_COLLECTION_PREFIX="faults",
            ACTIEPLAN_RELOAD_CHECK_S="1",
            ACTIEPLAN_CHROMA_TIMEOUT_S="2",
        )
        service = ServeProcess(env, free_port(), workers=2)
        service.wait_ready()
        expected = {q: cited(service.ask(q)) for q in (SEMANTIC, STRUCTURED)}
        yield Faulty(chroma, settings, service, expected)
    finally:
        if service is not None:
            service.stop()
        chroma.stop()


def all_degraded(service: ServeProcess, tries: int = 4) -> bool:
    """True when every worker's /readyz says "degraded" (Chroma away, the loaded records still answering)."""
    for _ in range(tries):
        response = httpx.get(f"{service.url}/readyz", timeout=30)
        if response.status_code != 200 or response.json()["status"] != "degraded":
            return False
    return True


def all_ready(service: ServeProcess, tries: int = 4) -> bool:
    """True when /readyz says "ready" several times in a row (so on every worker)."""
    return all(ready_now(service) for _ in range(tries))


def test_chroma_stopped_gives_503_to_searches_answers_lists_from_memory_and_recovers(faulty: Faulty) -> None:
    service = faulty.service
    faulty.chroma.stop()
    response = service.ask(SEMANTIC)
    assert response.status_code == 503 and response.json()["error"]["message"] == UNAVAILABLE
    wait_until(lambda: all_degraded(service), 30, "/readyz degraded")
    # Lists, action cards and /api/actions need only the records every worker holds in memory.
    for _ in range(4):
        assert cited(service.ask(STRUCTURED)) == faulty.expected[STRUCTURED]
        assert httpx.get(f"{service.url}/api/actions/KP%201.3", timeout=30).json()["id"] == "KP 1.3"
    assert status_of(f"{service.url}/healthz") == 200, "alive"

    restarted = time.monotonic()
    chroma_up = faulty.chroma.start()
    recovery = wait_until(lambda: all_ready(service), 60, "recovery", 0.05)
    total = time.monotonic() - restarted
    print(f"\n[recovery] chroma up {chroma_up:.2f} s; service ready {recovery:.2f} s later; total {total:.2f} s")
    for question, ids in faulty.expected.items():
        assert cited(service.ask(question)) == ids


def test_a_hung_chroma_gives_503_to_searches_and_recovers(faulty: Faulty) -> None:
    service = faulty.service
    faulty.chroma.pause(True)
    try:
        response = service.ask(SEMANTIC)
        assert response.status_code == 503 and response.json()["error"]["message"] == UNAVAILABLE
        # Not status_of: a failure should say whether the service hung (ReadTimeout) or dropped the request.
        wait_until(lambda: all_degraded(service), 60, "/readyz degraded")
        assert cited(service.ask(STRUCTURED)) == faulty.expected[STRUCTURED]
    finally:
        faulty.chroma.pause(False)
    recovery = wait_until(lambda: all_ready(service), 60, "recovery after a hang", 0.05)
    print(f"\n[hang] ready {recovery:.2f} s after the server resumed")
    # /readyz may have reached one worker only; another recovers when its circuit's retry time is over. Fresh
    # connections land on either worker, so several right answers in a row stand for every worker.

    def searches_answer_everywhere() -> bool:
        responses = [service.ask(SEMANTIC) for _ in range(6)]
        return all(r.status_code == 200 and cited(r) == faulty.expected[SEMANTIC] for r in responses)

    wait_until(searches_answer_everywhere, 60, "searches answered on every worker")


def hung_wave(faulty: Faulty, service: ServeProcess, count: int) -> tuple[list[Outcome], httpx.Response]:
    """Freeze Chroma, send `count` requests at once and ask /readyz; thaw it and wait until the service is ready."""
    faulty.chroma.pause(True)
    try:
        # A client timeout far beyond any sensible wait: the test must see how long the service takes.
        outcomes = concurrent_wave(service.url, count, client_timeout_s=300)
        ready = httpx.get(f"{service.url}/readyz", timeout=300)
    finally:
        faulty.chroma.pause(False)
    wait_until(lambda: ready_now(service), 60, "recovery after the wave")
    return outcomes, ready


def ready_now(service: ServeProcess) -> bool:
    """True when /readyz says the service is fully ready (Chroma reachable)."""
    try:
        response = httpx.get(f"{service.url}/readyz", timeout=10)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json().get("status") == "ready"


def test_a_hung_chroma_answers_concurrent_requests_side_by_side(faulty: Faulty) -> None:
    # One worker, and the live pointer checked on every request: the case where one request holding a lock
    # across Chroma's timeout would make every other request wait its turn.
    env = {**faulty.service.env, "ACTIEPLAN_RELOAD_CHECK_S": "0"}
    service = ServeProcess(env, free_port(), workers=1)
    try:
        service.wait_ready()
        waves = {count: hung_wave(faulty, service, count) for count in (4, 16)}
    finally:
        service.stop()
    last = {count: max(o.seconds for o in outcomes) for count, (outcomes, _) in waves.items()}
    for count, (outcomes, _) in waves.items():
        statuses = [(o.path, o.needs_chroma, o.status) for o in outcomes]
        print(f"\n[hung chroma] {count} concurrent requests: last answered after {last[count]:.2f} s; {statuses}")
    for outcomes, ready in waves.values():
        for outcome in outcomes:
            if outcome.needs_chroma:
                assert outcome.status == 503, outcome
                assert json.loads(outcome.body)["error"]["message"] == UNAVAILABLE
            else:
                assert outcome.status == 200, f"answered from memory while Chroma hangs: {outcome}"
        # Ready to answer what memory holds, and saying plainly what is missing.
        assert ready.status_code == 200 and ready.json()["status"] == "degraded", ready.text
        assert "Chroma" in ready.json()["message"]
    # Queued behind one another, 16 requests take four times as long as 4; side by side, about as long.
    assert last[16] < 2 * last[4], last


def edited_plan(folder: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A copy of the bundled plan with words replaced: a new version of the plan."""
    text = BUNDLED_PLAN.read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# Changes nearly every passage (the ingest is busy embedding for a while); the second touches about 20.
MOST = (" van ", " vanuit ")
FEW = ("innovatie", "vernieuwing")


def kill_ingest_halfway(env: dict[str, str], plan: Path, started: Callable[[], bool]) -> None:
    """Run `actieplan ingest --plan` and SIGKILL it as soon as `started()` sees its new collection."""
    process = subprocess.Popen(
        [str(ACTIEPLAN), "ingest", "--plan", str(plan)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def halfway() -> bool:
        assert process.poll() is None, "the ingest ended before it could be killed"
        return started()

    try:
        wait_until(halfway, 120, "the new collection", 0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    assert process.returncode == -signal.SIGKILL, "killed, not finished"


def versions_in(store: IndexStore) -> set[str]:
    """The versions that have a collection in the store."""
    marker = f"{store.prefix}_v_"
    names = (str(getattr(c, "name", c)) for c in store.client.list_collections())
    return {n.removeprefix(marker) for n in names if n.startswith(marker)}


def test_an_ingest_killed_halfway_leaves_the_service_answering(faulty: Faulty, tmp_path: Path) -> None:
    store, service = IndexStore(faulty.settings), faulty.service
    old = store.pointer("live")
    assert old is not None
    env = service.env
    kill_ingest_halfway(env, edited_plan(tmp_path, "a.txt", MOST), lambda: len(versions_in(store)) > 1)
    (half,) = versions_in(store) - {old}
    assert store.pointer("live") == old and not store.is_complete(half)
    for question, ids in faulty.expected.items():
        assert cited(service.ask(question)) == ids, "the previous version still serves"
    assert all_ready(service)

    # The same ingest again: builds that version afresh and switches to it.
    started = time.monotonic()
    subprocess.run(
        [str(ACTIEPLAN), "ingest", "--plan", str(tmp_path / "a.txt")],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    full = time.monotonic() - started
    # Another plan than the live one is staged, never live by ingest alone: promote switches.
    assert store.pointer("staged") == half and store.pointer("live") == old and store.is_complete(half)
    promote_cmd = [str(ACTIEPLAN), "promote", "--force"]
    subprocess.run(promote_cmd, env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert store.pointer("live") == half and store.pointer("previous") == old
    assert versions_in(store) == {old, half}
    # A small edit next: unchanged passages keep their vectors; the oldest version is pruned.
    started = time.monotonic()
    subprocess.run(
        [str(ACTIEPLAN), "ingest", "--plan", str(edited_plan(tmp_path, "b.txt", MOST, FEW))],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    small = time.monotonic() - started
    subprocess.run(promote_cmd, env=env, cwd=ROOT, check=True, capture_output=True, timeout=600)
    newest = store.pointer("live")
    assert newest not in (old, half) and store.pointer("previous") == half
    assert versions_in(store) == {half, newest}, "no orphans: only live and previous are kept"
    print(f"\n[ingest] changed plan, all passages embedded: {full:.1f} s; small edit: {small:.1f} s (CLI, total)")
    wait_until(lambda: all_ready(service) and service.ask(STRUCTURED).status_code == 200, 30, "the new version")


def test_two_ingests_at_once_the_second_says_plainly_that_another_runs(faulty: Faulty, tmp_path: Path) -> None:
    store, env = IndexStore(faulty.settings), faulty.service.env
    plan = edited_plan(tmp_path, "c.txt", FEW, ("water", "waters"))  # a new version: the first one embeds a while
    first = subprocess.Popen(
        [str(ACTIEPLAN), "ingest", "--plan", str(plan)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until(lambda: first.poll() is None and IngestLock(store).holder() is not None, 120, "the first's lock")
        second = subprocess.run(
            [str(ACTIEPLAN), "ingest", "--plan", str(edited_plan(tmp_path, "d.txt", FEW))],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        out, err = first.communicate(timeout=600)
    assert second.returncode == 2, second.stderr
    assert "Er loopt al een ingest op deze index" in second.stderr and "niet bereikbaar" not in second.stderr
    assert first.returncode == 0, err
    staged = store.pointer("staged")
    assert staged is not None and store.is_complete(staged) and staged in out
    assert IngestLock(store).holder() is None, "the lock is released"
    wait_until(lambda: all_ready(faulty.service), 60, "the service on the new version")


def test_an_embedded_ingest_killed_halfway_keeps_the_previous_version(
    ingested_settings: Settings, tmp_path: Path
) -> None:
    # A copy of the session's embedded index: no second full ingest needed.
    shutil.copytree(ingested_settings.data_dir, tmp_path / "var")
    settings = Settings(data_dir=tmp_path / "var", reload_check_s=0.0)
    db = settings.chroma_dir / "chroma.sqlite3"

    def collections() -> int:
        # Read-only look at the embedded database; a second Chroma client on it would not be safe.
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM collections WHERE name LIKE 'actieplan_v_%'").fetchone()[0])

    before = collections()
    kill_ingest_halfway(
        service_env(settings.data_dir), edited_plan(tmp_path, "a.txt", MOST), lambda: collections() > before
    )
    store = IndexStore(settings)
    old = store.pointer("live")
    assert old is not None and len(versions_in(store)) == before + 1
    from assistant.answerer import build_answerer

    assert len(build_answerer(settings).answer("Welke acties betrekken VMM?", today=TODAY).cited_ids) == 12
    report = run_ingest(settings, edited_plan(tmp_path, "b.txt", FEW))
    assert store.pointer("staged") == report.version and store.pointer("live") == old
    promote(settings, None, force=True)
    assert store.pointer("live") == report.version and store.pointer("previous") == old
    assert versions_in(store) == {old, report.version}, "the half-built collection is pruned"
