"""The parts every action filter is made of: its types, its validators and how it matches an action.

`filters.py` assembles them into the one filter model; `filter_phrases.py` holds how answers name each filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from foundation.text import Language, fold
from plan_model.concepts import default_vocabulary
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord, Importance, PlanDocument, Status
from plan_model.timing import quarter_index

if TYPE_CHECKING:
    from assistant.question.filters import ActionFilters

# "mentioned": the action's text or output names the organisation, which is neither its trekker nor a partner.
Role = Literal["initiator", "partner", "any", "mentioned"]
# "niet vermeld": the plan states no relative importance for the action (it must stay findable by a filter).
NOT_STATED = "niet vermeld"
IMPORTANCES: tuple[str, ...] = (*get_args(Importance), NOT_STATED)
# "werkingsmiddelen": neither planning nor a project; the plan's introduction says such an action runs on VITO
# Kennispunt Water's own means. A filter value, not a status the plan writes.
OWN_MEANS = "werkingsmiddelen"
STATUSES: tuple[str, ...] = (*get_args(Status), OWN_MEANS)


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
    """Everything one field of ActionFilters means: help, matcher, answer phrase, form label and /docs example.

    The surfaces derive from it: the CLI flags (help, ORG for organisation names), the action browser's form
    (label, primary, counted) and /docs (help, example); the composer its notes (timing).
    """

    help: str
    match: Matcher | None = None
    # How an answer names the filter (filter_phrases.py); a filter without one is not named.
    describe: Describer | None = None
    # The short label in the action browser's form; the help text when empty.
    label: str = ""
    # A value that exists in the bundled plan, shown in /docs.
    example: Any = None
    # Shown at once in the browser's form; the others sit under "Meer filters".
    primary: bool = False
    # Whether the browser's options show how many actions each would give.
    counted: bool = True
    # A filter on timing: actions whose timing the plan does not set cannot be judged (an answer says how many).
    timing: bool = False
    # The values are organisation names, checked against the alias table (ORG in the CLI's help).
    organisations: bool = False
    # What the question is about: who (organisations, groups) or where in the plan (domains, objectives).
    subject: Literal["who", "where"] | None = None

    def phrase(self, value: Any, filters: ActionFilters, language: Language, document: PlanDocument) -> str:
        """The clause naming this filter's value in an answer ("die nu lopen"), or "" when it names none."""
        return self.describe(value, filters, language, document) if self.describe is not None else ""


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


def name_list(field: str) -> BeforeValidator:
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
    return directory.involved_as(canonical)


def involves(action: ActionRecord, names: set[str], role: Role) -> bool:
    """Whether any of these organisations has this role (trekker, partner or either) in the action's cells."""
    if role in ("initiator", "any") and names & set(action.initiators):
        return True
    return role in ("partner", "any") and bool(names & set(action.partners))


def only_mentioned(action: ActionRecord, names: set[str], directory: OrganisationDirectory) -> bool:
    """Whether the action's text or output names one of these organisations, none of which is trekker or partner.

    Only named bodies count: "bedrijven" in a sentence is no mention of the group Bedrijven.
    """
    if names & set(action.organisations):
        return False
    return bool(names & directory.named_in(action.action + "\n" + action.output))


def takes_part(action: ActionRecord, names: set[str], role: Role, directory: OrganisationDirectory) -> bool:
    """Whether any of these organisations has this role in the action, "mentioned" included."""
    if role == "mentioned":
        return only_mentioned(action, names, directory)
    return involves(action, names, role)


def match_orgs(action: ActionRecord, orgs: tuple[str, ...], filters: ActionFilters, ctx: MatchContext) -> bool:
    """Whether the named organisations take part in the action in the asked role (all or any of them)."""
    sets = [resolve_org(org, ctx.directory) for org in orgs]
    hits = (takes_part(action, names, filters.role, ctx.directory) for names in sets)
    return any(hits) if filters.orgs_match == "any" else all(hits)


def group_members(groups: tuple[str, ...], directory: OrganisationDirectory) -> set[str]:
    """The canonical names of every member of the named groups (with their sub-bodies)."""
    return {
        name
        for group in (directory.group(g) for g in groups)
        if group is not None
        for member in group.members
        for name in directory.family(member)
    }


def match_groups(action: ActionRecord, groups: tuple[str, ...], filters: ActionFilters, ctx: MatchContext) -> bool:
    """Whether a member of one of the named groups (but those set aside: "behalve VITO") takes part in the action in
    the asked role."""
    members = group_members(groups, ctx.directory)
    for org in filters.group_except:
        members -= resolve_org(org, ctx.directory)
    return takes_part(action, members, filters.role, ctx.directory)


def match_output_kinds(action: ActionRecord, kinds: tuple[str, ...], _: ActionFilters, ctx: MatchContext) -> bool:
    """Whether the action's output names one of these kinds of deliverable (the vocabulary's words for each)."""
    output = "".join(fold(action.output).split())
    words = default_vocabulary().filters.output
    return any(any("".join(fold(w).split()) in output for w in (kind, *words.get(kind, ()))) for kind in kinds)


def match_not_led_by(action: ActionRecord, orgs: tuple[str, ...], _: ActionFilters, ctx: MatchContext) -> bool:
    """Whether none of these organisations leads the action."""
    return not any(resolve_org(org, ctx.directory) & set(action.initiators) for org in orgs)


def match_lever(action: ActionRecord, lever: str, _: ActionFilters, ctx: MatchContext) -> bool:
    """Whether the action's objective has this lever."""
    objective = ctx.document.objective(action.objective)
    return objective is not None and objective.lever == lever


def has_no_timing(action: ActionRecord) -> bool:
    """Whether the plan sets no timing at all for the action ("tbd", "te bepalen")."""
    return not action.start and not action.end and not action.ongoing


def match_starts_in(action: ActionRecord, when: str, _: ActionFilters, __: MatchContext) -> bool:
    """Whether the action starts in this year ("2026") or quarter ("2026-Q1")."""
    return bool(action.start) and (action.start == when or (action.start or "")[:4] == when)


def ends_at(action: ActionRecord) -> int | None:
    """The quarter the action ends in, as a number that orders quarters; None without an end."""
    return quarter_index(action.end, at_end=True) if action.end else None


def starts_at(action: ActionRecord) -> int | None:
    """The quarter the action starts in, as a number that orders quarters; None without a start."""
    return quarter_index(action.start, at_end=False) if action.start else None


def quarter_bound(quarter: str) -> int:
    """A filter's quarter ("2026-Q2") as the number of its last day's quarter."""
    return quarter_index(quarter, at_end=True)


def show_quarter(quarter: str) -> str:
    """ "2026-Q2" as the plan writes it: "Q2 2026"."""
    year, _, q = quarter.partition("-")
    return f"{q} {year}"


# A quarter as the filters take it: "2026-Q2".
QUARTER_PATTERN = r"^(19|20)\d{2}-Q[1-4]$"
Quarter = Annotated[str | None, Field(pattern=QUARTER_PATTERN)]


def quarter_filter(
    help: str,
    *,
    edge: Callable[[ActionRecord], int | None],
    holds: Callable[[int, int], bool],
    describe: Describer,
    label: str,
    example: str,
) -> Filter:
    """A filter on the quarter an action starts or ends in (`edge`), compared to the given quarter by `holds`."""
    return Filter(
        help,
        match=lambda a, v, _, __: (at := edge(a)) is not None and holds(at, quarter_bound(v)),
        describe=describe,
        label=label,
        example=example,
        timing=True,
    )
