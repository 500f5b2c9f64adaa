"""Request and response bodies of the API (Answer and ActionCard come from assistant.answer_models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from ingest.records import ActionRecord

MAX_COMMENT_CHARS = 2000
MAX_ID_CHARS = 100


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    # The length limit is a setting, so it is checked (with a Dutch message) by the one question validator, not
    # here; the schema only states what any deployment requires: some text that is not blank.
    question: str = Field(
        description="De vraag, max. 2000 tekens (instelling ACTIEPLAN_MAX_QUESTION_CHARS)",
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
    )
    conversation_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)


class FeedbackRequest(BaseModel):
    """A 👍 or 👎 on one answer, with an optional comment."""

    message_id: str = Field(min_length=1, max_length=MAX_ID_CHARS)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT_CHARS)

    @field_validator("comment")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        # An emptied comment box means "no comment", not an empty comment.
        return value.strip() or None if value is not None else None


class FeedbackStored(BaseModel):
    """Confirmation that feedback was stored."""

    id: int
    message_id: str
    rating: Literal["up", "down"]


class ActionSummary(ActionRecord):
    """An action record as listed by GET /api/actions, with its short title."""


class ErrorDetail(BaseModel):
    """What went wrong: a stable code (the error's class name) and a Dutch message for users."""

    code: str = Field(examples=["InvalidQuestion"])
    message: str = Field(examples=["Je vraag is leeg."])


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail
