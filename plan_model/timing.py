"""Reading the plan's timing cells ("Q1 2026 - Q4 2028", "Doorlopend vanaf Q2 2025", "tbd") into dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from plan_model.records import ActionRecord

_DATE = re.compile(r"Q\s?([1-4])\s*[/,]?\s*((?:19|20)\d{2})|(?<![\d/])((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_UNDETERMINED = re.compile(r"\b(te bepalen|tbd|nog niet bepaald)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedTiming:
    """Start and end as "YYYY-Qn" or "YYYY" (None when open or not given)."""

    start: str | None
    end: str | None
    ongoing: bool
    undetermined: bool


def _date(match: re.Match[str]) -> str:
    quarter, year_with_quarter, year = match.groups()
    return f"{year_with_quarter}-Q{quarter}" if quarter else str(year)


def parse_timing(text: str) -> ParsedTiming:
    """Parse a timing cell as written in the plan."""
    cleaned = " ".join(text.replace("–", "-").replace("—", "-").split())
    ongoing = "doorlopend" in cleaned.lower()
    if _UNDETERMINED.search(cleaned) and not _DATE.search(cleaned):
        return ParsedTiming(None, None, ongoing=False, undetermined=True)
    dates = list(_DATE.finditer(cleaned))
    if not dates:
        return ParsedTiming(None, None, ongoing=ongoing, undetermined=not ongoing)
    first, last = dates[0], dates[-1]
    if len(dates) >= 2:
        return ParsedTiming(_date(first), _date(last), ongoing=ongoing, undetermined=False)
    after = cleaned[first.end() :]
    before = cleaned[: first.start()].lower()
    open_end = ongoing or "vanaf" in before or bool(re.match(r"\s*-", after))
    if "tegen" in before or "tot" in before.split()[-1:]:
        return ParsedTiming(None, _date(first), ongoing=ongoing, undetermined=False)
    return ParsedTiming(_date(first), None if open_end else _date(first), ongoing=ongoing, undetermined=False)


def year_of(date: str | None) -> int | None:
    """The year of a "YYYY-Qn" or "YYYY" date."""
    return int(date[:4]) if date else None


def quarter_index(date: str, *, at_end: bool) -> int:
    """A sortable quarter number; a bare year counts as its first (start) or last (end) quarter."""
    year = int(date[:4])
    quarter = int(date[-1]) if "-Q" in date else (4 if at_end else 1)
    return year * 4 + quarter - 1


def is_active_in(start: str | None, end: str | None, ongoing: bool, undetermined: bool, year: int) -> bool:
    """Whether an action with this timing runs during the given year."""
    if undetermined:
        return False
    if start is None and end is None:
        return ongoing
    start_year = year_of(start) if start else None
    end_year = year_of(end) if end else None
    if start_year is not None and start_year > year:
        return False
    return end_year is None or end_year >= year


def quarter_number(day: date) -> int:
    """The sortable quarter number of a day (the scale of `quarter_index`): 2026-12-07 is 2026-Q4."""
    return day.year * 4 + (day.month - 1) // 3


def is_running_now(start: str | None, end: str | None, ongoing: bool, today: date) -> bool:
    """Whether an action with this timing runs in today's quarter (ongoing, or started and not ended)."""
    now = quarter_number(today)
    if not start and not end:
        return ongoing
    started = start is None or quarter_index(start, at_end=False) <= now
    return started and (end is None or quarter_index(end, at_end=True) >= now)


TimingState = Literal["running", "ongoing", "planned", "finished", "undetermined"]
# The states in which an action is there to use today (its status and timing say so).
AVAILABLE_NOW: tuple[TimingState, ...] = ("running", "ongoing", "undetermined")


def timing_state(action: ActionRecord, today: date) -> TimingState:
    """Where the action stands today by its status and timing: running, ongoing, planned, finished, undetermined.

    An action the plan marks "planning" is in preparation: planned, even when its timing has begun ("loopt" only
    when the status and the timing both say so).
    """
    now = quarter_number(today)
    preparing = action.status == "planning"
    if not action.start and not action.end:
        return "planned" if preparing else "ongoing" if action.ongoing else "undetermined"
    if action.end and quarter_index(action.end, at_end=True) < now:
        return "finished"
    if preparing or (action.start and quarter_index(action.start, at_end=False) > now):
        return "planned"
    return "ongoing" if action.ongoing else "running"
