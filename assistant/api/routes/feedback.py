"""POST /api/feedback: a 👍/👎 on one answer; PATCH /api/feedback/{id}: a comment added to that vote."""

from __future__ import annotations

from fastapi import APIRouter, Path

from assistant.api.dependencies import ChannelDep, FeedbackDep
from assistant.api.errors import error_responses
from assistant.api.schemas import FeedbackComment, FeedbackRequest, FeedbackStored

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackStored,
    summary="Geef feedback op een antwoord",
    description=(
        "Slaat een 👍 of 👎 op, met een optionele toelichting. Een onbekende message_id geeft 404; een database "
        "die even weg is 503 (er is dan niets opgeslagen)."
    ),
    responses=error_responses(400, 404, 413, 422, 429, 503),
)
def post_feedback(body: FeedbackRequest, feedback: FeedbackDep, channel: ChannelDep) -> FeedbackStored:
    """Store the rating; an unknown message id gives 404 (FeedbackNotFound)."""
    stored = feedback.add_feedback(body.message_id, body.rating, body.comment, channel)
    return FeedbackStored(id=stored, message_id=body.message_id, rating=body.rating, comment=body.comment)


@router.patch(
    "/feedback/{feedback_id}",
    response_model=FeedbackStored,
    summary="Voeg een toelichting toe aan je stem",
    description=(
        "De web-chat slaat een 👎 meteen op; de toelichting komt er daarna bij, in dezelfde rij. "
        "Geef de id uit het antwoord van POST /api/feedback en de message_id waarop gestemd werd."
    ),
    responses=error_responses(400, 404, 413, 422, 429, 503),
)
def comment_feedback(
    body: FeedbackComment,
    feedback: FeedbackDep,
    feedback_id: int = Path(description="De id uit het antwoord van POST /api/feedback", examples=[1]),
) -> FeedbackStored:
    """Add the comment to the stored vote; a vote that does not exist for that message gives 404."""
    feedback.add_comment(feedback_id, body.comment.strip(), message_id=body.message_id)
    row = next(r for r in feedback.feedback() if r["id"] == feedback_id)
    return FeedbackStored(id=feedback_id, message_id=body.message_id, rating=row["rating"], comment=row["comment"])
