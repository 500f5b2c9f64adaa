"""The orders a list of actions can be shown in (the explorer's column headers, `sort=` of the API and the CLI).

Plan order is the default. A column sorts ascending ("end") or descending ("-end"); actions the column says
nothing about (no trekker, no start) come last either way, and ties keep plan order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal, get_args

from assistant.question.filter_rules import has_no_timing
from foundation.text import fold
from plan_model.records import ActionRecord
from plan_model.timing import quarter_index, quarter_number

Phase = Literal["planned", "running", "ongoing", "finished", "undetermined"]

SortColumn = Literal["id", "title", "initiator", "start", "end", "importance", "phase"]
SORT_COLUMNS: tuple[SortColumn, ...] = get_args(SortColumn)
# A column as the query names it: "end" ascending, "-end" descending.
Sort = Literal[
    "id",
    "-id",
    "title",
    "-title",
    "initiator",
    "-initiator",
    "start",
    "-start",
    "end",
    "-end",
    "importance",
    "-importance",
    "phase",
    "-phase",
]

# The phases in the order of time: behind us, now, ahead, unknown.
_PHASE_ORDER: dict[Phase, int] = {"finished": 0, "running": 1, "ongoing": 2, "planned": 3, "undetermined": 4}
_IMPORTANCE_ORDER = {"Sleutelactie": 0, "Ondersteunend": 1}


def phase_of(action: ActionRecord, today: date) -> Phase:
    """Planned, running, ongoing, (probably) finished or undetermined, relative to today's quarter."""
    if has_no_timing(action):
        return "undetermined"
    now = quarter_number(today)
    if action.start and quarter_index(action.start, at_end=False) > now:
        return "planned"
    if action.end and quarter_index(action.end, at_end=True) < now:
        return "finished"
    return "running" if action.start or action.end else "ongoing"


SortKey = Callable[[ActionRecord, date], "str | int | None"]

# Each column's key; None means the action has no value in that column (it sorts last).
_KEYS: dict[SortColumn, SortKey] = {
    "id": lambda a, _: None,  # plan order is the ids' order
    "title": lambda a, _: fold(a.title),
    "initiator": lambda a, _: fold(", ".join(a.initiators) or a.initiator_text) or None,
    "start": lambda a, _: quarter_index(a.start, at_end=False) if a.start else None,
    "end": lambda a, _: quarter_index(a.end, at_end=True) if a.end else None,
    "importance": lambda a, _: _IMPORTANCE_ORDER.get(a.importance or ""),
    "phase": lambda a, today: _PHASE_ORDER[phase_of(a, today)],
}


def sort_actions(actions: list[ActionRecord], sort: str | None, today: date) -> list[ActionRecord]:
    """The actions (in plan order) in the asked order; None or "id" keeps plan order, "-id" reverses it."""
    if not sort or sort == "id":
        return list(actions)
    if sort == "-id":
        return list(reversed(actions))
    descending = sort.startswith("-")
    column: SortColumn = sort.removeprefix("-")  # type: ignore[assignment]
    key = _KEYS[column]
    keyed = [(key(action, today), n, action) for n, action in enumerate(actions)]
    known = [item for item in keyed if item[0] is not None]
    # Python's sort is stable: sorting by the key alone keeps plan order among equal keys, also when reversed.
    known.sort(key=lambda item: item[0], reverse=descending)  # type: ignore[arg-type, return-value]
    unknown = [item for item in keyed if item[0] is None]
    return [action for _, _, action in known + unknown]
