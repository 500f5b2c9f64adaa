"""The live index and the Chroma circuit: no request waits for another's call to Chroma, and a remembered
outage fails at once. Work is counted (calls to Chroma in flight), never timed."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from assistant.index import LiveIndex
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from ingest.circuit import Circuit
from ingest.store import IndexStore

# Only a guard against a hang: these tests count calls, they never assert how long anything took.
HANG_GUARD_S = 60


class StallingStore(IndexStore):
    """The real store, whose pointer reads can be made to hang (like a stopped Chroma) until released."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.hanging = False
        self.release = threading.Event()
        self.in_flight = 0
        self.calls = 0
        self._count = threading.Lock()
        self.entered = threading.Event()

    def pointer(self, name: str) -> str | None:
        """The pointer, or (while hanging) a call that blocks until released and then fails like a timeout."""
        if not self.hanging:
            return super().pointer(name)
        with self._count:
            self.calls += 1
            self.in_flight += 1
        self.entered.set()
        self.release.wait(HANG_GUARD_S)
        with self._count:
            self.in_flight -= 1
        raise StoreUnavailable("Chroma niet bereikbaar: ReadTimeout")


def in_threads(count: int, call: Callable[[], Any]) -> list[Any]:
    """Run `call` in `count` threads at once; each one's result or exception."""
    results: list[Any] = [None] * count
    start = threading.Barrier(count)

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = call()
        except Exception as exc:
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(HANG_GUARD_S)
        assert not thread.is_alive(), "a call hung"
    return results


@pytest.fixture
def stalling(ingested_settings: Settings) -> StallingStore:
    return StallingStore(ingested_settings)


def test_requests_go_on_with_the_loaded_version_while_one_checks_the_pointer(stalling: StallingStore) -> None:
    live = LiveIndex(stalling.settings, store=stalling)  # reload_check_s=0: every call wants to check
    loaded = live.current()
    stalling.hanging = True
    checker = threading.Thread(target=live.current)
    checker.start()
    assert stalling.entered.wait(HANG_GUARD_S)
    try:
        # The checker is stuck in Chroma; 20 more requests must not queue behind it.
        results = in_threads(20, live.current)
        assert all(result is loaded for result in results), results
        assert stalling.calls == 1, "one call to Chroma in flight, not one per request"
    finally:
        stalling.release.set()
        checker.join(HANG_GUARD_S)
    # The checker itself also got the loaded version: the outage only left the pointer unchecked.
    assert live.current() is loaded


def test_the_first_load_is_done_once_and_its_error_shared(stalling: StallingStore) -> None:
    live = LiveIndex(stalling.settings, store=stalling)
    stalling.hanging = True
    results: list[Any] = []
    arrived = threading.Semaphore(0)

    def arrive_and_load() -> Any:
        arrived.release()
        return live.current()

    runner = threading.Thread(target=lambda: results.extend(in_threads(12, arrive_and_load)))
    runner.start()
    assert stalling.entered.wait(HANG_GUARD_S)
    # Released only once every request has arrived: on a loaded machine a thread that starts after the leader
    # failed is a new request, not one that waited.
    for _ in range(12):
        assert arrived.acquire(timeout=HANG_GUARD_S)
    stalling.release.set()
    runner.join(HANG_GUARD_S)
    assert len(results) == 12 and all(isinstance(r, StoreUnavailable) for r in results), results
    assert stalling.calls <= 2, "the waiting requests shared the leader's outcome instead of each trying"
    stalling.hanging = False
    assert live.current().version == stalling.pointer("live")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_circuit_fails_at_once_after_an_outage_and_lets_one_caller_try_again() -> None:
    clock = Clock()
    circuit = Circuit(retry_s=5, probe_s=3, clock=clock)
    circuit.admit()  # closed: passes
    circuit.failed("ReadTimeout")
    assert circuit.is_open
    with pytest.raises(StoreUnavailable, match="ReadTimeout"):
        circuit.admit()
    clock.now += 5
    circuit.admit()  # the one that tries again
    with pytest.raises(StoreUnavailable):
        circuit.admit()  # the others keep failing at once meanwhile
    clock.now += 3
    circuit.admit()  # the first try took too long: the next one goes
    circuit.succeeded()
    assert not circuit.is_open
    circuit.admit()
    circuit.admit()


def test_a_remembered_outage_fails_every_store_call_at_once(ingested_settings: Settings) -> None:
    store = IndexStore(ingested_settings)
    version = store.pointer("live")
    assert version is not None
    store.circuit.failed("ReadTimeout")
    calls = [
        lambda: store.pointer("live"),
        store.heartbeat,
        lambda: store.collection(version),
        lambda: store.guarded(store.collection(version)).query(query_embeddings=[[0.0] * 384], n_results=1),
    ]
    for call in calls:
        with pytest.raises(StoreUnavailable, match="onthouden"):
            call()
    assert not store.reachable
    store.circuit.succeeded()
    assert store.pointer("live") == version and store.reachable
