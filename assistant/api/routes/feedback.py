"""POST /api/feedback: a 👍/👎 with an optional comment on one answer."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.dependencies import ChannelDep, FeedbackDep
from assistant.api.errors import error_responses
from assistant.api.schemas import FeedbackRequest, FeedbackStored

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackStored,
    summary="Geef feedback op een antwoord",
    responses=error_responses(400, 404, 413, 422, 429),
)
def post_feedback(body: FeedbackRequest, feedback: FeedbackDep, channel: ChannelDep) -> FeedbackStored:
    """Store the rating; an unknown message id gives 404 (FeedbackNotFound)."""
    stored = feedback.add_feedback(body.message_id, body.rating, body.comment, channel)
    return FeedbackStored(id=stored, message_id=body.message_id, rating=body.rating)
