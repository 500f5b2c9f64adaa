"""The one filter model: every exact filter over the actions, with how it matches and how answers name it.

`ActionFilters` is what a parsed question holds, what `GET /api/actions` takes as query parameters and what
`actieplan actions` takes as flags (both derived from its fields). Each field carries a `Filter`: its help
text, its matcher (`filter_rules.py`) and its Dutch and English phrase (`filter_phrases.py`). Adding a filter means
adding a field here, the words that set it (`vocabulary.py`, `parser.py`) and a test.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, Field

from assistant.question.filter_phrases import (
    describe_domains,
    describe_flag,
    describe_groups,
    describe_not_led_by,
    describe_objectives,
    describe_orgs,
    describe_status,
)
from assistant.question.filter_rules import (
    IMPORTANCES,
    NOT_STATED,
    QUARTER_PATTERN,
    STATUSES,
    Filter,
    Language,
    MatchContext,
    Role,
    ends_at,
    has_no_timing,
    involves,
    match_groups,
    match_lever,
    match_not_led_by,
    match_orgs,
    match_starts_in,
    name_list,
    one_of,
    quarter_bound,
    resolve_org,
    show_quarter,
    starts_at,
)
from foundation.text import fold
from ingest.records import DOMAIN_ORDER, ActionRecord, DomainCode, PlanDocument, Status
from ingest.timing import is_active_in, is_running_now, year_of

Orgs = Annotated[tuple[str, ...], name_list("org")]


class ActionFilters(BaseModel):
    """Every exact filter over the actions; unset fields do not filter; all filters must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    orgs: Annotated[
        Orgs,
        Filter("organisatie, bv. VMM (herhaal voor meer)", match=match_orgs, describe=describe_orgs),
    ] = Field(default=(), alias="org")
    groups: Annotated[
        tuple[str, ...],
        name_list("group"),
        Filter("groep van organisaties, bv. universiteiten", match=match_groups, describe=describe_groups),
    ] = Field(default=(), alias="group")
    orgs_match: Annotated[Literal["all", "any"], Filter("all: alle organisaties samen; any: minstens één")] = "all"
    role: Annotated[Role, Filter("rol van de organisatie: initiator (trekker), partner of any")] = "any"
    not_led_by: Annotated[
        Orgs, Filter("niet getrokken door deze organisatie", match=match_not_led_by, describe=describe_not_led_by)
    ] = ()
    not_involving: Annotated[
        Orgs,
        Filter(
            "zonder deze organisatie (als trekker of partner)",
            match=lambda a, v, _, ctx: not any(involves(a, resolve_org(org, ctx.directory), "any") for org in v),
            describe=lambda v, _, language, __: ("without {}" if language == "en" else "zonder {}").format(
                (" or " if language == "en" else " of ").join(v)
            ),
        ),
    ] = ()
    domains: Annotated[
        tuple[DomainCode, ...],
        one_of(DOMAIN_ORDER, "domain", many=True),
        Filter("focusdomein: KP, BW, BT of BM", match=lambda a, v, _, __: a.domain in v, describe=describe_domains),
    ] = Field(default=(), alias="domain")
    objectives: Annotated[
        tuple[str, ...],
        name_list("objective"),
        Filter(
            "operationele doelstelling, bv. KP-O.D.1",
            match=lambda a, v, _, __: a.objective in v,
            describe=describe_objectives,
        ),
    ] = Field(default=(), alias="objective")
    importance: Annotated[
        Literal["Sleutelactie", "Ondersteunend", "niet vermeld"] | None,
        one_of(IMPORTANCES, "importance"),
        Filter(
            "relatief belang: Sleutelactie, Ondersteunend of niet vermeld",
            match=lambda a, v, _, __: (a.importance or NOT_STATED) == v,
            describe=lambda v, _, language, __: (
                (
                    "whose relative importance the plan does not state"
                    if language == "en"
                    else "waarvoor het plan geen relatief belang vermeldt"
                )
                if v == NOT_STATED
                else ""
            ),
        ),
    ] = None
    status: Annotated[
        Status | None,
        one_of(STATUSES, "status"),
        Filter(
            "planning of project (met cofinanciering)",
            match=lambda a, v, _, __: a.status == v,
            describe=describe_status,
        ),
    ] = None
    projects: Annotated[
        tuple[str, ...],
        name_list("project"),
        Filter(
            "woord uit de projectnaam, bv. Aquatuur",
            match=lambda a, v, _, __: any(t in fold(" ".join(a.projects)) for t in v),
        ),
    ] = Field(default=(), alias="project")
    lever: Annotated[
        str | None,
        Filter(
            "hefboom, bv. financiering & businessmodellen",
            match=match_lever,
            nl="onder de hefboom {value}",
            en="under the lever {value}",
        ),
    ] = None
    active_in: Annotated[
        int | None,
        Field(ge=2000, le=2100),
        Filter(
            "jaar waarin de actie loopt",
            match=lambda a, v, _, __: is_active_in(a.start, a.end, a.ongoing, has_no_timing(a), v),
            nl="die in {value} lopen",
            en="running in {value}",
        ),
    ] = None
    active_now: Annotated[
        bool | None,
        Filter(
            "loopt nu (dit kwartaal)",
            match=lambda a, v, _, ctx: is_running_now(a.start, a.end, a.ongoing, ctx.today) == v,
            describe=describe_flag("die nu lopen", "running now"),
        ),
    ] = None
    starts_in: Annotated[
        str | None,
        Field(pattern=r"^(19|20)\d{2}(-Q[1-4])?$"),
        Filter(
            "start in dit jaar of kwartaal, bv. 2026 of 2026-Q1",
            match=match_starts_in,
            nl="die starten in {value}",
            en="starting in {value}",
        ),
    ] = None
    ends_in: Annotated[
        int | None,
        Field(ge=2000, le=2100),
        Filter(
            "eindigt in dit jaar",
            match=lambda a, v, _, __: bool(a.end) and year_of(a.end) == v,
            nl="die eindigen in {value}",
            en="ending in {value}",
        ),
    ] = None
    ends_by: Annotated[
        str | None,
        Field(pattern=QUARTER_PATTERN),
        Filter(
            "eindigt uiterlijk in dit kwartaal, bv. 2026-Q2",
            match=lambda a, v, _, __: (end := ends_at(a)) is not None and end <= quarter_bound(v),
            describe=lambda v, _, language, __: (
                "ending by {}" if language == "en" else "die uiterlijk in {} eindigen"
            ).format(show_quarter(v)),
        ),
    ] = None
    ends_after: Annotated[
        str | None,
        Field(pattern=QUARTER_PATTERN),
        Filter(
            "eindigt na dit kwartaal, bv. 2027-Q4",
            match=lambda a, v, _, __: (end := ends_at(a)) is not None and end > quarter_bound(v),
            describe=lambda v, _, language, __: (
                "ending after {}" if language == "en" else "die na {} eindigen"
            ).format(show_quarter(v)),
        ),
    ] = None
    starts_by: Annotated[
        str | None,
        Field(pattern=QUARTER_PATTERN),
        Filter(
            "start uiterlijk in dit kwartaal, bv. 2025-Q4",
            match=lambda a, v, _, __: (start := starts_at(a)) is not None and start <= quarter_bound(v),
            describe=lambda v, _, language, __: (
                "starting by {}" if language == "en" else "die uiterlijk in {} starten"
            ).format(show_quarter(v)),
        ),
    ] = None
    starts_from: Annotated[
        str | None,
        Field(pattern=QUARTER_PATTERN),
        Filter(
            "start in of na dit kwartaal, bv. 2027-Q1",
            match=lambda a, v, _, __: (start := starts_at(a)) is not None and start >= quarter_bound(v),
            describe=lambda v, _, language, __: (
                "starting from {}" if language == "en" else "die vanaf {} starten"
            ).format(show_quarter(v)),
        ),
    ] = None
    ongoing: Annotated[
        bool | None,
        Filter(
            "doorlopend",
            match=lambda a, v, _, __: a.ongoing == v,
            describe=describe_flag("die doorlopend zijn", "that are ongoing"),
        ),
    ] = None
    undetermined: Annotated[
        bool | None,
        Filter(
            "timing nog niet bepaald",
            match=lambda a, v, _, __: has_no_timing(a) == v,
            describe=describe_flag("waarvan de timing nog niet vastligt", "whose timing is not yet set"),
        ),
    ] = None

    @property
    def excludes_own_lead(self) -> bool:
        """Whether the named organisations must be partners without leading ("niet zelf trekker")."""
        return bool(self.orgs) and self.role == "partner" and set(self.orgs) <= set(self.not_led_by)

    @property
    def active(self) -> dict[str, Any]:
        """The filters that filter: every field with a value other than its default."""
        return {
            name: getattr(self, name)
            for name, info in type(self).model_fields.items()
            if getattr(self, name) != info.default and _spec(name).match is not None
        }

    def __bool__(self) -> bool:
        return bool(self.active)

    def matches(self, action: ActionRecord, ctx: MatchContext) -> bool:
        """Whether the action passes every filter."""
        return all(_spec(name).match(action, value, self, ctx) for name, value in self.active.items())  # type: ignore[misc]

    def apply(self, actions: list[ActionRecord], ctx: MatchContext) -> list[ActionRecord]:
        """The actions passing every filter, in the given (plan) order; never cut to a top-k."""
        return [action for action in actions if self.matches(action, ctx)]

    def describe(self, language: Language, document: PlanDocument) -> str:
        """The filters as one Dutch (or English) phrase: "die VMM trekt, in focusdomein KP (…)"."""
        clauses = [_spec(name).phrase(value, self, language, document) for name, value in self.active.items()]
        return ", ".join(c for c in clauses if c)

    def given(self) -> dict[str, Any]:
        """The fields set explicitly (by a question, a flag or a query parameter), for storing and inheriting."""
        return {name: getattr(self, name) for name in self.model_fields_set}

    def as_query(self) -> str:
        """The filters as the query string of `GET /api/actions` and the action browser ("org=VMM&role=initiator")."""
        values = self.model_dump(by_alias=True, exclude_defaults=True, mode="json")
        pairs = [(key, v) for key, value in values.items() for v in (value if isinstance(value, list) else [value])]
        return urlencode([(key, str(v).lower() if isinstance(v, bool) else v) for key, v in pairs])

    def but(self, **changes: Any) -> ActionFilters:
        """A copy with these filters set (validated, and counted as given)."""
        return ActionFilters.model_validate({**self.given(), **changes})

    def inherit(self, earlier: ActionFilters) -> ActionFilters:
        """These filters completed with an earlier question's, for "en voor X?": what this one sets wins."""
        return ActionFilters.model_validate({**earlier.given(), **self.given()})


def _spec(name: str) -> Filter:
    """The Filter metadata of a field of ActionFilters."""
    return next(m for m in ActionFilters.model_fields[name].metadata if isinstance(m, Filter))


def filter_specs() -> dict[str, tuple[Any, Filter]]:
    """Every field of ActionFilters with its annotation and Filter, for deriving CLI flags and docs."""
    return {name: (info.annotation, _spec(name)) for name, info in ActionFilters.model_fields.items()}
