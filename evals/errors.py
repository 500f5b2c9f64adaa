"""Errors of the evaluation and plan-update commands (the CLI prints their Dutch message)."""

from __future__ import annotations

from assistant.errors import AssistantError


class EvalError(AssistantError):
    """The evaluation cannot run: missing gold file, unreadable baseline, unreachable service."""

    status_code = 400
    user_message = "De evaluatie kon niet worden uitgevoerd."
