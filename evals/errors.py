"""Errors of the evaluation and plan-update commands (the CLI prints their Dutch message)."""

from __future__ import annotations

from foundation.errors import AssistantError


class EvalError(AssistantError):
    """The evaluation cannot run: missing gold file, unreadable baseline, unreachable service."""

    user_message = "De evaluatie kon niet worden uitgevoerd."
