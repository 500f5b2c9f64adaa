"""PostgreSQL as the service sees it: versioned migrations, the CLI around them, and a database that is away.

Needs a real PostgreSQL (the `postgres_url` fixture); the away cases point at a loopback port nothing listens on.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from assistant.answerer import Answerer
from assistant.api.app import create_app
from assistant.cli import main
from assistant.stores.configured import open_conversations, open_feedback
from assistant.stores.conversations import Turn
from assistant.stores.feedback import SqliteFeedbackStore
from assistant.stores.postgres.database import close_databases
from assistant.stores.postgres.migrations import LATEST, migrate, require_current, schema_version
from foundation.errors import DatabaseOutdated, DatabaseUnavailable
from foundation.settings import Settings
from integrations.slack.key_sets import shared_key_set
from tests.conftest import free_port
from tests.support.chroma_server import ACTIEPLAN, ROOT, service_env
from tests.support.dates import TODAY
from tests.test_stores import an_answer

pytestmark = pytest.mark.postgres


def pg_settings(tmp_path: Path, url: str, **extra: object) -> Settings:
    """Settings on this database, with an unthrottled API."""
    return Settings(data_dir=tmp_path, database_url=url, rate_limit_per_minute=0, **extra)


def test_migrations_are_applied_once_and_a_database_behind_is_refused(tmp_path: Path, postgres_url: str) -> None:
    settings = pg_settings(tmp_path, postgres_url)
    with pytest.raises(DatabaseOutdated) as behind:
        require_current(settings)
    assert "schemaversie 0" in behind.value.user_message and "actieplan ingest" in behind.value.user_message
    # Two hosts starting at once: the advisory lock lets one apply, the other finds it done.
    results: list[tuple[int, int]] = []
    threads = [threading.Thread(target=lambda: results.append(migrate(settings))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [(0, LATEST), (LATEST, LATEST)]
    assert require_current(settings) == schema_version(settings) == LATEST


def test_serve_refuses_a_database_behind_in_dutch(tmp_path: Path, postgres_url: str) -> None:
    env = service_env(tmp_path, ACTIEPLAN_DATABASE_URL=postgres_url)
    done = subprocess.run(
        [str(ACTIEPLAN), "serve", "--port", str(free_port())], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "heeft schemaversie 0" in done.stderr and "actieplan ingest --if-needed" in done.stderr


def test_ingest_applies_the_schema(
    ingested_settings: Settings, postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = ingested_settings.model_copy(update={"database_url": SecretStr(postgres_url)})
    monkeypatch.setattr("assistant.cli.get_settings", lambda: settings)
    assert main(["ingest", "--if-needed"]) == 0
    assert f"versie 0 → {LATEST}" in capsys.readouterr().out
    assert require_current(settings) == LATEST


def test_migrate_sqlite_copies_a_hosts_feedback_once(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    host = tmp_path / "host-a"
    sqlite = SqliteFeedbackStore(host / "feedback.sqlite3")
    for n in range(3):
        sqlite.record_answer(an_answer(f"a{n}"), f"vraag {n}", "web")
    sqlite.add_feedback("a0", "down", comment="mist KP 1.3", channel="web")
    sqlite.vote("a1", "up", "slack", "U1")
    settings = pg_settings(tmp_path, postgres_url)
    monkeypatch.setattr("assistant.cli.get_settings", lambda: settings)
    assert main(["migrate-sqlite", "--from", str(host)]) == 0
    assert "3 antwoorden en 2 beoordelingen" in capsys.readouterr().out
    # The host went on writing; a second run copies only what is new.
    sqlite.add_feedback("a2", "down", channel="api")
    assert main(["migrate-sqlite", "--from", str(host)]) == 0
    assert "0 antwoorden en 1 beoordelingen (3 antwoorden en 2 beoordelingen stonden er al)" in capsys.readouterr().out
    rows = open_feedback(settings).feedback()
    assert sorted((r["message_id"], r["rating"], r["comment"]) for r in rows) == [
        ("a0", "down", "mist KP 1.3"),
        ("a1", "up", None),
        ("a2", "down", None),
    ]
    # `feedback export` reads the configured store: PostgreSQL.
    assert main(["feedback", "export"]) == 0
    exported = capsys.readouterr().out.splitlines()
    assert len(exported) == 2 and any("mist KP 1.3" in line for line in exported)


def test_migrate_sqlite_needs_the_database_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("assistant.cli.get_settings", lambda: Settings(data_dir=tmp_path))
    assert main(["migrate-sqlite", "--from", str(tmp_path)]) == 2
    assert "ACTIEPLAN_DATABASE_URL" in capsys.readouterr().err
    settings = Settings(data_dir=tmp_path, database_url="postgresql://postgres@127.0.0.1:1/x")
    monkeypatch.setattr("assistant.cli.get_settings", lambda: settings)
    assert main(["migrate-sqlite", "--from", str(tmp_path / "nergens")]) == 2
    assert "geen feedbackbestand" in capsys.readouterr().err


# ---- a database that is away ------------------------------------------------------------------------------


@pytest.fixture
def away(tmp_path: Path) -> Iterator[Settings]:
    """Settings on a loopback port where no database listens (short timeouts: each call fails fast)."""
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/postgres"
    yield pg_settings(tmp_path, url, database_timeout_s=0.5, database_retry_s=0.5)
    close_databases()


def test_stores_on_a_database_that_is_away(away: Settings) -> None:
    feedback = open_feedback(away)
    with pytest.raises(DatabaseUnavailable) as refused:
        feedback.add_feedback("m1", "up")
    assert "niet opgeslagen" in refused.value.user_message
    assert feedback.check_ready() is not None
    conversations = open_conversations(away)
    conversations.save("c1", Turn(question="Welke acties trekt VMM?", route="structured"))
    assert conversations.last("c1") is None, "a follow-up becomes a new question"
    # The Slack dedupe falls back to this process: still one answer per event here.
    seen = shared_key_set(away, "events", 900)
    assert seen.claim(["Ev1"]) and not seen.claim(["Ev1"])


def test_the_api_answers_says_degraded_and_refuses_feedback_while_the_database_is_away(
    away: Settings, answerer: Answerer
) -> None:
    settings = away.model_copy(update={"data_dir": answerer.settings.data_dir})
    # The real answering, with its conversations in the database that is away.
    served = Answerer(settings, live_index=answerer.live, directory=answerer.directory)
    with TestClient(create_app(settings, answerer=served)) as client:
        first = client.post("/api/ask", json={"question": "Welke acties betrekken VMM?"})
        assert first.status_code == 200
        follow = client.post(
            "/api/ask",
            json={
                "question": "En welke daarvan zijn sleutelacties?",
                "conversation_id": first.json()["conversation_id"],
            },
        )
        assert follow.status_code == 200, "answered, as a new question"
        alone = answerer.answer("En welke daarvan zijn sleutelacties?", today=TODAY)
        assert sorted(c["id"] for c in follow.json()["citations"]) == sorted(alone.cited_ids)
        rated = client.post("/api/feedback", json={"message_id": first.json()["message_id"], "rating": "up"})
        assert rated.status_code == 503
        assert "niet opgeslagen" in rated.json()["error"]["message"]
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert "database" in ready.json()["message"]
