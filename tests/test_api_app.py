"""The app factory's wiring: lazy answerer, service_from_env, Slack, serve(), and a real uvicorn server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import assistant.api.state
from assistant import service as server
from assistant.api.app import create_app
from assistant.service import service_from_env
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.errors import IndexNotReady
from foundation.settings import Settings, get_settings
from tests.support.fakes import FakeAnswerer
from tests.support.live_server import serving


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var", _env_file=None)  # type: ignore[call-arg]


def test_without_an_answerer_build_answerer_runs_once_at_startup(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[Settings] = []

    def build(given: Settings) -> FakeAnswerer:
        built.append(given)
        return FakeAnswerer()

    monkeypatch.setattr(assistant.api.state, "build_answerer", build)
    app = create_app(settings)
    assert built == []  # creating the app must stay cheap; the build waits for startup
    with TestClient(app) as client:
        assert built == [settings]
        assert client.get("/readyz").status_code == 200
        assert client.post("/api/ask", json={"question": "Wie trekt KP 1.3?"}).status_code == 200
    assert len(built) == 1


def test_a_failing_build_leaves_the_service_up_but_not_ready(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def build(given: Settings) -> FakeAnswerer:
        raise IndexNotReady("geen index in var/")

    monkeypatch.setattr(assistant.api.state, "build_answerer", build)
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["error"]["message"] == IndexNotReady.user_message
        assert client.post("/api/ask", json={"question": "Wie?"}).status_code == 503


def test_a_crashing_build_is_reported_as_not_ready(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    def build(given: Settings) -> FakeAnswerer:
        raise OSError("schijf kapot")

    monkeypatch.setattr(assistant.api.state, "build_answerer", build)
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "schijf" not in response.text


def test_the_build_is_retried_after_the_pause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(data_dir=tmp_path, reload_check_s=0, _env_file=None)  # type: ignore[call-arg]
    attempts: list[int] = []

    def build(given: Settings) -> FakeAnswerer:
        attempts.append(1)
        if len(attempts) == 1:
            raise IndexNotReady("nog geen index")
        return FakeAnswerer()

    monkeypatch.setattr(assistant.api.state, "build_answerer", build)
    with TestClient(create_app(settings)) as client:
        assert client.get("/readyz").status_code == 200
    assert len(attempts) == 2


def test_the_feedback_store_defaults_to_the_data_dir(settings: Settings) -> None:
    app = create_app(settings, answerer=FakeAnswerer())
    assert isinstance(app.state.feedback, SqliteFeedbackStore)
    assert app.state.feedback.path == settings.feedback_db


def test_service_from_env_reads_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIEPLAN_DATA_DIR", str(tmp_path / "env-var"))
    monkeypatch.setenv("ACTIEPLAN_MAX_QUESTION_CHARS", "10")
    monkeypatch.setattr(assistant.api.state, "build_answerer", lambda s: FakeAnswerer())
    get_settings.cache_clear()
    try:
        app = service_from_env()
        with TestClient(app) as client:
            assert client.post("/api/ask", json={"question": "x" * 11}).status_code == 422
        assert app.state.settings.data_dir == tmp_path / "env-var"
    finally:
        get_settings.cache_clear()


def _slack_settings(tmp_path: Path) -> Settings:
    return Settings(  # type: ignore[call-arg]
        data_dir=tmp_path, slack_bot_token="xoxb-test", slack_signing_secret="geheim", _env_file=None
    )


def test_slack_is_mounted_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Any, ...]] = []
    limits: list[dict[str, Any]] = []
    monkeypatch.setattr(server, "mount_slack", lambda *args, **kwargs: (calls.append(args), limits.append(kwargs)))
    fake, store = FakeAnswerer(), SqliteFeedbackStore(tmp_path / "f.sqlite3")
    settings = _slack_settings(tmp_path)
    app = server.create_service(settings, answerer=fake, feedback=store)
    assert calls == [(app, fake, store, settings)]
    # /slack/events gets its own per-client limit, keyed like the API's.
    assert limits[0]["limiter"]("1.2.3.4") == 0.0
    assert limits[0]["client_key"]({"type": "http", "client": ("1.2.3.4", 5), "headers": []}) == "1.2.3.4"


def test_slack_gets_a_forwarding_answerer_when_it_is_built_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(server, "mount_slack", lambda *args, **kwargs: calls.append(args))
    built = FakeAnswerer()
    monkeypatch.setattr(assistant.api.state, "build_answerer", lambda s: built)
    with TestClient(server.create_service(_slack_settings(tmp_path))):
        proxy = calls[0][1]
        before = built.check_ready.call_count  # startup already checked readiness once
        proxy.check_ready()
        assert built.check_ready.call_count == before + 1


def test_slack_is_not_mounted_without_tokens(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "mount_slack", lambda *args: pytest.fail("mounted without tokens"))
    server.create_service(settings, answerer=FakeAnswerer())


# ---- serve() ---------------------------------------------------------------


def test_serve_one_worker_runs_the_app_object(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kw: runs.append((app, kw)))
    monkeypatch.setattr(assistant.api.state, "build_answerer", lambda s: FakeAnswerer())
    server.serve(settings, port=8123)
    [(app, options)] = runs
    assert isinstance(app, FastAPI) and app.state.settings is settings
    assert (options["host"], options["port"]) == ("127.0.0.1", 8123)


def test_serve_several_workers_uses_the_factory_and_exports_settings(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(server.uvicorn, "run", lambda app, **kw: runs.append((app, kw)))
    # serve() writes to os.environ for its worker processes; keep that out of the other tests.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    server.serve(settings, host="0.0.0.0", port=9000, workers=2)
    [(target, options)] = runs
    assert target == "assistant.service:service_from_env"
    assert options["factory"] is True and options["workers"] == 2
    assert (options["host"], options["port"]) == ("0.0.0.0", 9000)
    assert os.environ["ACTIEPLAN_DATA_DIR"] == str(settings.data_dir)
    assert Settings(_env_file=None).data_dir == settings.data_dir  # type: ignore[call-arg]


# ---- a real server ---------------------------------------------------------


@pytest.fixture
def live_url(settings: Settings) -> Iterator[str]:
    app = create_app(settings, answerer=FakeAnswerer(), feedback=SqliteFeedbackStore(settings.feedback_db))
    with serving(app) as server:
        yield server.url


def test_real_server_refuses_a_big_chunked_upload(live_url: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"question": "'
        for _ in range(1000):  # 1 MB: far over the limit, and never sent whole
            yield b"x" * 1000
        yield b'"}'

    with httpx.Client(timeout=10) as client:
        response = client.post(f"{live_url}/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "RequestTooLarge"
        # The server stays usable afterwards.
        assert client.post(f"{live_url}/api/ask", json={"question": "Wie?"}).status_code == 200


def test_real_server_refuses_a_big_declared_body(live_url: str) -> None:
    with httpx.Client(timeout=10) as client:
        response = client.post(
            f"{live_url}/api/ask",
            content=b"{" + b" " * 100_000 + b"}",
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 413


def test_real_server_streams_events(live_url: str) -> None:
    with (
        httpx.Client(timeout=10) as client,
        client.stream("POST", f"{live_url}/api/ask/stream", json={"question": "Wat doen verzekeraars?"}) as response,
    ):
        assert response.status_code == 200
        text = "".join(response.iter_text())
    assert text.startswith("event: delta\n")
    assert "event: citations\n" in text and text.rstrip().endswith("event: done\ndata: {}")
