"""The answerer: one object shared by the CLI, the HTTP API and Slack."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypedDict

from assistant.action_filters import ActionQuery, filter_actions
from assistant.answer_models import ActionCard, Answer, Citation
from assistant.conversations import ConversationStore, Turn
from assistant.errors import ActionNotFound, InvalidQuestion
from assistant.live_index import LiveIndex, LoadedIndex
from assistant.phrasing import phrase
from assistant.query_understanding import QueryIntent, parse_question
from assistant.router import Router, remembered_filters
from assistant.routing import RouteResult
from assistant.settings import Settings
from ingest.organisations import OrganisationDirectory, default_directory
from ingest.records import ActionRecord, normalise_action_id

log = logging.getLogger(__name__)


class StreamEvent(TypedDict, total=False):
    """One event of a streamed answer: text deltas, then the whole answer."""

    type: Literal["delta", "answer"]
    text: str
    answer: Answer


class Generator(Protocol):
    """Writes the answer text with an LLM from what the route found (see assistant/generation.py)."""

    def generate(
        self,
        question: str,
        intent: QueryIntent,
        result: RouteResult,
        index: LoadedIndex,
        grounded: str,
        citations: list[Citation],
    ) -> tuple[str, list[Citation]]:
        """The LLM's answer and its enforced citations, or the grounded answer when the LLM fails."""
        ...


@dataclass
class _Prepared:
    """A question taken through its route, before the final phrasing."""

    text: str
    index: LoadedIndex
    intent: QueryIntent
    result: RouteResult
    body: str
    citations: list[Citation]
    conversation_id: str


class Answerer:
    """Answers questions about the plan; thread-safe; follows the live index version."""

    def __init__(
        self,
        settings: Settings,
        live_index: LiveIndex | None = None,
        conversations: ConversationStore | None = None,
        directory: OrganisationDirectory | None = None,
        generator: Generator | None = None,
        **_: Any,
    ) -> None:
        self.settings = settings
        self.live = live_index or LiveIndex(settings)
        self.conversations = conversations or ConversationStore(
            settings.data_dir / "conversations.sqlite3", settings.conversation_ttl_s
        )
        self.directory = directory or default_directory()
        self.generator = generator
        self.router = Router(self.directory)

    def validate(self, question: str) -> str:
        """The trimmed question, or InvalidQuestion with a Dutch message saying what is wrong."""
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestion("lege vraag", user_message="Je vraag is leeg. Typ een vraag over het actieplan.")
        trimmed = " ".join(question.split())
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in trimmed):
            # A lone surrogate cannot be stored or sent on: refuse it like any unusable question.
            raise InvalidQuestion("ongeldige tekens", user_message="Je vraag bevat ongeldige tekens.")
        if len(trimmed) > self.settings.max_question_chars:
            raise InvalidQuestion(
                "vraag te lang",
                user_message=f"Je vraag is te lang (max. {self.settings.max_question_chars} tekens).",
            )
        return trimmed

    def answer(self, question: str, conversation_id: str | None = None) -> Answer:
        """Answer one question (raises InvalidQuestion, IndexNotReady, StoreUnavailable)."""
        prepared = self._prepare(question, conversation_id)
        body, citations = prepared.body, prepared.citations
        if self.generator is not None and prepared.result.route != "abstain":
            # An LLM may rephrase, but only from what the route found; it falls back to `body` on any problem.
            body, citations = self.generator.generate(
                prepared.text, prepared.intent, prepared.result, prepared.index, body, citations
            )
        return self._finish(prepared, body, citations)

    def stream(self, question: str, conversation_id: str | None = None) -> Iterator[StreamEvent]:
        """The answer as text deltas, then one event holding the whole (enforced) Answer."""
        prepared = self._prepare(question, conversation_id)
        body, citations = prepared.body, prepared.citations
        stream_generate = getattr(self.generator, "stream_generate", None)
        if stream_generate is not None and prepared.result.route != "abstain":
            deltas = stream_generate(prepared.text, prepared.intent, prepared.result, prepared.index, body, citations)
            while True:
                try:
                    yield {"type": "delta", "text": next(deltas)}
                except StopIteration as stop:
                    # The generator returns the enforced text; the final event is what counts.
                    body, citations = stop.value
                    break
        else:
            for piece in re.findall(r"\S+\s*", body):
                yield {"type": "delta", "text": piece}
        yield {"type": "answer", "answer": self._finish(prepared, body, citations)}

    def _prepare(self, question: str, conversation_id: str | None) -> _Prepared:
        """Understand the question, take its route and phrase the grounded answer."""
        text = self.validate(question)
        index = self.live.current()
        intent = parse_question(text, self.directory, index.project_vocabulary, index.known_words)
        previous = self.conversations.last(conversation_id) if conversation_id else None
        result = self.router.route(intent, previous, index)
        condense = getattr(self.generator, "condense", None)
        if (
            condense is not None
            and previous is not None
            and previous.result_ids
            and result.route in ("semantic", "abstain")
            and (intent.followup_singular or intent.followup_plural or intent.starts_with_and)
        ):
            # The rules did not resolve this follow-up: let the LLM make it a standalone question.
            titles = "; ".join(
                f"{a.id} {a.title}" for a in (index.document.action(i) for i in previous.result_ids[:10]) if a
            )
            standalone = condense(text, previous.question, titles, intent.language)
            if standalone and standalone != text:
                intent = parse_question(
                    self.validate(standalone), self.directory, index.project_vocabulary, index.known_words
                )
                result = self.router.route(intent, None, index)
        body, citations = phrase(result, intent, index, self.directory)
        return _Prepared(text, index, intent, result, body, citations, conversation_id or str(uuid.uuid4()))

    def _finish(self, prepared: _Prepared, body: str, citations: list[Citation]) -> Answer:
        """The Answer, remembered as the conversation's latest turn."""
        result = prepared.result
        answer = Answer(
            answer=body,
            citations=citations,
            route=result.route,
            abstained=result.route == "abstain",
            language=prepared.intent.language,
            conversation_id=prepared.conversation_id,
            message_id=str(uuid.uuid4()),
        )
        self.conversations.save(
            prepared.conversation_id,
            Turn(
                question=prepared.text,
                route=result.route,
                result_ids=[a.id for a in result.actions],
                fields=result.fields,
                filters=remembered_filters(prepared.intent) if result.route == "structured" else {},
            ),
        )
        return answer

    def action_card(self, action_id: str) -> ActionCard:
        """One action in full (raises ActionNotFound for an unknown id)."""
        document = self.live.current().document
        record = document.action(action_id) if normalise_action_id(action_id) else None
        if record is None:
            raise ActionNotFound(
                f"onbekende actie {action_id!r}", user_message=f"Actie '{action_id}' bestaat niet in het actieplan."
            )
        return ActionCard.from_record(record, document)

    def list_actions(self, query: ActionQuery) -> list[ActionRecord]:
        """Every action matching the filters."""
        return filter_actions(self.live.current().document, query, self.directory)

    def check_ready(self) -> None:
        """Raise IndexNotReady or StoreUnavailable when questions cannot be answered now."""
        self.live.check()


def build_answerer(settings: Settings) -> Answerer:
    """The answerer over the live index in the configured store (with an LLM when one is configured)."""
    generator: Generator | None = None
    if settings.llm_base_url:
        try:
            from assistant.generation import build_generator
        except ImportError:  # the generative module is optional
            log.warning("ACTIEPLAN_LLM_BASE_URL is set but assistant.generation is not available")
        else:
            generator = build_generator(settings)
    return Answerer(settings, generator=generator)
