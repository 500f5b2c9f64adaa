"""Shared fixtures: a real ingest of the bundled plan into a temporary data dir, done once per session."""

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

import pytest
from hypothesis import settings as hypothesis_settings

from foundation.settings import BUNDLED_PLAN, Settings

ROOT = Path(__file__).resolve().parent.parent

# One "today" for every test: the surfaces (API, Slack, CLI) read it from ACTIEPLAN_TODAY, so no test depends on the
# day it runs (.ci/run proves it by running the suite again with the machine's clock moved). Tests about time
# itself pass other days explicitly (tests/support/dates.py).
os.environ["ACTIEPLAN_TODAY"] = "2026-12-07"

# Property tests: in CI (HYPOTHESIS_PROFILE=ci, set by .ci/run) the examples follow from each test's name, so a
# failure there fails the same way on every rerun and on a developer's machine with the same profile; elsewhere
# they vary per run, and a failure prints the blob that reproduces it. Never a deadline: no test times anything.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True, deadline=None)
hypothesis_settings.register_profile("dev", print_blob=True, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Markers whose tests must run here, not skip (comma-separated; .ci/run sets "browser"): on CI a skipped
# browser test would hide an untested web chat behind a green run.
REQUIRED_MARKERS = {m.strip() for m in os.environ.get("ACTIEPLAN_TEST_REQUIRE", "").split(",") if m.strip()}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Turn the skip of a required test into a failure that says why it skipped."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    required = REQUIRED_MARKERS & {marker.name for marker in item.iter_markers()}
    if report.skipped and required:
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{'/'.join(sorted(required))}-tests moeten hier draaien, maar werden overgeslagen: {reason}"


@pytest.fixture(scope="session")
def ingested_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose data dir holds a complete ingest of the bundled plan (embedded Chroma)."""
    from ingest.pipeline import run_ingest

    # `make test-mutation` ingests once and names the folder here: a copy serves every mutant's run.
    prepared = os.environ.get("ACTIEPLAN_TEST_INGESTED_DIR")
    if prepared:
        import shutil

        copy = tmp_path_factory.mktemp("data") / "var"
        shutil.copytree(prepared, copy)
        return Settings(data_dir=copy, reload_check_s=0.0)
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"), reload_check_s=0.0)
    run_ingest(settings, BUNDLED_PLAN)
    return settings


@pytest.fixture(scope="session")
def answerer(ingested_settings: Settings):  # type: ignore[no-untyped-def]
    """The real answerer over the session's ingested index."""
    from assistant.answerer import build_answerer

    return build_answerer(ingested_settings)


@pytest.fixture(scope="session")
def gold_run(answerer):  # type: ignore[no-untyped-def]
    """Every gold question answered by the real answerer (on the gold's day), once per session."""
    from evals.gold import load_gold
    from evals.runner import run_suite
    from evals.targets import in_process

    return run_suite(load_gold(), in_process(answerer), progress=False)


@pytest.fixture(scope="session")
def hand_reading() -> list[dict]:  # type: ignore[type-arg]
    """The independent, hand-made reading of the plan's 59 actions."""
    return json.loads((ROOT / "tests" / "fixtures" / "hand_reading.json").read_text(encoding="utf-8"))


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout_s: float = 60.0) -> None:
    """Wait until a URL answers (any status), or fail."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} answered not within {timeout_s} s")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` server on loopback for the session: CI's own (ACTIEPLAN_TEST_CHROMA_URL) or a new one."""
    from tests.support.chroma_server import chroma_from_env

    shared = chroma_from_env()
    if shared is not None:
        yield shared
        return
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    chroma = Path(sys.executable).with_name("chroma")
    log = (path / "server.log").open("w")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(path / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60)
        yield "127.0.0.1", port
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL for the session: CI's own (ACTIEPLAN_TEST_DATABASE_URL) or a throwaway cluster."""
    from tests.support.postgres_server import PostgresCluster, binary, postgres_from_env

    shared = postgres_from_env()
    if shared is not None:
        yield shared
        return
    if binary("initdb") is None:
        pytest.skip("PostgreSQL ontbreekt (apt-get install postgresql, of zet ACTIEPLAN_TEST_DATABASE_URL)")
    cluster = PostgresCluster(free_port())
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.remove()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL for one test."""
    from assistant.stores.postgres.database import close_databases
    from tests.support.postgres_server import fresh_database

    with fresh_database(postgres_server) as url:
        try:
            yield url
        finally:
            # The stores' pools would otherwise keep reconnecting to the dropped database.
            close_databases()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for the stores, once with SQLite in the data dir and once with PostgreSQL (migrated)."""
    if request.param == "sqlite":
        return Settings(data_dir=tmp_path)
    from assistant.stores.postgres.migrations import migrate

    settings = Settings(data_dir=tmp_path, database_url=request.getfixturevalue("postgres_url"))
    migrate(settings)
    return settings


@pytest.fixture(scope="session")
def chroma_address(request: pytest.FixtureRequest) -> tuple[str, int]:
    """The Chroma server of the server-mode tests: CI's (ACTIEPLAN_TEST_CHROMA_URL) or one of our own."""
    from tests.support.chroma_server import chroma_from_env

    return chroma_from_env() or request.getfixturevalue("chroma_server")


@pytest.fixture(scope="session")
def server_settings(chroma_address: tuple[str, int], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings of "host A": the bundled plan ingested into the Chroma server, under a prefix of its own (shared by
    the scale-out and the two-host PostgreSQL tests: one ingest per session)."""
    import uuid

    from ingest.pipeline import run_ingest
    from ingest.store import IndexStore

    host, port = chroma_address
    # A prefix per run: a developer's long-lived server may hold other runs' (or real) indexes.
    prefix = f"scale{uuid.uuid4().hex[:8]}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("host-a"),
        chroma_host=host,
        chroma_port=port,
        collection_prefix=prefix,
        reload_check_s=0.0,
    )
    run_ingest(settings, BUNDLED_PLAN)
    yield settings
    store = IndexStore(settings)
    for collection in store.client.list_collections():
        name = str(getattr(collection, "name", collection))
        if name.startswith(prefix):
            store.client.delete_collection(name)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium for one test module's pages."""
    from tests.support.browser import chromium

    with chromium(tmp_path_factory.mktemp("chromium")) as driver:
        yield driver


@pytest.fixture
def real_chat(ingested_settings: Settings, answerer: Any, tmp_path: Path) -> Iterator[Any]:
    """The web chat on a live server over the real answerer and the session's ingest of the plan."""
    from assistant.stores.feedback import SqliteFeedbackStore
    from tests.support.chat_page import start_server

    live = start_server(ingested_settings, answerer, SqliteFeedbackStore(tmp_path / "feedback.sqlite3"))
    yield live
    live.stop()
