"""The answerer: one object shared by the CLI, the HTTP API and Slack; question → route → answer."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, TypedDict

from assistant.answer_models import ActionCard, Answer, Citation
from assistant.compose import compose, suggest
from assistant.compose.changes import compose_changes, compose_removed, updated_note
from assistant.compose.general import general_lines_said, without_said
from assistant.compose.glossary import explain_terms
from assistant.index import LiveIndex, LoadedIndex
from assistant.llm import Draft, Followup, Writer
from assistant.question import ActionFilters, Lexicon, MatchContext, Question, parse_question, validate_question
from assistant.routing import Router, RouteResult
from assistant.routing.changes import removed_asked, what_changed
from assistant.routing.thresholds import FOLLOWUP_LOOKUP_LIMIT
from assistant.stores.configured import open_conversations
from assistant.stores.conversations import ConversationStore, Turn
from foundation.errors import ActionNotFound, ActionRemoved
from foundation.settings import Settings
from plan_model.organisations import OrganisationDirectory, default_directory
from plan_model.records import ActionRecord, normalise_action_id


class StreamEvent(TypedDict, total=False):
    """One event of a streamed answer: text deltas, then the whole answer."""

    type: Literal["delta", "answer"]
    text: str
    answer: Answer


@dataclass(frozen=True)
class _Prepared:
    """A question taken through its route and the grounded composer, before a writer may rephrase it."""

    draft: Draft
    conversation_id: str
    # The conversation's subject after this turn (see Turn.subject).
    subject: str = ""
    # The conversation's previous turn, if any: the next turn keeps its subject ("waar zitten ze allebei bij?").
    previous: Turn | None = None
    # Said once, first, when the conversation's previous turn was answered from another plan.
    note: str = ""


class Answerer:
    """Answers questions about the plan; thread-safe; follows the live index version."""

    def __init__(
        self,
        settings: Settings,
        live_index: LiveIndex | None = None,
        conversations: ConversationStore | None = None,
        directory: OrganisationDirectory | None = None,
        writer: Writer | None = None,
    ) -> None:
        self.settings = settings
        self.live = live_index or LiveIndex(settings)
        self.conversations = conversations or open_conversations(settings)
        self.directory = directory or default_directory()
        self.writer = writer
        self.router = Router(self.directory)
        self._lexicons: dict[str, Lexicon] = {}

    def validate(self, question: object) -> str:
        """The trimmed question, or InvalidQuestion with a Dutch message saying what is wrong."""
        return validate_question(question, self.settings.max_question_chars)

    def answer(self, question: str, conversation_id: str | None = None, *, today: date) -> Answer:
        """Answer one question asked on `today` (raises InvalidQuestion, IndexNotReady, StoreUnavailable)."""
        prepared = self._prepare(question, conversation_id, today)
        draft = prepared.draft
        text, citations = draft.fallback
        if self.writer is not None and _rephrasable(draft):
            # An LLM may rephrase, but only from what the route found; it falls back to the draft on any problem.
            text, citations = self.writer.write(draft)
        return self._finish(prepared, text, citations)

    def stream(self, question: str, conversation_id: str | None = None, *, today: date) -> Iterator[StreamEvent]:
        """The answer as text deltas, then one event holding the whole (enforced) Answer."""
        prepared = self._prepare(question, conversation_id, today)
        draft = prepared.draft
        text, citations = draft.fallback
        if prepared.note:
            yield {"type": "delta", "text": prepared.note + "\n"}
        if self.writer is not None and _rephrasable(draft):
            deltas = self.writer.stream(draft)
            while True:
                try:
                    yield {"type": "delta", "text": next(deltas)}
                except StopIteration as stop:
                    # The writer returns the enforced text; the final event is what counts.
                    text, citations = stop.value
                    break
        else:
            for piece in re.findall(r"\S+\s*", text):
                yield {"type": "delta", "text": piece}
        yield {"type": "answer", "answer": self._finish(prepared, text, citations)}

    def lexicon(self, index: LoadedIndex) -> Lexicon:
        """The words questions are read with for this index version (built once per version)."""
        lexicon = self._lexicons.get(index.version)
        if lexicon is None:
            lexicon = Lexicon.of_plan(index.document, index.known_words, index.project_vocabulary, self.directory)
            # One version serves at a time; keeping only the newest bounds the cache.
            self._lexicons = {index.version: lexicon}
        return lexicon

    def parse(self, text: str, index: LoadedIndex, today: date) -> Question:
        """The question as the router reads it, for this index version, asked on `today`."""
        return parse_question(text, self.directory, self.lexicon(index), today)

    def _prepare(self, question: str, conversation_id: str | None, today: date) -> _Prepared:
        """Understand the question, take its route and compose the grounded answer."""
        text = self.validate(question)
        index = self.live.current()
        parsed = self.parse(text, index, today)
        previous = self.conversations.last(conversation_id) if conversation_id else None
        note = ""
        if previous is not None and previous.plan_hash and previous.plan_hash != index.document.content_hash:
            # The conversation began on another plan: its earlier answers may contradict this one. Said once: this
            # turn is remembered with the plan that answers now.
            former = index.earlier if index.earlier and index.earlier.content_hash == previous.plan_hash else None
            note = updated_note(index.document, former, parsed.language)
        if parsed.asks_changes:
            # "Wat is er veranderd?": the plan's versions compared, not a search of its text.
            result, found = what_changed(parsed, index)
            grounded, citations = compose_changes(found, parsed.language)
            draft = Draft(asked=text, result=result, index=index, grounded=grounded, citations=citations)
            return _Prepared(draft, conversation_id or str(uuid.uuid4()), previous=previous, note=note)
        result = self.router.route(parsed, previous, index)
        subject = text
        if previous is not None and _builds_on_subject(parsed, previous, self.settings.max_question_chars):
            # "Zijn daar subsidies voor?" after "Wij zijn een voedingsbedrijf en willen water hergebruiken": the
            # money is for the conversation's subject, so the two are asked as one (the asker's sector and project
            # from the first, the need from the second); not a look-up of the earlier answer's actions. So is a
            # question with a subject of its own that points back ("mag daar ook gezuiverd afvalwater voor?").
            subject = f"{previous.subject} {text}"
            result = self.router.route(self.parse(subject, index, today), None, index)
        elif self.writer is not None and previous is not None and _unresolved_followup(parsed, result, previous):
            # The rules did not resolve this follow-up: let the LLM make it a standalone question.
            earlier = previous.result_ids[:FOLLOWUP_LOOKUP_LIMIT]
            titles = "; ".join(f"{a.id} {a.title}" for a in (index.document.action(i) for i in earlier) if a)
            standalone = self.writer.condense(Followup(text, previous.question, titles, parsed.language))
            if standalone and standalone != text:
                subject = self.validate(standalone)
                result = self.router.route(self.parse(subject, index, today), None, index)
        grounded, citations = compose(result, index, self.directory)
        if removed := removed_asked(result, index):
            # An action the update removed is not unknown: say in which version it went, and what it was.
            result, grounded, citations = self._removed(result, removed, index, grounded, citations)
        # "Het plan verdeelt zelf geen subsidies …" once per conversation, not under every follow-up.
        said = set(previous.said) if previous else set()
        grounded = without_said(grounded, said, parsed.language)
        if result.question.first_person and result.question.language == "nl":
            # A company asking about its own case reads the plan's jargon explained the first time.
            grounded = explain_terms(grounded, self.directory)
        draft = Draft(asked=text, result=result, index=index, grounded=grounded, citations=citations)
        if result.follows and previous is not None:
            subject = previous.subject
        elif result.route != "semantic":
            subject = ""
        return _Prepared(draft, conversation_id or str(uuid.uuid4()), subject, previous, note)

    @staticmethod
    def _removed(
        result: RouteResult, ids: tuple[str, ...], index: LoadedIndex, grounded: str, citations: list[Citation]
    ) -> tuple[RouteResult, str, list[Citation]]:
        """The answer with the removed actions said to be removed; alone (route "changes") when nothing else
        was found, else after what was."""
        assert index.earlier is not None  # removed_asked found them in the earlier plan
        found = what_changed(result.question, index, ids)[1]
        said, cited = compose_removed(
            [a for a in (index.removed(i) for i in ids) if a],
            index.document,
            index.earlier,
            result.question.language,
            found.rolled_back,
        )
        if result.route == "abstain":
            return replace(result, route="changes", abstain_reason=None), said, cited
        return result, f"{grounded}\n\n{said}", [*citations, *cited]

    def _finish(self, prepared: _Prepared, text: str, citations: list[Citation]) -> Answer:
        """The Answer, remembered as the conversation's latest turn."""
        result = prepared.draft.result
        previous = prepared.previous
        document = prepared.draft.index.document
        answer = Answer(
            answer=f"{prepared.note}\n{text}" if prepared.note else text,
            citations=citations,
            route=result.route,
            abstained=result.route == "abstain",
            language=result.question.language,
            conversation_id=prepared.conversation_id,
            message_id=str(uuid.uuid4()),
            # The explorer shows one conjunction of filters: alternatives ("… of …") have no link there.
            explorer_query=result.question.filters.as_query()
            if result.route in ("structured", "mixed") and not result.question.alternatives
            else None,
            suggestions=suggest(result),
            needs_choice=bool(result.choices or result.options),
            plan_version=prepared.draft.index.version,
            plan=f"{document.short_name}, {document.version_label(result.question.language)}",
        )
        self.conversations.save(
            prepared.conversation_id,
            Turn(
                question=prepared.draft.asked,
                route=result.route,
                result_ids=result.action_ids,
                fields=list(result.fields),
                filters=result.question.filters.given() if result.route in ("structured", "mixed") else {},
                subject=prepared.subject,
                earlier_filters=previous.filters if previous else {},
                earlier_ids=previous.result_ids if previous else [],
                within_ids=list(result.within_ids),
                said=sorted(
                    {*(previous.said if previous else []), *general_lines_said(text, result.question.language)}
                ),
                plan_hash=document.content_hash,
            ),
        )
        return answer

    def action_card(self, action_id: str) -> ActionCard:
        """One action in full (raises ActionNotFound, naming the id as asked, for a non-id or an unknown id, and
        ActionRemoved for an action the update removed)."""
        key = normalise_action_id(action_id)
        if key is None:
            raise ActionNotFound.asked(action_id, key)
        index = self.live.current()
        record = index.document.action(key)
        if record is None:
            raise removed_error(index, key) or ActionNotFound.asked(action_id, key)
        return ActionCard.from_record(record, index.document)

    def seed_conversation(self, conversation_id: str, action_id: str) -> ActionCard:
        """Start a conversation about one action: it is remembered as the previous turn's one action, so "wie
        trekt ze?" answers for it. Returns the action's card (raises ActionNotFound like `action_card`)."""
        card = self.action_card(action_id)
        self.conversations.save(conversation_id, Turn(question=card.id, route="lookup", result_ids=[card.id]))
        return card

    def list_actions(self, filters: ActionFilters, today: date) -> list[ActionRecord]:
        """Every action matching the filters on `today` (what runs now depends on it), in plan order."""
        document = self.live.current().document
        return filters.apply(document.actions, MatchContext(document, self.directory, today))

    def has_conversation(self, conversation_id: str) -> bool:
        """Whether a conversation with this id holds a turn that has not expired."""
        return self.conversations.last(conversation_id) is not None

    def last_turn(self, conversation_id: str) -> Turn | None:
        """The conversation's previous turn (what its next question resolves against), or None."""
        return self.conversations.last(conversation_id)

    def seed_turn(self, conversation_id: str, turn: Turn) -> None:
        """Make `turn` the conversation's previous turn: a surface that keeps its conversations elsewhere (a Slack
        thread) rebuilds one the store has forgotten, so the next question resolves against it."""
        self.conversations.save(conversation_id, turn)

    def check_ready(self) -> str | None:
        """Raise IndexNotReady or StoreUnavailable when nothing can be answered now; a Dutch note when only
        answers from the loaded records can be given (Chroma away), else None."""
        return self.live.check()


def _rephrasable(draft: Draft) -> bool:
    """Whether an LLM may rephrase the draft: not a refusal, nor what it says about the plan's versions (a
    comparison, a removed action), whose every word comes from the records of two versions."""
    removed = any(c.kind == "removed" for c in draft.citations)
    return draft.result.route not in ("abstain", "changes") and not removed


def removed_error(index: LoadedIndex, action_id: str) -> ActionRemoved | None:
    """The error for an action the update removed ("geschrapt in de versie van …"), or None when it never was one."""
    earlier = index.removed(action_id)
    if earlier is None or index.earlier is None:
        return None
    label = index.document.version_label(beside=index.earlier)
    message = f"Actie {action_id} ({earlier.title}) is geschrapt in de {label} van het plan."
    return ActionRemoved(message, user_message=message)


def _builds_on_subject(question: Question, previous: Turn, max_chars: int) -> bool:
    """Whether a follow-up asks something new about the conversation's topic or funding subject.

    Money for it ("kunnen we daar steun voor krijgen, en bij wie?": a funding answer names whom to contact), or a
    subject of its own that points back to it ("mag daar ook gezuiverd afvalwater voor?", "welke voorwaarden stelt
    die bank dan?"); not a filter on the earlier answer, nor a field of its actions ("wie trekt dat?").
    """
    if not previous.subject or question.has_filters or question.action_ids:
        return False
    if len(f"{previous.subject} {question.text}") > max_chars:
        return False
    # A money need of its own ("die bank") is a subject, and so is any need asked without a field ("wie is
    # verantwoordelijk voor wat?"); "wie is daar verantwoordelijk voor?" asks a field of the earlier actions.
    own_need = any(c.money for c in question.concepts) or (bool(question.needs) and not question.fields)
    if own_need:
        # "En over verzekeringen?", "en wie is dan verantwoordelijk voor wat?": another need of the same subject.
        return question.refers_to != "none" or question.continues
    if question.has_topic:
        # "Mag daar ook gezuiverd afvalwater voor?" points back; "en over PFAS?" is a new subject.
        return question.refers_to != "none"
    return question.funding and not question.fields and (question.refers_to == "all" or question.continues)


def _unresolved_followup(question: Question, result: RouteResult, previous: Turn) -> bool:
    """Whether a question that points back ("die", "daarvan", "en …?") got no route of its own."""
    points_back = question.refers_to != "none" or question.continues
    return bool(previous.result_ids) and result.route in ("semantic", "abstain") and points_back


def build_answerer(settings: Settings) -> Answerer:
    """The answerer over the live index in the configured store (with an LLM when one is configured)."""
    writer: Writer | None = None
    if settings.llm_base_url:
        from assistant.llm.writer import build_writer

        writer = build_writer(settings)
    return Answerer(settings, writer=writer)
