"""The plan's own date ("Kortrijk, 12 september 2025"), read from its closing line, and the year it is named after."""

from __future__ import annotations

import re
from datetime import date

from ingest.plan_source import SourceLine
from plan_model.dates import MONTHS_NL

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
