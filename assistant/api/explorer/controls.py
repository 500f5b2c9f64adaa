"""The action browser's filter form, derived from the one filter model (ActionFilters), with counts per option.

Every control is a field of ActionFilters under its query name; the options are the values the plan holds, each
with how many actions the view would show when it is chosen (the other filters kept).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from assistant.api.errors import describe_error
from assistant.api.explorer.browse import SORT_LABELS
from assistant.api.explorer.rows import NOT_STATED, STATUS_LABELS, Plan
from assistant.question import ActionFilters
from assistant.question.filters import filter_specs
from foundation.errors import InvalidRequest
from foundation.text import fold
from plan_model.records import DOMAIN_ORDER
from plan_model.timing import year_of

_VALUE_LABELS = {
    "role": {
        "initiator": "trekker",
        "partner": "partner",
        "any": "trekker of partner",
        "mentioned": "genoemd in de tekst",
    },
    "sort": {
        **{column: f"{label.capitalize()} (oplopend)" for column, label in SORT_LABELS.items()},
        **{f"-{column}": f"{label.capitalize()} (aflopend)" for column, label in SORT_LABELS.items()},
    },
    "orgs_match": {"all": "alle samen", "any": "minstens één"},
    "status": {key: label for key, label in STATUS_LABELS.items() if key},
}


@dataclass(frozen=True)
class Option:
    """One choice of a control: its query value, its label and how many actions it would show."""

    value: str
    label: str
    count: int | None = None
    selected: bool = False
    disabled: bool = False


@dataclass
class Control:
    """One filter of the form."""

    name: str
    field: str
    label: str
    help: str
    options: list[Option] = dataclasses.field(default_factory=list)
    values: list[str] = dataclasses.field(default_factory=list)

    @property
    def primary(self) -> bool:
        """Whether the control is shown at once (not under "Meer filters")."""
        return ActionFilters.specs()[self.field].primary


def query_name(name: str) -> str:
    """The query parameter of a field of ActionFilters ("orgs" → "org")."""
    return ActionFilters.model_fields[name].alias or name


def _is_multi(name: str) -> bool:
    return typing.get_origin(ActionFilters.model_fields[name].annotation) is tuple


def parse_filters(params: QueryParams) -> ActionFilters:
    """The filters in a query string; InvalidRequest with a Dutch message for unknown or invalid ones."""
    names = {query_name(name): name for name in ActionFilters.model_fields}
    values: dict[str, Any] = {}
    for key in dict.fromkeys(params.keys()):
        given = [v for v in params.getlist(key) if v.strip()]
        if key not in names:
            raise InvalidRequest(f"unknown filter {key}", user_message=f"Onbekend filter '{key}'.")
        if given:
            values[key] = tuple(given) if _is_multi(names[key]) else given[-1]
    try:
        return ActionFilters.model_validate(values)
    except ValidationError as exc:
        message = " ".join(dict.fromkeys(describe_error(dict(e)) for e in exc.errors()[:2]))
        raise InvalidRequest(str(exc.errors()[:2]), user_message=message) from exc


def _json(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _choices(name: str, plan: Plan) -> list[tuple[Any, str]]:
    """The values a field can take in this plan, with their labels."""
    document = plan.document
    years = sorted({year for a in document.actions for year in (year_of(a.start), year_of(a.end)) if year is not None})
    spanned = list(range(years[0], years[-1] + 1)) if years else []
    by_field: dict[str, Callable[[], list[tuple[Any, str]]]] = {
        "orgs": lambda: [(o.name, o.name) for o in sorted(plan.directory.organisations, key=lambda o: o.name.lower())],
        "domains": lambda: [(c, f"{c} · {d.name}" if (d := document.domain(c)) else c) for c in DOMAIN_ORDER],
        "objectives": lambda: [(o.id, f"{o.id} · {o.title}") for o in document.objectives],
        # The project filter looks for its words in the folded project names: offer the names folded.
        "projects": lambda: list({fold(p): (fold(p), p) for a in document.actions for p in a.projects}.values()),
        "lever": lambda: [(lever, lever) for lever in dict.fromkeys(o.lever for o in document.objectives)],
        "active_in": lambda: [(y, str(y)) for y in spanned],
        "ends_in": lambda: [(y, str(y)) for y in spanned],
        "starts_in": lambda: [(s, s.replace("-", " ")) for s in _starts(plan)],
    }
    # Only an organisation that leads something can be excluded as the lead.
    by_field["not_led_by"] = lambda: [(n, n) for n in sorted({i for a in document.actions for i in a.initiators})]
    if name in by_field:
        return by_field[name]()
    if name == "text":
        return []  # free text: a search box, not a choice
    annotation = ActionFilters.model_fields[name].annotation
    if annotation in (bool, bool | None):
        return [(True, "ja"), (False, "nee")]
    literal = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    options = typing.get_args(literal[0]) if len(literal) == 1 and typing.get_args(literal[0]) else literal
    labels = _VALUE_LABELS.get(name, {})
    return [(value, labels.get(value, str(value))) for value in options]


def _starts(plan: Plan) -> list[str]:
    starts = {a.start for a in plan.document.actions if a.start}
    return sorted(starts | {s[:4] for s in starts})


def _counted(name: str, value: Any, filters: ActionFilters, plan: Plan) -> int | None:
    if not ActionFilters.specs()[name].counted:
        return None
    try:
        return plan.count(filters.but(**{name: (value,) if _is_multi(name) else value}))
    except ValidationError:
        return None


def build_controls(filters: ActionFilters, plan: Plan) -> list[Control]:
    """One control per field of the filter model, with the plan's values and a count for each."""
    controls = []
    for name, (_, spec) in filter_specs().items():
        current = getattr(filters, name)
        chosen = [_json(v) for v in current] if isinstance(current, tuple) else [_json(current)] if current else []
        options = []
        for value, label in _choices(name, plan):
            count = _counted(name, value, filters, plan)
            if count == 0 and name in ("orgs", "projects") and _json(value) not in chosen:
                continue  # an organisation without actions in this view is noise in a list of a hundred
            options.append(Option(_json(value), label, count, _json(value) in chosen))
        default = ActionFilters.model_fields[name].default
        if name == "importance":
            # The plan leaves some importance cells empty: counted, shown, never silently left out.
            unknown = sum(1 for a in plan.matching(filters.but(importance=None)) if a.importance is None)
            options.append(Option("", f"{NOT_STATED} (kan niet apart gefilterd worden)", unknown, disabled=True))
        if default not in (None, ()) and not chosen:
            # A field with a default (role "any") shows that default as chosen, not a blank.
            chosen = [_json(default)]
            options = [Option(o.value, o.label, o.count, o.value in chosen) for o in options]
        controls.append(Control(query_name(name), name, spec.label or spec.help, spec.help, options, chosen))
    return controls
