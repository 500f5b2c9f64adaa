"""Organisation pages: every organisation of the alias table with its actions as trekker and as partner."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.api.explorer.rows import ActionRow, Plan
from assistant.question import ActionFilters
from plan_model.organisations import Organisation


@dataclass(frozen=True)
class OrganisationView:
    """One organisation with its actions (through the filter model, as /acties?org=… shows them) and groups."""

    organisation: Organisation
    as_initiator: list[ActionRow]
    as_partner: list[ActionRow]
    groups: list[Organisation]
    members: list[Organisation]

    @property
    def name(self) -> str:
        """The canonical name."""
        return self.organisation.name

    @property
    def initiator_query(self) -> str:
        """The action browser's query for the actions it leads."""
        return ActionFilters.model_validate({"org": (self.name,), "role": "initiator"}).as_query()

    @property
    def partner_query(self) -> str:
        """The action browser's query for the actions it is a partner in."""
        return ActionFilters.model_validate({"org": (self.name,), "role": "partner"}).as_query()


def _groups(organisation: Organisation, plan: Plan) -> list[Organisation]:
    """The chain of groups an organisation belongs to, nearest first (POM Antwerpen → POM's)."""
    chain: list[Organisation] = []
    parent = organisation.parent
    while parent and parent not in (o.name for o in chain):
        found = plan.directory.get(parent)
        if found is None:
            break
        chain.append(found)
        parent = found.parent
    return chain


def organisation_view(organisation: Organisation, plan: Plan) -> OrganisationView:
    """An organisation with its actions and groups."""
    name = (organisation.name,)
    return OrganisationView(
        organisation,
        as_initiator=plan.rows(ActionFilters.model_validate({"org": name, "role": "initiator"})),
        as_partner=plan.rows(ActionFilters.model_validate({"org": name, "role": "partner"})),
        groups=_groups(organisation, plan),
        members=[o for o in plan.directory.organisations if o.parent == organisation.name],
    )


def all_organisations(plan: Plan) -> list[OrganisationView]:
    """Every organisation of the alias table, alphabetically."""
    ordered = sorted(plan.directory.organisations, key=lambda o: o.name.lower())
    return [organisation_view(o, plan) for o in ordered]


def find_organisation(name: str, plan: Plan) -> Organisation | None:
    """The organisation a name in a URL stands for: canonical name, any alias, or a close typo."""
    canonical = plan.directory.canonical(name) or plan.directory.fuzzy(name)
    return plan.directory.get(canonical) if canonical else None
