"""The one filter model: every exact filter over the actions, with how it matches and how answers name it.

`ActionFilters` is what a parsed question holds, what `GET /api/actions` takes as query parameters and what
`actieplan actions` takes as flags (both derived from its fields). Each field carries a `Filter` (filter_rules.py)
holding everything else about it: its help text, its matcher, its describer, its label in the action browser,
its example in /docs and whether it is about timing, organisations or the question's subject.

Adding a filter: a field here with its `Filter`; its matcher (inline, or in `filter_rules.py` when it is longer
than a line); its Dutch and English clause in FILTER_PHRASES (`filter_phrases.py`); the words that set it
(`vocabulary.py` or `word_lists.py`, read by `parser.py`); and a test. The CLI flag, the query parameter, the
browser's control and the /docs example follow from the field.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from assistant.question import filter_phrases as phrases
from assistant.question.filter_rules import (
    IMPORTANCES,
    NOT_STATED,
    OWN_MEANS,
    STATUSES,
    Filter,
    MatchContext,
    Quarter,
    Role,
    ends_at,
    group_members,
    has_no_timing,
    involves,
    match_groups,
    match_lever,
    match_not_led_by,
    match_orgs,
    match_output_kinds,
    match_starts_in,
    name_list,
    one_of,
    quarter_filter,
    resolve_org,
    show_quarter,
    starts_at,
)
from assistant.question.filter_set import FilterSet
from assistant.question.ordering import Sort, sort_actions
from assistant.question.text_search import matches_text
from foundation.text import fold
from plan_model.records import DOMAIN_ORDER, ActionRecord, DomainCode
from plan_model.timing import is_active_in, is_running_now, year_of

Orgs = Annotated[tuple[str, ...], name_list("org")]


class ActionFilters(FilterSet):
    """Every exact filter over the actions; unset fields do not filter; all filters must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    orgs: Annotated[
        Orgs,
        Filter(
            "organisatie, bv. VMM (herhaal voor meer)",
            match=match_orgs,
            describe=phrases.describe_orgs,
            label="Organisatie",
            example="VMM",
            primary=True,
            organisations=True,
            subject="who",
        ),
    ] = Field(default=(), alias="org")
    groups: Annotated[
        tuple[str, ...],
        name_list("group"),
        Filter(
            "groep van organisaties, bv. universiteiten",
            match=match_groups,
            describe=phrases.describe_groups,
            label="Groep van organisaties",
            example="universiteiten",
            subject="who",
        ),
    ] = Field(default=(), alias="group")
    not_groups: Annotated[
        tuple[str, ...],
        name_list("not_group"),
        Filter(
            "zonder een lid van deze groep (als trekker of partner), bv. universiteiten",
            match=lambda a, v, _, ctx: not involves(a, group_members(v, ctx.directory), "any"),
            describe=phrases.describe_names("not_groups"),
            label="Zonder groep",
            example="universiteiten",
            subject="who",
        ),
    ] = Field(default=(), alias="not_group")
    group_except: Annotated[
        Orgs,
        Filter(
            "de groep zonder deze organisatie, bv. kennisinstellingen behalve VITO",
            describe=phrases.describe_names("group_except"),
            label="Groep zonder",
            example="VITO",
            counted=False,
            organisations=True,
        ),
    ] = Field(default=(), alias="group_except")
    orgs_match: Annotated[
        Literal["all", "any"],
        Filter(
            "all: alle organisaties samen; any: minstens één",
            label="Bij meer organisaties",
            example="any",
            counted=False,
        ),
    ] = "all"
    role: Annotated[
        Role,
        Filter(
            "rol van de organisatie: initiator (trekker), partner of any",
            label="Rol van de organisatie",
            example="initiator",
            primary=True,
        ),
    ] = "any"
    not_led_by: Annotated[
        Orgs,
        Filter(
            "niet getrokken door deze organisatie",
            match=match_not_led_by,
            describe=phrases.describe_not_led_by,
            label="Niet getrokken door",
            example="VITO Kennispunt Water",
            counted=False,
            organisations=True,
        ),
    ] = ()
    not_involving: Annotated[
        Orgs,
        Filter(
            "zonder deze organisatie (als trekker of partner)",
            match=lambda a, v, _, ctx: not any(involves(a, resolve_org(org, ctx.directory), "any") for org in v),
            describe=phrases.describe_not_involving,
            label="Zonder organisatie",
            example="VITO Kennispunt Water",
            organisations=True,
        ),
    ] = ()
    domains: Annotated[
        tuple[DomainCode, ...],
        one_of(DOMAIN_ORDER, "domain", many=True),
        Filter(
            "focusdomein: KP, BW, BT of BM",
            match=lambda a, v, _, __: a.domain in v,
            describe=phrases.describe_domains,
            label="Focusdomein",
            example="KP",
            primary=True,
            subject="where",
        ),
    ] = Field(default=(), alias="domain")
    objectives: Annotated[
        tuple[str, ...],
        name_list("objective"),
        Filter(
            "operationele doelstelling, bv. KP-O.D.1",
            match=lambda a, v, _, __: a.objective in v,
            describe=phrases.describe_objectives,
            label="Operationele doelstelling",
            example="KP-O.D.1",
            subject="where",
        ),
    ] = Field(default=(), alias="objective")
    importance: Annotated[
        Literal["Sleutelactie", "Ondersteunend", "niet vermeld"] | None,
        one_of(IMPORTANCES, "importance"),
        Filter(
            "relatief belang: Sleutelactie, Ondersteunend of niet vermeld",
            match=lambda a, v, _, __: (a.importance or NOT_STATED) == v,
            describe=phrases.describe_importance,
            label="Relatief belang",
            example="Sleutelactie",
            primary=True,
        ),
    ] = None
    status: Annotated[
        Literal["planning", "project", "werkingsmiddelen"] | None,
        one_of(STATUSES, "status"),
        Filter(
            "planning, project (met cofinanciering) of werkingsmiddelen (geen van beide)",
            match=lambda a, v, _, __: (a.status or OWN_MEANS) == v,
            describe=phrases.describe_status,
            label="Status",
            example="planning",
            primary=True,
        ),
    ] = None
    projects: Annotated[
        tuple[str, ...],
        name_list("project"),
        Filter(
            "woord uit de projectnaam, bv. Aquatuur",
            match=lambda a, v, _, __: any(t in fold(" ".join(a.projects)) for t in v),
            label="Project",
            example="aquatuur",
        ),
    ] = Field(default=(), alias="project")
    output_kinds: Annotated[
        tuple[str, ...],
        name_list("output"),
        Filter(
            "soort output, bv. white paper, factsheet, leidraad, workshop",
            match=match_output_kinds,
            describe=phrases.describe_names("output_kinds"),
            label="Soort output",
            example="leidraad",
        ),
    ] = Field(default=(), alias="output")
    lever: Annotated[
        str | None,
        Filter(
            "hefboom, bv. financiering & businessmodellen",
            match=match_lever,
            describe=phrases.describe_value("lever"),
            label="Hefboom",
            example="financiering & businessmodellen",
        ),
    ] = None
    active_in: Annotated[
        int | None,
        Field(ge=2000, le=2100),
        Filter(
            "jaar waarin de actie loopt",
            match=lambda a, v, _, __: is_active_in(a.start, a.end, a.ongoing, has_no_timing(a), v),
            describe=phrases.describe_value("active_in"),
            label="Loopt in jaar",
            example=2026,
            primary=True,
            timing=True,
        ),
    ] = None
    active_now: Annotated[
        bool | None,
        Filter(
            "loopt nu (dit kwartaal)",
            match=lambda a, v, _, ctx: is_running_now(a.start, a.end, a.ongoing, ctx.today) == v,
            describe=phrases.describe_flag("active_now"),
            label="Loopt nu",
            example=True,
            primary=True,
            timing=True,
        ),
    ] = None
    starts_in: Annotated[
        str | None,
        Field(pattern=r"^(19|20)\d{2}(-Q[1-4])?$"),
        Filter(
            "start in dit jaar of kwartaal, bv. 2026 of 2026-Q1",
            match=match_starts_in,
            describe=phrases.describe_value("starts_in"),
            label="Start in",
            example="2026-Q1",
            timing=True,
        ),
    ] = None
    ends_in: Annotated[
        int | None,
        Field(ge=2000, le=2100),
        Filter(
            "eindigt in dit jaar",
            match=lambda a, v, _, __: bool(a.end) and year_of(a.end) == v,
            describe=phrases.describe_value("ends_in"),
            label="Eindigt in",
            example=2026,
            timing=True,
        ),
    ] = None
    ends_by: Annotated[
        Quarter,
        quarter_filter(
            "eindigt uiterlijk in dit kwartaal, bv. 2026-Q2",
            edge=ends_at,
            holds=operator.le,
            describe=phrases.describe_value("ends_by", show_quarter),
            label="Eindigt uiterlijk in",
            example="2026-Q2",
        ),
    ] = None
    ends_after: Annotated[
        Quarter,
        quarter_filter(
            "eindigt na dit kwartaal, bv. 2027-Q4",
            edge=ends_at,
            holds=operator.gt,
            describe=phrases.describe_value("ends_after", show_quarter),
            label="Eindigt na",
            example="2027-Q4",
        ),
    ] = None
    starts_by: Annotated[
        Quarter,
        quarter_filter(
            "start uiterlijk in dit kwartaal, bv. 2025-Q4",
            edge=starts_at,
            holds=operator.le,
            describe=phrases.describe_value("starts_by", show_quarter),
            label="Start uiterlijk in",
            example="2025-Q4",
        ),
    ] = None
    starts_from: Annotated[
        Quarter,
        quarter_filter(
            "start in of na dit kwartaal, bv. 2027-Q1",
            edge=starts_at,
            holds=operator.ge,
            describe=phrases.describe_value("starts_from", show_quarter),
            label="Start vanaf",
            example="2027-Q1",
        ),
    ] = None
    ongoing: Annotated[
        bool | None,
        Filter(
            "doorlopend",
            match=lambda a, v, _, __: a.ongoing == v,
            describe=phrases.describe_flag("ongoing"),
            label="Doorlopend",
            example=True,
        ),
    ] = None
    undetermined: Annotated[
        bool | None,
        Filter(
            "timing nog niet bepaald",
            match=lambda a, v, _, __: has_no_timing(a) == v,
            describe=phrases.describe_flag("undetermined"),
            label="Timing nog te bepalen",
            example=True,
        ),
    ] = None
    text: Annotated[
        str | None,
        Field(max_length=200),
        Filter(
            "woorden in de titel, tekst, output, projecten of organisaties (hoofdletters en accenten maken niet uit; "
            "ook de woorden van gebruikers: medicijnen vindt geneesmiddelen)",
            match=lambda a, v, _, ctx: matches_text(a, v, ctx.directory),
            describe=phrases.describe_value("text"),
            label="Zoek in de tekst",
            example="PFAS",
        ),
    ] = Field(default=None, alias="q")
    sort: Annotated[
        Sort | None,
        Filter(
            "volgorde: id, title, initiator, start, end, importance of phase; met een '-' ervoor aflopend "
            "(sort=-end, in de CLI --sort=-end)",
            label="Sorteer op",
            example="-end",
            counted=False,
        ),
    ] = None

    def apply(self, actions: list[ActionRecord], ctx: MatchContext) -> list[ActionRecord]:
        """The actions passing every filter, in plan order or the asked `sort`; never cut to a top-k."""
        return sort_actions(super().apply(actions, ctx), self.sort, ctx.today)

    @property
    def excludes_own_lead(self) -> bool:
        """Whether the named organisations must be partners without leading ("niet zelf trekker")."""
        return bool(self.orgs) and self.role == "partner" and set(self.orgs) <= set(self.not_led_by)


def filter_specs() -> dict[str, tuple[Any, Filter]]:
    """Every field of ActionFilters with its annotation and Filter, for deriving CLI flags and docs."""
    specs = ActionFilters.specs()
    return {name: (info.annotation, specs[name]) for name, info in ActionFilters.model_fields.items()}
