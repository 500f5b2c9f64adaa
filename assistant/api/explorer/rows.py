"""What the explorer shows of an action: its card, its phase relative to today and its labels in Dutch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from assistant.answer_models import ActionCard
from assistant.question import ActionFilters, MatchContext
from assistant.question.ordering import Phase, phase_of
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord, PlanDocument

PHASE_LABELS: dict[Phase, str] = {
    "planned": "gepland",
    "running": "loopt",
    "ongoing": "doorlopend",
    # The plan does not report progress: an action whose end lies behind us has probably finished.
    "finished": "waarschijnlijk afgerond",
    "undetermined": "timing nog te bepalen",
}

# Shown for a cell the plan leaves empty, so no action silently drops out of a column or a filter.
NOT_STATED = "niet vermeld"

# The plan's introduction: without "planning" or "project" an action runs on VITO Kennispunt Water's own means.
STATUS_LABELS = {"planning": "planning", "project": "project (cofinanciering)", None: "werkingsmiddelen"}


def action_href(action_id: str) -> str:
    """The address of an action's own page: /acties/KP%201.3."""
    return "/acties/" + quote(action_id, safe="")


def organisation_href(name: str) -> str:
    """The address of an organisation's page: /organisaties/VMM."""
    return "/organisaties/" + quote(name, safe="")


@dataclass(frozen=True)
class ActionRow:
    """One action as the explorer lists it."""

    card: ActionCard
    record: ActionRecord
    phase: Phase

    @property
    def id(self) -> str:
        """The action id, "KP 1.3"."""
        return self.card.id

    @property
    def href(self) -> str:
        """The action's own page."""
        return action_href(self.card.id)

    @property
    def importance(self) -> str:
        """Sleutelactie, Ondersteunend or "niet vermeld"."""
        return self.card.importance or NOT_STATED

    @property
    def status(self) -> str:
        """Planning, project or werkingsmiddelen."""
        return STATUS_LABELS.get(self.card.status, self.card.status or NOT_STATED)

    @property
    def phase_label(self) -> str:
        """The phase in Dutch."""
        return PHASE_LABELS[self.phase]

    @property
    def timing(self) -> str:
        """The timing as the plan writes it, or "niet vermeld"."""
        return self.card.timing or NOT_STATED


@dataclass(frozen=True)
class Plan:
    """The plan as the explorer reads it: the document, the alias table and the day it is."""

    document: PlanDocument
    directory: OrganisationDirectory
    today: date
    # The plan the live one replaced: its actions that are gone get a page saying so, not a 404.
    earlier: PlanDocument | None = None

    def removed(self, action_id: str) -> ActionRecord | None:
        """The earlier plan's record of an action this plan no longer has, or None."""
        if self.earlier is None or self.document.action(action_id) is not None:
            return None
        return self.earlier.action(action_id)

    @property
    def context(self) -> MatchContext:
        """What the filter model needs to match."""
        return MatchContext(self.document, self.directory, self.today)

    def row(self, action: ActionRecord) -> ActionRow:
        """One action as a row."""
        return ActionRow(ActionCard.from_record(action, self.document), action, phase_of(action, self.today))

    def matching(self, filters: ActionFilters) -> list[ActionRecord]:
        """The actions passing the filters, in plan order (the same as GET /api/actions)."""
        return filters.apply(self.document.actions, self.context)

    def rows(self, filters: ActionFilters) -> list[ActionRow]:
        """The rows of the actions passing the filters, in plan order."""
        return [self.row(action) for action in self.matching(filters)]

    def count(self, filters: ActionFilters) -> int:
        """How many actions pass the filters."""
        return len(self.matching(filters))
