"""Request and response bodies of the API (Answer and ActionCard come from assistant.answer_models)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from assistant.action_filters import Role
from assistant.errors import InvalidQuestion
from ingest.records import DOMAIN_ORDER, ActionRecord, short_title

MAX_COMMENT_CHARS = 2000
MAX_ID_CHARS = 100
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    # The length limit is a setting, so it is checked (with a Dutch message) by clean_question, not here;
    # the schema only states what any deployment requires: some text that is not blank.
    question: str = Field(
        description="De vraag, max. 2000 tekens (instelling ACTIEPLAN_MAX_QUESTION_CHARS)",
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
    )
    conversation_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)

    @field_validator("question")
    @classmethod
    def _valid_unicode(cls, value: str) -> str:
        # JSON may carry lone surrogates ("\ud800"); they cannot be stored or encoded as UTF-8 later on.
        if _LONE_SURROGATE.search(value):
            raise ValueError("Je vraag bevat ongeldige tekens.")
        return value


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


def choice_pattern(options: tuple[str, ...]) -> str:
    """A JSON-schema pattern for one of the options in any letter case, with blanks around allowed."""
    # JSON-schema (ECMA) patterns have no case-insensitive flag, so each letter lists both cases.
    spelled = ("".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in o) for o in options)
    return r"^\s*(?:" + "|".join(spelled) + r")\s*$"


_IMPORTANCES = ("Sleutelactie", "Ondersteunend")
_STATUSES = ("planning", "project")


class ActionFilters(BaseModel):
    """Query parameters of GET /api/actions; unset ones do not filter."""

    # A misspelt filter would otherwise be ignored silently and return every action.
    model_config = ConfigDict(extra="forbid")

    org: str | None = Field(default=None, min_length=1, max_length=200, description="Organisatie, bv. VMM")
    role: Role = Field(default="any", description="initiator (trekker), partner of any")
    # The patterns document the accepted values; the validators below check them with Dutch messages.
    domain: str | None = Field(
        default=None, description="KP, BW, BT of BM", json_schema_extra={"pattern": choice_pattern(DOMAIN_ORDER)}
    )
    importance: str | None = Field(
        default=None,
        description="Sleutelactie of Ondersteunend",
        json_schema_extra={"pattern": choice_pattern(_IMPORTANCES)},
    )
    status: str | None = Field(
        default=None, description="planning of project", json_schema_extra={"pattern": choice_pattern(_STATUSES)}
    )
    active_in: int | None = Field(default=None, ge=2000, le=2100, description="Jaar waarin de actie loopt")

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        return _one_of(value, DOMAIN_ORDER, "domain")

    @field_validator("importance")
    @classmethod
    def _importance(cls, value: str | None) -> str | None:
        return _one_of(value, _IMPORTANCES, "importance")

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        return _one_of(value, _STATUSES, "status")


class ActionSummary(ActionRecord):
    """An action record as listed by GET /api/actions, with its one-line title."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def title(self) -> str:
        """A one-line title: the first clause of the action text."""
        return short_title(self.action)


class ErrorDetail(BaseModel):
    """What went wrong: a stable code (the error's class name) and a Dutch message for users."""

    code: str = Field(examples=["InvalidQuestion"])
    message: str = Field(examples=["Je vraag is leeg."])


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail
