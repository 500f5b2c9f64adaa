"""Request and response bodies of the API (Answer and ActionCard come from assistant.answer_models).

Every field carries a Dutch description and an example that works against the bundled plan, for /docs.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from plan_model.records import ActionRecord

MAX_COMMENT_CHARS = 2000
MAX_ID_CHARS = 100


class AskRequest(BaseModel):
    """A question, optionally continuing a conversation."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "Wie trekt KP 1.3?", "conversation_id": None}]}
    )

    # The length limit is a setting, so it is checked (with a Dutch message) by the one question validator, not
    # here; the schema only states what any deployment requires: some text that is not blank.
    question: str = Field(
        description="De vraag, max. 2000 tekens (instelling ACTIEPLAN_MAX_QUESTION_CHARS)",
        examples=["Wie trekt KP 1.3?"],
        json_schema_extra={"minLength": 1, "pattern": r"\S"},
    )
    conversation_id: str | None = Field(
        default=None,
        max_length=MAX_ID_CHARS,
        description=(
            "Laat leeg (null) voor een nieuw gesprek. Om verder te vragen: de conversation_id uit het vorige "
            "antwoord. Een id die de dienst nooit uitgaf, begint een nieuw gesprek."
        ),
        examples=[None],
    )


class FeedbackRequest(BaseModel):
    """A 👍 or 👎 on one answer, with an optional comment."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message_id": "(message_id uit een antwoord van /api/ask)", "rating": "down", "comment": None}
            ]
        }
    )

    message_id: str = Field(
        min_length=1, max_length=MAX_ID_CHARS, description="De message_id van het antwoord, uit /api/ask"
    )
    rating: Literal["up", "down"] = Field(description="up = nuttig (👍), down = niet nuttig (👎)")
    comment: str | None = Field(
        default=None, max_length=MAX_COMMENT_CHARS, description="Optionele toelichting (max. 2000 tekens)"
    )

    @field_validator("comment")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        # An emptied comment box means "no comment", not an empty comment.
        return value.strip() or None if value is not None else None


class FeedbackComment(BaseModel):
    """A comment added to a vote already given (the 👎 is stored on the click, the comment may follow)."""

    message_id: str = Field(
        min_length=1, max_length=MAX_ID_CHARS, description="De message_id van het antwoord waarop gestemd werd"
    )
    comment: str = Field(
        min_length=1,
        max_length=MAX_COMMENT_CHARS,
        description="De toelichting (max. 2000 tekens)",
        examples=["Ik mis de subsidies van VLAIO."],
    )


class FeedbackStored(BaseModel):
    """Confirmation that feedback was stored."""

    id: int = Field(description="Nummer van de stem; nodig om er later een toelichting aan toe te voegen")
    message_id: str = Field(description="Het antwoord waarop gestemd werd")
    rating: Literal["up", "down"] = Field(description="De stem")
    comment: str | None = Field(default=None, description="De toelichting, als die er is")


# What each field of an action means, for /docs (the record model itself belongs to ingest).
ACTION_FIELDS = {
    "id": ("Actienummer", "KP 1.3"),
    "domain": ("Focusdomein: KP, BW, BT of BM", "KP"),
    "objective": ("Operationele doelstelling", "KP-O.D.1"),
    "status": ("planning, project (met cofinanciering) of leeg (werkingsmiddelen)", "planning"),
    "projects": ("Namen van de gecofinancierde projecten", ["Aquatuur"]),
    "action": ("De tekst van de actie, zoals in het plan", "Selecteren van vijf prioritaire stoffen …"),
    "output": ("De beoogde output", "Een lijst van vijf prioritaire stoffen …"),
    "initiators": ("Trekkers, met hun naam uit de lijst van organisaties", ["VMM"]),
    "partners": ("Betrokken partners, met hun naam uit de lijst van organisaties", ["VITO Kennispunt Water"]),
    "initiator_text": ("De cel 'initiator/trekker' zoals in het plan", "VMM"),
    "partner_text": ("De cel 'betrokken partners' zoals in het plan", "VITO Kennispunt Water, …"),
    "timing": ("De timing zoals in het plan", "Q3 2025- …"),
    "start": ("Begin als jaar of kwartaal (YYYY of YYYY-Qn), leeg als niet vermeld", "2025-Q3"),
    "end": ("Einde als jaar of kwartaal, leeg als open of niet vermeld", None),
    "ongoing": ("Doorlopend", False),
    "importance": (
        "Relatief belang: Sleutelactie, Ondersteunend, of leeg als het plan het niet vermeldt",
        "Sleutelactie",
    ),
    "source": ("Plaats in het plan (p. N, of de regel van de tekstversie)", "p. 4"),
    "page": ("Pagina van het plan, als die bekend is", 4),
    "title": ("Korte titel: de eerste zin van de actie", "Selecteren van vijf prioritaire stoffen …"),
}


def describe_action_fields(schema: dict[str, Any]) -> None:
    """Add the Dutch description and an example to each documented property of an action schema."""
    for name, prop in schema.get("properties", {}).items():
        if name in ACTION_FIELDS:
            description, example = ACTION_FIELDS[name]
            prop["description"] = description
            prop["examples"] = [example]


class ActionSummary(ActionRecord):
    """An action record as listed by GET /api/actions, with its short title (derived at ingest)."""

    model_config = ConfigDict(json_schema_extra=describe_action_fields)


class FilterOption(BaseModel):
    """One value a filter can take."""

    value: str = Field(description="De waarde voor de query", examples=["KP"])
    label: str = Field(description="De waarde voor lezers", examples=["KP · Ketenaanpak van polluenten"])
    count: int | None = Field(description="Hoeveel acties je krijgt met deze waarde (de andere filters blijven)")
    selected: bool = Field(description="Of deze waarde nu gekozen is")
    disabled: bool = Field(description="Alleen ter informatie, niet te kiezen (bv. 'niet vermeld')")


class FilterControl(BaseModel):
    """One filter of /api/actions with the values the plan holds."""

    name: str = Field(description="De queryparameter", examples=["domain"])
    field: str = Field(description="Het veld van het filtermodel", examples=["domains"])
    label: str = Field(description="Korte naam", examples=["Focusdomein"])
    help: str = Field(description="Uitleg", examples=["focusdomein: KP, BW, BT of BM"])
    options: list[FilterOption] = Field(description="De mogelijke waarden")
    values: list[str] = Field(description="De gekozen waarden", examples=[["KP"]])


class ErrorDetail(BaseModel):
    """What went wrong: a stable code (the error's class name) and a Dutch message for users."""

    code: str = Field(description="Vaste code van de fout (de naam van de foutklasse)", examples=["InvalidQuestion"])
    message: str = Field(description="Wat er mis is, in het Nederlands", examples=["Je vraag is leeg."])


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorDetail = Field(description="De fout")
