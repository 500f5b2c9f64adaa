"""Fakes that implement the real interfaces (queued replies, recorded calls), for API and Slack tests."""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterator
from datetime import date
from typing import Any
from unittest.mock import MagicMock

from assistant.answer_models import ActionCard, Answer, Citation
from assistant.answerer import Answerer, StreamEvent
from assistant.question import ActionFilters
from foundation.errors import ActionNotFound
from plan_model.records import ActionRecord, normalise_action_id


def make_answer(text: str = "VMM trekt KP 1.3 (KP 1.3).", ids: tuple[str, ...] = ("KP 1.3",), **kwargs: Any) -> Answer:
    """An Answer citing the given action ids."""
    citations = [Citation(id=i, title=f"Titel van {i}", quote="…", source="regel 1") for i in ids]
    return Answer(answer=text, citations=citations, route=kwargs.pop("route", "structured"), **kwargs)


class FakeAnswerer(MagicMock):
    """An Answerer whose replies are queued by the test and whose questions are recorded."""

    def __init__(self, *replies: Answer | Exception, cards: dict[str, ActionCard] | None = None) -> None:
        super().__init__(spec=Answerer)
        self.replies: deque[Answer | Exception] = deque(replies)
        self.questions: list[tuple[str, str | None]] = []
        # The day each question was asked on, as the surface passed it.
        self.days: list[date] = []
        self.cards = cards or {}
        self.ready_error: Exception | None = None
        self.answer.side_effect = self._answer
        self.stream.side_effect = self._stream
        self.action_card.side_effect = self._action_card
        self.list_actions.side_effect = self._list_actions
        self.check_ready.side_effect = self._check_ready
        self.has_conversation.side_effect = self._has_conversation
        self.conversation_ids: set[str] = set()

    def _get_child_mock(self, **kwargs: Any) -> MagicMock:
        # Child attributes are plain mocks; only the top-level object is the fake.
        return MagicMock(**kwargs)

    def _answer(self, question: str, conversation_id: str | None = None, *, today: date) -> Answer:
        self.questions.append((question, conversation_id))
        self.days.append(today)
        reply = self.replies.popleft() if self.replies else make_answer()
        if isinstance(reply, Exception):
            raise reply
        conversation_id = conversation_id or str(uuid.uuid4())
        self.conversation_ids.add(conversation_id)
        return reply.model_copy(update={"conversation_id": conversation_id, "message_id": str(uuid.uuid4())})

    def _has_conversation(self, conversation_id: str) -> bool:
        return conversation_id in self.conversation_ids

    def _stream(self, question: str, conversation_id: str | None = None, *, today: date) -> Iterator[StreamEvent]:
        answer = self._answer(question, conversation_id, today=today)
        for word in answer.answer.split(" "):
            yield {"type": "delta", "text": word + " "}
        yield {"type": "answer", "answer": answer}

    def _action_card(self, action_id: str) -> ActionCard:
        key = normalise_action_id(action_id)
        if key is None or key not in self.cards:
            raise ActionNotFound(f"onbekende actie {action_id}")
        return self.cards[key]

    def _list_actions(self, query: ActionFilters, today: date) -> list[ActionRecord]:
        return []

    def _check_ready(self) -> None:
        if self.ready_error is not None:
            raise self.ready_error
