"""The chat page rendered by the server: without JavaScript a question is posted (or linked) and the answer comes back
in the page; `/?actie=KP 1.3` starts a conversation about that action; `/antwoord/<id>` is an answer's permalink.

With JavaScript the page streams answers instead (assistant/web/app.js); it takes over what the server rendered.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.responses import Response

from assistant.answer_models import ActionCard, Answer, Suggestion
from assistant.answerer import Answerer
from assistant.api.answer_view import AnswerView, answer_view, ask_href
from assistant.api.conversations import PREFIX, internal_id, public
from assistant.api.dependencies import FeedbackDep, PlanDep, SettingsDep, TodayDep, get_answerer
from assistant.api.errors import status_of
from assistant.api.explorer.controls import parse_filters
from assistant.api.explorer.pages import PageRoute, render
from assistant.api.explorer.rows import Plan
from assistant.api.routes.ask import remember
from assistant.api.routes.web import STARTERS, chat_config
from assistant.question import validate_question
from assistant.stores.feedback import FeedbackStore, SharedAnswer
from foundation.errors import ActionNotFound, AssistantError, InvalidRequest
from foundation.settings import Settings

log = logging.getLogger(__name__)

router = APIRouter(route_class=PageRoute, include_in_schema=False)

# A conversation rendered by the server shows at most this many earlier answers (the page carries their ids).
MAX_HISTORY = 20
# The questions a conversation about one action starts with; each is answered for that action.
SUBJECT_QUESTIONS = ("Wie trekt ze?", "Wanneer is ze klaar?", "Wie zijn de partners?", "Wat is de output?")
EXPIRED = (
    "Dit antwoord is er niet (meer): een gedeeld antwoord blijft zo lang bewaard als een gesprek "
    "({hours}). Stel de vraag opnieuw in de chat."
)


@dataclass
class ChatTurn:
    """One question and its answer in a conversation rendered by the server."""

    message_id: str
    view: AnswerView


@dataclass
class Conversation:
    """What the server renders of a conversation: its id, its subject (an action), its turns, and any error."""

    conversation_id: str | None = None
    subject: ActionCard | None = None
    turns: list[ChatTurn] = field(default_factory=list)
    error: str | None = None
    status: int = 200
    # The question to put back in the box after an error (nothing typed is lost).
    question: str = ""

    @property
    def about(self) -> str | None:
        """The id of the action the conversation is about, if any."""
        return self.subject.id if self.subject else None

    @property
    def history(self) -> list[str]:
        """The message ids of the turns, for the next request."""
        return [turn.message_id for turn in self.turns]


def _explorer_count(answer: Answer, plan: Plan) -> int | None:
    if answer.explorer_query is None:
        return None
    try:
        return plan.count(parse_filters(QueryParams(answer.explorer_query)))
    except InvalidRequest:
        return None


def _view(question: str, answer: Answer, plan: Plan, conversation: Conversation | None = None) -> AnswerView:
    """An answer to render; in a conversation its follow-ups continue it (after all of its turns)."""
    followup = None
    if conversation is not None:
        cid, history, about = conversation.conversation_id, conversation.history, conversation.about

        def followup(suggestion: Suggestion) -> str:
            return ask_href(suggestion.question, cid, history, about)

    known = {a.id for a in plan.document.actions}
    return answer_view(question, answer, known=known, followup=followup, explorer_count=_explorer_count(answer, plan))


def _earlier(
    feedback: FeedbackStore, settings: Settings, ids: list[str], conversation_id: str | None
) -> list[tuple[str, SharedAnswer]]:
    """The earlier answers of this conversation the page names, oldest first (expired or foreign ones left out)."""
    if not conversation_id:
        return []
    found = []
    for message_id in list(dict.fromkeys(ids))[-MAX_HISTORY:]:
        try:
            shared = feedback.shared_answer(message_id[:100], settings.conversation_ttl_s)
        except AssistantError:
            log.warning("earlier answer %s could not be read", message_id, exc_info=True)
            continue
        if shared is not None and shared.answer.conversation_id == conversation_id:
            found.append((message_id, shared))
    return found


def _start_about(answerer: Answerer, conversation: Conversation, action_id: str) -> None:
    """Show the action the conversation is about; a new conversation starts with it as its previous turn."""
    try:
        conversation.subject = answerer.action_card(action_id[:40])
    except ActionNotFound as exc:
        conversation.error, conversation.status = exc.user_message, 404
        return
    given = conversation.conversation_id
    if given is None or not answerer.has_conversation(PREFIX + given):
        # "Wie trekt ze?" then asks about this action.
        conversation.conversation_id = str(uuid.uuid4())
        answerer.seed_conversation(PREFIX + conversation.conversation_id, conversation.subject.id)


def _ask(
    answerer: Answerer, feedback: FeedbackStore, settings: Settings, conversation: Conversation, today: date
) -> tuple[str, Answer] | None:
    """Answer the conversation's new question (kept for feedback and sharing); None with the error shown."""
    try:
        asked = validate_question(conversation.question, settings.max_question_chars)
        cid = internal_id(answerer, conversation.conversation_id)
        answer = public(answerer.answer(asked, cid, today=today))
    except AssistantError as exc:
        conversation.error, conversation.status = exc.user_message, status_of(exc)
        return None
    remember(feedback, answer, asked, "web")
    conversation.conversation_id = answer.conversation_id
    # Asked and answered: the box is empty again.
    conversation.question = ""
    return asked, answer


def _converse(
    params: Mapping[str, Any],
    answerer: Answerer,
    feedback: FeedbackStore,
    settings: Settings,
    plan: Plan,
    today: date,
) -> Conversation:
    """The conversation a request names, with its new question (if any) answered."""
    conversation = Conversation(conversation_id=str(params.get("gesprek") or "")[:100] or None)
    action_id = str(params.get("actie") or "").strip()
    if action_id:
        _start_about(answerer, conversation, action_id)
    earlier = _earlier(feedback, settings, list(params.get("m") or []), conversation.conversation_id)
    answered = [(mid, shared.question, shared.answer) for mid, shared in earlier]
    if params.get("vraag") is not None:
        conversation.question = str(params["vraag"])
        if (new := _ask(answerer, feedback, settings, conversation, today)) is not None:
            answered.append((new[1].message_id or "", *new))
    conversation.turns = [ChatTurn(mid, _view(q, a, plan)) for mid, q, a in answered]
    # Every turn's follow-ups continue the conversation after all of its turns.
    for turn in conversation.turns:
        turn.view = _view(turn.view.question, turn.view.answer, plan, conversation)
    return conversation


async def _chat(request: Request, params: Mapping[str, Any], today: date) -> Response:
    """Render the chat page for a request's parameters (the bare page needs no answerer: it shows while the index
    is not ready)."""
    settings: Settings = request.app.state.settings
    conversation = Conversation()
    if params.get("vraag") is not None or any(params.get(key) for key in ("actie", "gesprek", "m")):
        try:
            answerer = await get_answerer(request)
            plan = Plan(answerer.live.current().document, answerer.directory, today)
            feedback = request.app.state.feedback
            conversation = await run_in_threadpool(_converse, params, answerer, feedback, settings, plan, today)
        except AssistantError as exc:
            conversation.error, conversation.status = exc.user_message, status_of(exc)
            conversation.question = str(params.get("vraag") or "")
    return render(
        request,
        "chat.html",
        conversation.status,
        config=chat_config(settings, _thread_config(conversation)),
        starters=STARTERS,
        conversation=conversation,
        subject_questions=[
            (q, ask_href(q, conversation.conversation_id, conversation.history, conversation.about))
            for q in SUBJECT_QUESTIONS
        ],
    )


def _thread_config(conversation: Conversation) -> dict[str, Any] | None:
    """What the chat's script takes over from a conversation the server rendered (None when there is none)."""
    if conversation.conversation_id is None and not conversation.turns:
        return None
    subject = conversation.subject
    return {
        "conversation_id": conversation.conversation_id,
        "subject": subject.model_dump(include={"id", "title", "initiators", "initiator_text", "timing"})
        if subject
        else None,
        "subject_questions": list(SUBJECT_QUESTIONS) if subject else [],
        "turns": [
            {"question": turn.view.question, "answer": turn.view.answer.model_dump(mode="json")}
            for turn in conversation.turns
        ],
    }


@router.get("/")
async def chat_page(request: Request, today: TodayDep) -> Response:
    """The chat page; ?vraag= answers that question (a follow-up link), ?actie= starts a conversation about that
    action, ?gesprek= and ?m= name the conversation and its earlier answers."""
    query = request.query_params
    params: dict[str, Any] = {key: query.get(key) for key in ("vraag", "gesprek", "actie")}
    params["m"] = query.getlist("m")
    return await _chat(request, params, today)


@router.post("/")
async def chat_post(request: Request, today: TodayDep) -> Response:
    """The question form without JavaScript: the answer is rendered into the page with the conversation so far."""
    pairs = parse_qsl((await request.body()).decode("utf-8", errors="replace"), keep_blank_values=True)
    params: dict[str, Any] = {key: value for key, value in pairs if key != "m"}
    params["m"] = [value for key, value in pairs if key == "m"]
    # A form always asks: an empty box gets "type a question first", not the empty page.
    params.setdefault("vraag", "")
    return await _chat(request, params, today)


@router.get("/antwoord/{message_id}")
async def shared_answer_page(
    request: Request, message_id: str, feedback: FeedbackDep, settings: SettingsDep, plan: PlanDep
) -> Response:
    """An answer's permalink: the question, the answer and its sources, rendered by the server."""
    ttl = settings.conversation_ttl_s
    shared = await run_in_threadpool(feedback.shared_answer, message_id[:100], ttl)
    if shared is None:
        hours = f"{ttl // 3600} uur" if ttl >= 3600 else f"{max(1, ttl // 60)} minuten"
        return render(request, "error.html", 404, message=EXPIRED.format(hours=hours))
    return render(
        request,
        "answer.html",
        view=_view(shared.question, shared.answer, plan, None),
        message_id=message_id,
        asked=dutch_moment(shared.created),
        until=dutch_moment(shared.created + ttl),
    )


_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_moment(epoch_s: float) -> str:
    """ "8 december 2026 om 14:05", in the server's time zone."""
    moment = datetime.fromtimestamp(epoch_s)
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year} om {moment:%H:%M}"
