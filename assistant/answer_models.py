"""Public models at the seams: answers with citations, and action cards."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from plan_model.records import ActionRecord, PlanDocument

Route = Literal["lookup", "structured", "mixed", "semantic", "overview", "abstain", "clarify", "changes"]
# "removed": an action the plan that serves no longer has (cited in answers about what changed).
CitationKind = Literal["action", "section", "objective", "guidance", "removed"]


class Citation(BaseModel):
    """A source an answer stands on: an action id, or a narrative section such as "BT, strategische doelstelling"."""

    id: str
    title: str
    quote: str = ""
    source: str = ""
    kind: CitationKind = "action"


class Suggestion(BaseModel):
    """A question the user may ask next: a follow-up, or one of the choices that settle an ambiguous question."""

    label: str
    question: str


class Answer(BaseModel):
    """An answer in Dutch (or English), with the sources each sentence cites."""

    answer: str
    citations: list[Citation] = Field(default_factory=list)
    route: Route
    abstained: bool = False
    language: Literal["nl", "en"] = "nl"
    conversation_id: str | None = None
    message_id: str | None = None
    suggestions: list[Suggestion] = Field(
        default_factory=list, description="Vervolgvragen; bij needs_choice de keuzes die de vraag verduidelijken"
    )
    needs_choice: bool = Field(
        default=False, description="De vraag was dubbelzinnig: het antwoord vraagt te kiezen uit de suggestions"
    )
    explorer_query: str | None = Field(
        default=None,
        description="Bij een lijstantwoord: de filters als querystring voor /acties (bv. org=VMM&role=initiator)",
    )
    plan_version: str | None = Field(
        default=None, description="De indexversie van het plan waaruit geantwoord werd (actieplan status)"
    )
    plan: str | None = Field(
        default=None, description="Die versie zoals mensen ze noemen: 'Actieplan 2025, versie van 12 september 2025'"
    )

    @property
    def cited_ids(self) -> list[str]:
        """The ids of the cited actions, in order."""
        return [c.id for c in self.citations if c.kind == "action"]


class ActionCard(BaseModel):
    """Everything the web chat shows about one action."""

    id: str
    title: str
    domain: str
    domain_name: str
    objective: str
    objective_title: str
    lever: str
    action: str
    output: str
    initiators: list[str]
    partners: list[str]
    initiator_text: str
    partner_text: str
    timing: str
    start: str | None
    end: str | None
    importance: str | None
    status: str | None
    projects: list[str]
    source: str
    page: int | None = Field(default=None, description="Pagina van het plan waar de actie staat, als die bekend is")
    source_label: str = Field(
        default="", description="Waar de actie in het plan staat, voor lezers: 'pagina 4 van het plan' of de tabel"
    )

    @classmethod
    def from_record(cls, record: ActionRecord, document: PlanDocument) -> ActionCard:
        """Build the card of an action, with its objective, lever and domain name."""
        objective = document.objective(record.objective)
        domain = document.domain(record.domain)
        return cls(
            id=record.id,
            title=record.title,
            domain=record.domain,
            domain_name=domain.name if domain else record.domain,
            objective=record.objective,
            objective_title=objective.title if objective else "",
            lever=objective.lever if objective else "",
            action=record.action,
            output=record.output,
            initiators=record.initiators,
            partners=record.partners,
            initiator_text=record.initiator_text,
            partner_text=record.partner_text,
            timing=record.timing,
            start=record.start,
            end=record.end,
            importance=record.importance,
            status=record.status,
            projects=record.projects,
            source=record.source,
            page=record.page,
            source_label=source_label(record, domain.name if domain else record.domain),
        )


def source_label(record: ActionRecord, domain_name: str) -> str:
    """Where a reader finds the action: its page, or (where the page is unknown) its table in the plan."""
    if record.page is not None:
        return f"pagina {record.page} van het plan"
    return f"focusdomein {record.domain} ({domain_name}), tabel van {record.objective}"
