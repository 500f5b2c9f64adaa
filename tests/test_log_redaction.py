"""Secret redaction in logs, in isolation: installed per app run and removed with it, so no test's result
depends on another having installed it first."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from foundation.log_redaction import REDACTED, configured_secrets, install_secret_redaction
from foundation.settings import Settings
from tests.support.fakes import FakeAnswerer

KEY = "sk-test-geheime-sleutel"
APP_TOKEN = "xapp-1-geheim-app-token"


def settings_with(tmp_path: Path, **secrets: str) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, **secrets)  # type: ignore[call-arg]


def logged(caplog: pytest.LogCaptureFixture, value: object) -> str:
    """What a log line holding `value` reads like, through two unrelated loggers."""
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("uvicorn.error").error("key=%s", value)
        logging.getLogger("some.library").debug({"value": value})
    return caplog.text


def test_nothing_is_redacted_while_no_app_or_command_runs(caplog: pytest.LogCaptureFixture) -> None:
    # Whatever ran before (apps, CLI commands) removed its redactor again: this is the state every test starts in.
    assert KEY in logged(caplog, KEY)


def test_an_installed_redaction_covers_every_logger_until_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_with(tmp_path, llm_api_key=KEY, slack_app_token=APP_TOKEN)
    assert set(configured_secrets(settings)) == {KEY, APP_TOKEN}
    with install_secret_redaction(settings):
        text = logged(caplog, KEY) + logged(caplog, APP_TOKEN)
        assert KEY not in text and APP_TOKEN not in text
        assert logged(caplog, KEY).count(REDACTED) == 2
    assert KEY in logged(caplog, KEY)


def test_each_app_redacts_while_it_runs_and_removes_its_redactor(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = create_app(settings_with(tmp_path / "a", llm_api_key=KEY), answerer=FakeAnswerer())
    second = create_app(settings_with(tmp_path / "b", llm_api_key="sk-andere-sleutel-1234"), answerer=FakeAnswerer())
    assert KEY in logged(caplog, KEY), "creating an app installs nothing by itself"
    with TestClient(first):
        assert KEY not in logged(caplog, KEY)
        with TestClient(second):
            assert "sk-andere-sleutel-1234" not in logged(caplog, "sk-andere-sleutel-1234")
        # The second app stopped: its secret is no longer special, the first app's still is.
        assert "sk-andere-sleutel-1234" in logged(caplog, "sk-andere-sleutel-1234")
        assert KEY not in logged(caplog, KEY)
    assert KEY in logged(caplog, KEY)


def test_the_cli_redacts_while_a_command_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from assistant import cli

    seen: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    handler = Keep()
    logging.getLogger("cli-test").addHandler(handler)
    monkeypatch.setattr(cli, "get_settings", lambda: settings_with(tmp_path, llm_api_key=KEY))

    def command(args: object, settings: Settings) -> int:
        logging.getLogger("cli-test").error("sleutel %s", KEY)
        return 0

    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)
    args = parser.parse_args(["feedback", "export"])
    monkeypatch.setattr(parser, "parse_args", lambda argv=None: args)
    monkeypatch.setattr(args, "func", command)
    try:
        assert cli.main([]) == 0
    finally:
        logging.getLogger("cli-test").removeHandler(handler)
    assert seen and KEY not in seen[0].getMessage()
    logging.getLogger("cli-test").addHandler(handler)
    try:
        logging.getLogger("cli-test").error("sleutel %s", KEY)
    finally:
        logging.getLogger("cli-test").removeHandler(handler)
    assert KEY in seen[-1].getMessage(), "removed when the command ended"
