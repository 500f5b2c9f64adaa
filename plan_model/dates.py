"""Dates as the plan and its readers write them: Dutch and English month names, "12 september 2025"."""

from __future__ import annotations

from datetime import date

MONTHS_NL = (
    *("januari", "februari", "maart", "april", "mei", "juni"),
    *("juli", "augustus", "september", "oktober", "november", "december"),
)
MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def spoken_date(iso: str, language: str = "nl") -> str:
    """An ISO date as people write it: "12 september 2025", or "12 September 2025" in English."""
    day = date.fromisoformat(iso)
    months = MONTHS_EN if language == "en" else MONTHS_NL
    return f"{day.day} {months[day.month - 1]} {day.year}"
