"""The one filter model: every exact filter over the actions, with how it matches and how answers name it.

`ActionFilters` is what a parsed question holds, what `GET /api/actions` takes as query parameters and what
`actieplan actions` takes as flags (both derived from its fields). Each field carries a `Filter`: its help
text, its matcher and its Dutch and English phrase. Adding a filter means adding a field here, the words that
set it (`vocabulary.py`, `parser.py`) and a test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from foundation.text import fold
from ingest.organisations import OrganisationDirectory
from ingest.records import DOMAIN_ORDER, ActionRecord, DomainCode, PlanDocument, Status
from ingest.timing import is_active_in, is_running_now, quarter_index, year_of

Role = Literal["initiator", "partner", "any"]
Language = Literal["nl", "en"]
# "niet vermeld": the plan states no relative importance for the action (it must stay findable by a filter).
NOT_STATED = "niet vermeld"
IMPORTANCES: tuple[str, ...] = ("Sleutelactie", "Ondersteunend", NOT_STATED)
STATUSES: tuple[Status, ...] = ("planning", "project")


@dataclass(frozen=True)
class MatchContext:
    """What matching needs beyond the action: the plan (objectives, levers), the alias table and today."""

    document: PlanDocument
    directory: OrganisationDirectory
    today: date


Matcher = Callable[[ActionRecord, Any, "ActionFilters", MatchContext], bool]
Describer = Callable[[Any, "ActionFilters", Language, PlanDocument], str]


@dataclass(frozen=True)
class Filter:
    """What one field of ActionFilters means: its help text, its matcher and how an answer names it."""

    help: str
    match: Matcher | None = None
    nl: str = ""
    en: str = ""
    describe: Describer | None = None

    def phrase(self, value: Any, filters: ActionFilters, language: Language, document: PlanDocument) -> str:
        """The clause naming this filter's value in an answer ("die nu lopen"), or "" when it names none."""
        if self.describe is not None:
            return self.describe(value, filters, language, document)
        template = self.en if language == "en" else self.nl
        return template.format(value=value) if template else ""


def one_of(allowed: tuple[str, ...], field: str, *, many: bool = False) -> BeforeValidator:
    """A validator accepting any letter case of the allowed spellings, with a Dutch error otherwise."""

    def pick(value: Any) -> str:
        for option in allowed:
            if str(value).strip().lower() == option.lower():
                return option
        raise ValueError(f"Ongeldige waarde voor '{field}': kies uit {', '.join(allowed)}.")

    def check(value: Any) -> Any:
        if value is None:
            return None
        if many:
            return tuple(pick(v) for v in _listed(value))
        return pick(value)

    return BeforeValidator(check)


def _listed(value: Any) -> Any:
    # A query string or CLI flag gives one value; the model keeps every multi-valued filter as a tuple.
    return (value,) if isinstance(value, str) else value


def _names(field: str) -> BeforeValidator:
    """A validator for a list of names: one name or several, none of them blank or longer than 200 characters."""

    def check(value: Any) -> Any:
        names = _listed(value)
        if isinstance(names, list | tuple):
            for name in names:
                if isinstance(name, str) and not name.strip():
                    raise ValueError(f"Het veld '{field}' mag niet leeg zijn.")
                if isinstance(name, str) and len(name) > 200:
                    raise ValueError(f"Het veld '{field}' is te lang (max. 200 tekens).")
        return names

    return BeforeValidator(check)


# ---- matchers --------------------------------------------------------------------------------------


def resolve_org(name: str, directory: OrganisationDirectory) -> set[str]:
    """The canonical names an organisation filter stands for (itself and its sub-bodies)."""
    canonical = directory.canonical(name) or directory.fuzzy(name) or name
    return directory.family(canonical)


def involves(action: ActionRecord, names: set[str], role: Role) -> bool:
    """Whether any of these organisations has this role in the action."""
    if role in ("initiator", "any") and names & set(action.initiators):
        return True
    return role in ("partner", "any") and bool(names & set(action.partners))


def _match_orgs(action: ActionRecord, orgs: tuple[str, ...], filters: ActionFilters, ctx: MatchContext) -> bool:
    sets = [resolve_org(org, ctx.directory) for org in orgs]
    hits = (involves(action, names, filters.role) for names in sets)
    return any(hits) if filters.orgs_match == "any" else all(hits)


def _match_groups(action: ActionRecord, groups: tuple[str, ...], filters: ActionFilters, ctx: MatchContext) -> bool:
    members = {
        name
        for group in (ctx.directory.group(g) for g in groups)
        if group is not None
        for member in group.members
        for name in ctx.directory.family(member)
    }
    return involves(action, members, filters.role)


def _describe_groups(groups: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    names = " of ".join(groups) if language == "nl" else " or ".join(groups)
    if language == "en":
        return {"initiator": "led by {}", "partner": "with {} as a partner"}.get(filters.role, "involving {}").format(
            names
        )
    template = {"initiator": "die getrokken worden door {}", "partner": "waarin {} partner zijn"}
    return template.get(filters.role, "waarbij {} betrokken zijn").format(names)


def _match_not_led_by(action: ActionRecord, orgs: tuple[str, ...], _: ActionFilters, ctx: MatchContext) -> bool:
    return not any(resolve_org(org, ctx.directory) & set(action.initiators) for org in orgs)


def _match_lever(action: ActionRecord, lever: str, _: ActionFilters, ctx: MatchContext) -> bool:
    objective = ctx.document.objective(action.objective)
    return objective is not None and objective.lever == lever


def has_no_timing(action: ActionRecord) -> bool:
    """Whether the plan sets no timing at all for the action ("tbd", "te bepalen")."""
    return not action.start and not action.end and not action.ongoing


def _match_starts_in(action: ActionRecord, when: str, _: ActionFilters, __: MatchContext) -> bool:
    return bool(action.start) and (action.start == when or (action.start or "")[:4] == when)


def _ends(action: ActionRecord) -> int | None:
    return quarter_index(action.end, at_end=True) if action.end else None


def _starts(action: ActionRecord) -> int | None:
    return quarter_index(action.start, at_end=False) if action.start else None


def _bound(quarter: str) -> int:
    return quarter_index(quarter, at_end=True)


def _show_quarter(quarter: str) -> str:
    """ "2026-Q2" as the plan writes it: "Q2 2026"."""
    year, _, q = quarter.partition("-")
    return f"{q} {year}"


# ---- phrases ---------------------------------------------------------------------------------------


def _joined(names: tuple[str, ...], filters: ActionFilters, language: Language) -> str:
    word = {("any", "nl"): " of ", ("any", "en"): " or ", ("all", "nl"): " en ", ("all", "en"): " and "}
    return word[(filters.orgs_match, language)].join(names)


_ORG_PHRASES = {
    ("own-lead", "nl"): "waarin {orgs} partner is maar niet zelf trekt",
    ("own-lead", "en"): "in which {orgs} is a partner but not the lead",
    ("initiator", "nl"): "die {orgs} trekt",
    ("initiator", "en"): "led by {orgs}",
    ("partner", "nl"): "waarin {orgs} partner is",
    ("partner", "en"): "with {orgs} as a partner",
    ("any", "nl"): "waarbij {orgs} betrokken is",
    ("any", "en"): "involving {orgs}",
}


# Dutch verbs after several organisations ("die VMM en VITO trekken") or a plural name ("de POM's").
_PLURAL_VERBS = {" trekt": " trekken", " partner is": " partners zijn", " betrokken is": " betrokken zijn"}


def _describe_orgs(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    role = "own-lead" if filters.excludes_own_lead else filters.role
    text = _ORG_PHRASES[(role, language)].format(orgs=_joined(orgs, filters, language))
    # "POM's", "Intercommunales": an abbreviation's plural ('s) or a plural noun names several organisations.
    plural = (len(orgs) > 1 and filters.orgs_match == "all") or any(re.search(r"'s$|ales$|ies$", o) for o in orgs)
    if language == "nl" and plural:
        for singular, plural_verb in _PLURAL_VERBS.items():
            text = text.replace(singular, plural_verb)
    return text


def _describe_not_led_by(orgs: tuple[str, ...], filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    others = [org for org in orgs if org not in filters.orgs or not filters.excludes_own_lead]
    template = "not led by {}" if language == "en" else "niet getrokken door {}"
    return ", ".join(template.format(org) for org in others)


def _describe_domains(codes: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    template = "in focus domain {} ({})" if language == "en" else "in focusdomein {} ({})"
    named = [(code, d.name if (d := document.domain(code)) else code) for code in codes]
    return ", ".join(template.format(code, name) for code, name in named)


def _describe_objectives(ids: tuple[str, ...], _: ActionFilters, language: Language, document: PlanDocument) -> str:
    word = "under" if language == "en" else "onder"
    named = [(i, f" ({o.title})" if (o := document.objective(i)) else "") for i in ids]
    return ", ".join(f"{word} {i}{title}" for i, title in named)


def _describe_status(status: str, filters: ActionFilters, language: Language, _: PlanDocument) -> str:
    if status == "planning":
        return "still in planning" if language == "en" else "die nog in planning zijn"
    projects = f" ({', '.join(filters.projects)})" if filters.projects else ""
    if language == "en":
        return f"run as co-financed projects{projects}"
    return f"die als project met cofinanciering lopen{projects}"


def _describe_flag(nl: str, en: str) -> Describer:
    """A yes/no filter named only when it is on."""
    return lambda value, _, language, __: (en if language == "en" else nl) if value else ""


_QUARTER = r"^(19|20)\d{2}-Q[1-4]$"

# ---- the model -------------------------------------------------------------------------------------

Orgs = Annotated[tuple[str, ...], _names("org")]


class ActionFilters(BaseModel):
    """Every exact filter over the actions; unset fields do not filter; all filters must hold."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    orgs: Annotated[
        Orgs,
        Filter("organisatie, bv. VMM (herhaal voor meer)", match=_match_orgs, describe=_describe_orgs),
    ] = Field(default=(), alias="org")
    groups: Annotated[
        tuple[str, ...],
        _names("group"),
        Filter("groep van organisaties, bv. universiteiten", match=_match_groups, describe=_describe_groups),
    ] = Field(default=(), alias="group")
    orgs_match: Annotated[Literal["all", "any"], Filter("all: alle organisaties samen; any: minstens één")] = "all"
    role: Annotated[Role, Filter("rol van de organisatie: initiator (trekker), partner of any")] = "any"
    not_led_by: Annotated[
        Orgs, Filter("niet getrokken door deze organisatie", match=_match_not_led_by, describe=_describe_not_led_by)
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
        Filter("focusdomein: KP, BW, BT of BM", match=lambda a, v, _, __: a.domain in v, describe=_describe_domains),
    ] = Field(default=(), alias="domain")
    objectives: Annotated[
        tuple[str, ...],
        _names("objective"),
        Filter(
            "operationele doelstelling, bv. KP-O.D.1",
            match=lambda a, v, _, __: a.objective in v,
            describe=_describe_objectives,
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
            describe=_describe_status,
        ),
    ] = None
    projects: Annotated[
        tuple[str, ...],
        _names("project"),
        Filter(
            "woord uit de projectnaam, bv. Aquatuur",
            match=lambda a, v, _, __: any(t in fold(" ".join(a.projects)) for t in v),
        ),
    ] = Field(default=(), alias="project")
    lever: Annotated[
        str | None,
        Filter(
            "hefboom, bv. financiering & businessmodellen",
            match=_match_lever,
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
            describe=_describe_flag("die nu lopen", "running now"),
        ),
    ] = None
    starts_in: Annotated[
        str | None,
        Field(pattern=r"^(19|20)\d{2}(-Q[1-4])?$"),
        Filter(
            "start in dit jaar of kwartaal, bv. 2026 of 2026-Q1",
            match=_match_starts_in,
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
        Field(pattern=_QUARTER),
        Filter(
            "eindigt uiterlijk in dit kwartaal, bv. 2026-Q2",
            match=lambda a, v, _, __: (end := _ends(a)) is not None and end <= _bound(v),
            describe=lambda v, _, language, __: (
                "ending by {}" if language == "en" else "die uiterlijk in {} eindigen"
            ).format(_show_quarter(v)),
        ),
    ] = None
    ends_after: Annotated[
        str | None,
        Field(pattern=_QUARTER),
        Filter(
            "eindigt na dit kwartaal, bv. 2027-Q4",
            match=lambda a, v, _, __: (end := _ends(a)) is not None and end > _bound(v),
            describe=lambda v, _, language, __: (
                "ending after {}" if language == "en" else "die na {} eindigen"
            ).format(_show_quarter(v)),
        ),
    ] = None
    starts_by: Annotated[
        str | None,
        Field(pattern=_QUARTER),
        Filter(
            "start uiterlijk in dit kwartaal, bv. 2025-Q4",
            match=lambda a, v, _, __: (start := _starts(a)) is not None and start <= _bound(v),
            describe=lambda v, _, language, __: (
                "starting by {}" if language == "en" else "die uiterlijk in {} starten"
            ).format(_show_quarter(v)),
        ),
    ] = None
    starts_from: Annotated[
        str | None,
        Field(pattern=_QUARTER),
        Filter(
            "start in of na dit kwartaal, bv. 2027-Q1",
            match=lambda a, v, _, __: (start := _starts(a)) is not None and start >= _bound(v),
            describe=lambda v, _, language, __: (
                "starting from {}" if language == "en" else "die vanaf {} starten"
            ).format(_show_quarter(v)),
        ),
    ] = None
    ongoing: Annotated[
        bool | None,
        Filter(
            "doorlopend",
            match=lambda a, v, _, __: a.ongoing == v,
            describe=_describe_flag("die doorlopend zijn", "that are ongoing"),
        ),
    ] = None
    undetermined: Annotated[
        bool | None,
        Filter(
            "timing nog niet bepaald",
            match=lambda a, v, _, __: has_no_timing(a) == v,
            describe=_describe_flag("waarvan de timing nog niet vastligt", "whose timing is not yet set"),
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
