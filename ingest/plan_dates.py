"""The plan's own date ("Kortrijk, 12 september 2025") and how a version is named after it, in Dutch and English."""

from __future__ import annotations

import re
from datetime import date

from ingest.plan_source import SourceLine

MONTHS_NL = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)
MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)
# The closing line of the plan: a place, a comma, a day, a Dutch month and a year, alone on its line.
_SIGNED = re.compile(
    rf"^\s*[A-Z][\w'’\- ]{{1,40}},\s*(\d{{1,2}})\s+({'|'.join(MONTHS_NL)})\s+((?:19|20)\d{{2}})\s*$", re.IGNORECASE
)
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


def signed_date(lines: list[SourceLine]) -> date | None:
    """The date the plan is signed with: its last line of the form "Kortrijk, 12 september 2025"."""
    for line in reversed(lines):
        match = _SIGNED.match(line.text)
        if match:
            try:
                return date(int(match.group(3)), MONTHS_NL.index(match.group(2).lower()) + 1, int(match.group(1)))
            except ValueError:
                continue
    return None


def plan_year(plan_date: str | None, file_name: str) -> str | None:
    """The year a plan is named after: that of its date, else one in its file name ("actieplan-2026.pdf")."""
    if plan_date:
        return plan_date[:4]
    found = _YEAR.findall(file_name)
    return found[-1] if found else None


def spoken_date(iso: str, language: str = "nl") -> str:
    """An ISO date as people write it: "12 september 2025", or "12 September 2025" in English."""
    day = date.fromisoformat(iso)
    months = MONTHS_EN if language == "en" else MONTHS_NL
    return f"{day.day} {months[day.month - 1]} {day.year}"
