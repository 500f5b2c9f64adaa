"""The day the tests ask their questions on: fixed, so no test depends on the day it runs.

The same day the gold questions about "now" were checked against (evals.gold.GOLD_TODAY), written out here so the
tests do not take it from the code they test. Tests about time itself ask on several days (see DAYS).
"""

from __future__ import annotations

from datetime import date

TODAY = date(2026, 12, 7)

# Before the plan's first quarter, in the middle of its run, and after its last quarter.
BEFORE_PLAN = date(2024, 2, 1)
MID_PLAN = TODAY
AFTER_PLAN = date(2031, 7, 1)
DAYS = (BEFORE_PLAN, MID_PLAN, AFTER_PLAN)
