"""Request and response bodies of the API (Answer and ActionCard come from assistant.answer_models)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from assistant.action_filters import Role
from assistant.errors import InvalidQuestion
from ingest.records import DOMAIN_ORDER, ActionRecord, short_title

MAX_COMMENT_CHARS = 2000
MAX_ID_CHARS = 100


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    question: str
    conversation_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)


def clean_question(text: str, max_chars: int) -> str:
    """The question without surrounding blanks; raises InvalidQuestion when empty or too long."""
    question = text.strip()
    if not question:
        raise InvalidQuestion("lege vraag", user_message="Je vraag is leeg.")
    if len(question) > max_chars:
        raise InvalidQuestion(
            f"vraag van {len(question)} tekens",
            user_message=f"Je vraag is te lang (max. {max_chars} tekens).",
        )
    return question


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


def _one_of(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    """The allowed spelling of a case-insensitive choice, or a Dutch ValueError."""
    if value is None:
        return None
    for option in allowed:
        if value.strip().lower() == option.lower():
            return option
    raise ValueError(f"Ongeldige waarde voor '{field}': kies uit {', '.join(allowed)}.")


class ActionFilters(BaseModel):
    """Query parameters of GET /api/actions; unset ones do not filter."""

    # A misspelt filter would otherwise be ignored silently and return every action.
    model_config = ConfigDict(extra="forbid")

    org: str | None = Field(default=None, min_length=1, max_length=200, description="Organisatie, bv. VMM")
    role: Role = Field(default="any", description="initiator (trekker), partner of any")
    domain: str | None = Field(default=None, description="KP, BW, BT of BM")
    importance: str | None = Field(default=None, description="Sleutelactie of Ondersteunend")
    status: str | None = Field(default=None, description="planning of project")
    active_in: int | None = Field(default=None, ge=2000, le=2100, description="Jaar waarin de actie loopt")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        return _one_of(value, DOMAIN_ORDER, "domain")

    @field_validator("importance")
    @classmethod
    def _importance(cls, value: str | None) -> str | None:
        return _one_of(value, ("Sleutelactie", "Ondersteunend"), "importance")

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        return _one_of(value, ("planning", "project"), "status")


class ActionSummary(ActionRecord):
    """An action record as listed by GET /api/actions, with its one-line title."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        """A one-line title: the first clause of the action text."""
        return short_title(self.action)
