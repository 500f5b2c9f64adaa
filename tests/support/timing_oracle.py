"""Where an action stands on a given day, from the hand-made reading of the plan (tests/fixtures/hand_reading.json).

An oracle for the date tests, written apart from the product's timing helpers (plan_model/timing.py) so that a bug
there shows: each action's start and end were read by hand from the plan, and the rules are the plan's own:
- an action runs in the quarters from its start to its end, both included; "Doorlopend" runs always;
- a bare year starts in its first quarter and ends in its last;
- an action the plan marks "(planning)" is in preparation: planned until its end has passed;
- "te bepalen"/"tbd" has no timing: undetermined.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

HAND_READING = Path(__file__).resolve().parent.parent / "fixtures" / "hand_reading.json"


@cache
def hand_reading() -> dict[str, dict[str, Any]]:
    """The 59 actions as read by hand, by id."""
    return {a["id"]: a for a in json.loads(HAND_READING.read_text(encoding="utf-8"))}


def _quarter(day: date) -> tuple[int, int]:
    return day.year, {1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 3, 8: 3, 9: 3, 10: 4, 11: 4, 12: 4}[day.month]


def _edge(written: str, *, end: bool) -> tuple[int, int]:
    year, _, quarter = written.partition("-Q")
    return int(year), int(quarter) if quarter else (4 if end else 1)


def _ongoing(action: dict[str, Any]) -> bool:
    return "doorlopend" in action["timing"].lower()


def runs_on(action_id: str, day: date) -> bool:
    """Whether the action's timing covers the day's quarter (its status aside)."""
    action = hand_reading()[action_id]
    start, end = action["start"], action["end"]
    if not start and not end:
        return _ongoing(action)
    now = _quarter(day)
    return (not start or _edge(start, end=False) <= now) and (not end or now <= _edge(end, end=True))


def state_on(action_id: str, day: date) -> str:
    """running, ongoing, planned, finished or undetermined on that day, by status and timing."""
    action = hand_reading()[action_id]
    start, end = action["start"], action["end"]
    now = _quarter(day)
    if not start and not end:
        if action["status"] == "planning":
            return "planned"
        return "ongoing" if _ongoing(action) else "undetermined"
    if end and _edge(end, end=True) < now:
        return "finished"
    if action["status"] == "planning" or (start and now < _edge(start, end=False)):
        return "planned"
    return "ongoing" if _ongoing(action) else "running"


def running_on(day: date, domain: str | None = None) -> list[str]:
    """The ids whose timing covers the day, in the plan's order (optionally of one domain)."""
    return [i for i, a in hand_reading().items() if (domain is None or a["domain"] == domain) and runs_on(i, day)]
