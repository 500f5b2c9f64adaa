"""The answerer: one object shared by the CLI, the HTTP API and Slack."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from typing import Any, Literal, Protocol, TypedDict

from assistant.action_filters import ActionQuery, filter_actions
from assistant.answer_models import ActionCard, Answer, Citation
from assistant.conversations import ConversationStore, Turn
from assistant.errors import ActionNotFound, InvalidQuestion
from assistant.live_index import LiveIndex, LoadedIndex
from assistant.phrasing import phrase
from assistant.query_understanding import QueryIntent, parse_question
from assistant.routing import (
    DEFAULT_FIELDS,
    MIXED_DENSE,
    RouteResult,
    is_out_of_scope,
    pick_actions,
    semantic_hits,
    structured_filter,
)
from assistant.settings import Settings
from ingest.organisations import OrganisationDirectory, default_directory
from ingest.records import ActionRecord, TextSection, normalise_action_id

log = logging.getLogger(__name__)

_ASKS_ABOUT_ONE = re.compile(r"\b(wie|wanneer|de actie|die actie|who|when|the action)\b", re.IGNORECASE)


class StreamEvent(TypedDict, total=False):
    """One event of a streamed answer: text deltas, then the whole answer."""

    type: Literal["delta", "answer"]
    text: str
    answer: Answer


class Generator(Protocol):
    """Writes the answer text with an LLM from what the route found (see assistant/generation.py)."""

    def generate(
        self, question: str, intent: QueryIntent, result: RouteResult, index: LoadedIndex, grounded: str,
        citations: list[Citation],
    ) -> tuple[str, list[Citation]]:
        """The LLM's answer and its enforced citations, or the grounded answer when the LLM fails."""
        ...


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

    def validate(self, question: str) -> str:
        """The trimmed question, or InvalidQuestion with a Dutch message saying what is wrong."""
        if not isinstance(question, str) or not question.strip():
            raise InvalidQuestion("lege vraag", user_message="Je vraag is leeg. Typ een vraag over het actieplan.")
        trimmed = " ".join(question.split())
        if len(trimmed) > self.settings.max_question_chars:
            raise InvalidQuestion(
                "vraag te lang",
                user_message=f"Je vraag is te lang (max. {self.settings.max_question_chars} tekens).",
            )
        return trimmed

    def answer(self, question: str, conversation_id: str | None = None) -> Answer:
        """Answer one question (raises InvalidQuestion, IndexNotReady, StoreUnavailable)."""
        text = self.validate(question)
        index = self.live.current()
        intent = parse_question(text, self.directory, index.project_vocabulary, index.known_words)
        previous = self.conversations.last(conversation_id) if conversation_id else None
        result = self._route(intent, previous, index)
        body, citations = phrase(result, intent, index, self.directory)
        if self.generator is not None and result.route != "abstain":
            # An LLM may rephrase, but only from what the route found; it falls back to `body` on any problem.
            body, citations = self.generator.generate(text, intent, result, index, body, citations)
        conversation_id = conversation_id or str(uuid.uuid4())
        answer = Answer(
            answer=body,
            citations=citations,
            route=result.route,
            abstained=result.route == "abstain",
            language=intent.language,
            conversation_id=conversation_id,
            message_id=str(uuid.uuid4()),
        )
        self.conversations.save(
            conversation_id,
            Turn(question=text, route=result.route, result_ids=[a.id for a in result.actions], fields=result.fields),
        )
        return answer

    def stream(self, question: str, conversation_id: str | None = None) -> Iterator[StreamEvent]:
        """The same answer as text deltas (a line or a few words at a time), then the whole Answer."""
        answer = self.answer(question, conversation_id)
        for piece in re.findall(r"\S+\s*", answer.answer):
            yield {"type": "delta", "text": piece}
        yield {"type": "answer", "answer": answer}

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

    # Routing -------------------------------------------------------------------------------------

    def _route(self, intent: QueryIntent, previous: Turn | None, index: LoadedIndex) -> RouteResult:
        document = index.document
        if intent.unanswerable:
            related = [a for a in (document.action(i) for i in intent.action_ids) if a]
            if not related and intent.unanswerable != "offtopic":
                hits = semantic_hits(index, intent)
                related = [] if is_out_of_scope(hits) else pick_actions(hits, index, limit=2)
            return RouteResult("abstain", actions=related, abstain_reason=intent.unanswerable)
        followup = self._followup(intent, previous, index)
        if followup is not None:
            return followup
        if intent.action_ids:
            return self._lookup(intent.action_ids, intent.fields or DEFAULT_FIELDS, index)
        if intent.wants_list and intent.domain_hints and not intent.domains and not intent.topic_terms:
            intent.domains = list(intent.domain_hints)
        if intent.has_filters and intent.topic_terms:
            return self._mixed(intent, index)
        if intent.has_filters:
            return RouteResult("structured", actions=structured_filter(index, intent, self.directory))
        return self._semantic(intent, index)

    def _lookup(self, ids: list[str], fields: list[str], index: LoadedIndex) -> RouteResult:
        actions = [a for a in (index.document.action(i) for i in ids) if a]
        unknown = [i for i in ids if index.document.action(i) is None]
        if not actions:
            return RouteResult("abstain", abstain_reason="unknown_id", unknown_ids=unknown)
        return RouteResult("lookup", actions=actions, fields=fields, unknown_ids=unknown)

    def _followup(self, intent: QueryIntent, previous: Turn | None, index: LoadedIndex) -> RouteResult | None:
        """Resolve "daarvan", "die", "en BW 1.3?" against the previous turn; None when not a follow-up."""
        if previous is None or not previous.result_ids:
            return None
        own_subject = intent.orgs or intent.domains or intent.topic_terms or intent.objective_ids
        if intent.action_ids:
            if intent.starts_with_and and not intent.fields and previous.fields:
                return self._lookup(intent.action_ids, previous.fields, index)
            return None
        if intent.followup_plural and (intent.has_filters or intent.wants_list):
            actions = structured_filter(index, intent, self.directory, base=previous.result_ids)
            return RouteResult("structured", actions=actions)
        if (intent.followup_singular or intent.followup_plural) and not own_subject:
            ids = previous.result_ids if intent.followup_plural else previous.result_ids[:1]
            if intent.has_filters and len(previous.result_ids) > 1:
                return RouteResult(
                    "structured", actions=structured_filter(index, intent, self.directory, base=previous.result_ids)
                )
            return self._lookup(ids[:10], intent.fields or DEFAULT_FIELDS, index)
        return None

    def _mixed(self, intent: QueryIntent, index: LoadedIndex) -> RouteResult:
        candidates = structured_filter(index, intent, self.directory)
        if not candidates:
            return RouteResult("mixed", actions=[])
        # Rank the filtered actions on the topic words alone: the filters already did their part.
        topic = " ".join(intent.topic_terms)
        hits = index.retriever.search(topic, top_k=len(candidates), allowed_refs={a.id for a in candidates})
        best_dense = max((h.dense for h in hits), default=0.0)
        relevant = {h.ref for h in hits if h.kind == "action" and (h.bm25 > 0 or h.dense >= best_dense - MIXED_DENSE)}
        return RouteResult("mixed", actions=[a for a in candidates if a.id in relevant])

    def _semantic(self, intent: QueryIntent, index: LoadedIndex) -> RouteResult:
        hits = semantic_hits(index, intent)
        if is_out_of_scope(hits, intent, index):
            return RouteResult("abstain", abstain_reason="scope")
        actions = pick_actions(hits, index)
        sections = [
            TextSection(id=h.ref, title=h.title, text=h.text, source=str(h.metadata.get("source", "")))
            for h in hits[:3]
            if h.kind in ("section", "guidance")
        ]
        # "Wie trekt de actie over kreekruginfiltratie?": the fields of the one action the topic points to.
        asked = [f for f in intent.fields if f in ("initiators", "partners", "timing", "output")]
        if asked and not intent.wants_list and actions and _ASKS_ABOUT_ONE.search(intent.text):
            return RouteResult("semantic", actions=actions[:1], fields=asked)
        if not actions and not sections:
            return RouteResult("abstain", abstain_reason="scope")
        return RouteResult("semantic", actions=actions, sections=sections)


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
