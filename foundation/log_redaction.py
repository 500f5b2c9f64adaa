"""Keep secrets out of logs: the configured Slack tokens and LLM key, and anything shaped like a Slack token."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from foundation.settings import Settings

REDACTED = "[verborgen]"

# Slack tokens have fixed prefixes (bot, user, app-level, refresh, config); one from another workspace, or
# one pasted into a question, is as secret as ours.
SLACK_TOKEN = re.compile(r"\b(?:xox[abeoprs]|xapp)-[A-Za-z0-9-]{8,}")

# Shorter values are too likely to occur in ordinary text to be replaced everywhere.
MIN_SECRET_CHARS = 6


def configured_secrets(settings: Settings) -> list[str]:
    """The secret values set in the settings (Slack tokens, signing secret, LLM API key)."""
    fields = (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token, settings.llm_api_key)
    values = [field.get_secret_value() for field in fields if field is not None]
    return [value for value in values if len(value) >= MIN_SECRET_CHARS]


class SecretRedactor(logging.Filter):
    """A logging filter that replaces secret values in the message, its arguments and any traceback."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets: set[str] = set()
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        """Also redact these values from now on."""
        self.secrets.update(s for s in secrets if len(s) >= MIN_SECRET_CHARS)

    def redact(self, text: str) -> str:
        """The text with every known secret and Slack-token-shaped string replaced."""
        # Longest first, so a secret containing another is replaced whole.
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, REDACTED)
        return SLACK_TOKEN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for logging's own error report
            return True
        clean = self.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


_lock = threading.Lock()
_active: list[SecretRedactor] = []
_previous_factory: Callable[..., logging.LogRecord] | None = None
_factory: Callable[..., logging.LogRecord] | None = None


class Redaction:
    """One installed redactor, active until `remove()` (or the end of a `with` block)."""

    def __init__(self, redactor: SecretRedactor) -> None:
        self.redactor = redactor

    def remove(self) -> None:
        """Stop redacting this redactor's secrets; the last removal restores the previous record factory."""
        global _previous_factory, _factory
        with _lock:
            if self.redactor not in _active:
                return
            _active.remove(self.redactor)
            # Only our own factory is taken out: one installed after it by someone else stays as it is.
            if not _active and logging.getLogRecordFactory() is _factory and _previous_factory is not None:
                logging.setLogRecordFactory(_previous_factory)
                _previous_factory = _factory = None

    def __enter__(self) -> Redaction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


def _redact_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _previous_factory is not None
    record = _previous_factory(*args, **kwargs)
    for redactor in list(_active):
        redactor.filter(record)
    return record


def install_secret_redaction(settings: Settings) -> Redaction:
    """Redact the settings' secrets from every log record of this process until the returned Redaction is removed.

    A record factory is used rather than a handler filter: it sees every record of every logger, including
    handlers that uvicorn or a test harness add later. Each app installs its own and removes it when it stops,
    so nothing outlives the app (and no test depends on an earlier one having installed it).
    """
    global _previous_factory, _factory
    redactor = SecretRedactor(configured_secrets(settings))
    with _lock:
        if _factory is None:
            _previous_factory = logging.getLogRecordFactory()
            _factory = _redact_record
            logging.setLogRecordFactory(_factory)
        _active.append(redactor)
    return Redaction(redactor)
