"""The answerer: one object shared by the CLI, the HTTP API and Slack (interface; implementation follows)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, TypedDict

from assistant.action_filters import ActionQuery
from assistant.answer_models import ActionCard, Answer
from assistant.settings import Settings
from ingest.records import ActionRecord


class StreamEvent(TypedDict, total=False):
    """One event of a streamed answer: text deltas, then the whole answer."""

    type: Literal["delta", "answer"]
    text: str
    answer: Answer


class Answerer:
    """Answers questions about the plan; thread-safe; reloads when a new index version goes live."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        self.settings = settings

    def answer(self, question: str, conversation_id: str | None = None) -> Answer:
        """Answer one question (raises InvalidQuestion, IndexNotReady, StoreUnavailable)."""
        raise NotImplementedError

    def stream(self, question: str, conversation_id: str | None = None) -> Iterator[StreamEvent]:
        """The same answer as text deltas, then one event holding the whole Answer."""
        raise NotImplementedError

    def action_card(self, action_id: str) -> ActionCard:
        """One action in full (raises ActionNotFound for an unknown id)."""
        raise NotImplementedError

    def list_actions(self, query: ActionQuery) -> list[ActionRecord]:
        """Every action matching the filters."""
        raise NotImplementedError

    def check_ready(self) -> None:
        """Raise IndexNotReady or StoreUnavailable when questions cannot be answered now."""
        raise NotImplementedError
