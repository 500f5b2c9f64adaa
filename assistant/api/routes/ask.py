"""POST /api/ask: one question, one answer with citations; every answer is kept for feedback."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from assistant.answer_models import Answer
from assistant.api.conversations import internal_id, public
from assistant.api.dependencies import AnswererDep, Channel, ChannelDep, FeedbackDep, SettingsDep, TodayDep
from assistant.api.errors import error_responses
from assistant.api.schemas import AskRequest
from assistant.question import validate_question
from assistant.stores.feedback import FeedbackStore

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api", tags=["vragen"])


def remember(feedback: FeedbackStore, answer: Answer, question: str, channel: Channel) -> None:
    """Keep the answer so feedback can refer to it; a store failure must not cost the user the answer."""
    try:
        feedback.record_answer(answer, question, channel)
    except Exception:
        log.exception("could not record answer %s", answer.message_id)


# The errors a question can meet, documented on both /ask and /ask/stream.
ASK_ERRORS = error_responses(400, 413, 422, 429, 503)


@router.post(
    "/ask",
    response_model=Answer,
    summary="Stel een vraag over het actieplan",
    description=(
        "Beantwoordt één vraag in het Nederlands (of Engels) met de nummers van de acties waarop het antwoord "
        "steunt. Voor een vervolgvraag: geef de conversation_id van het vorige antwoord mee."
    ),
    responses=ASK_ERRORS,
)
def ask(
    body: AskRequest,
    answerer: AnswererDep,
    feedback: FeedbackDep,
    settings: SettingsDep,
    channel: ChannelDep,
    today: TodayDep,
) -> Answer:
    """Answer one question (sync def: FastAPI runs it in a worker thread, as the answerer blocks)."""
    question = validate_question(body.question, settings.max_question_chars)
    answer = public(answerer.answer(question, internal_id(answerer, body.conversation_id), today=today))
    remember(feedback, answer, question, channel)
    return answer
