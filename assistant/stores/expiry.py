"""Rows that expire (conversations, Slack's seen events): the upsert that renews an expiry, and when to purge.

Shared by the PostgreSQL stores and the Slack key sets (integrations import stores, never the other way round).
"""

from __future__ import annotations

from typing import Any

# Expired rows are deleted at most this often per process: a write stays one indexed upsert.
PURGE_EVERY_S = 60.0


class PurgeSchedule:
    """When to delete expired rows: at most once per PURGE_EVERY_S per process."""

    def __init__(self, every_s: float = PURGE_EVERY_S) -> None:
        self.every_s = every_s
        self._last = float("-inf")

    def due(self, now: float) -> bool:
        """Whether a purge is due now (and, if so, counts it as done)."""
        if now - self._last < self.every_s:
            return False
        self._last = now
        return True


def upsert_expiring(
    cursor: Any, table: str, keys: dict[str, object], values: dict[str, object], *, only_if_expired_at: float | None
) -> bool:
    """Insert a PostgreSQL row, or renew the row with these keys (its values and `expires`); True when written.

    With `only_if_expired_at`, a live row is left alone (and False returned): a claim of a key another host holds.
    """
    row = {**keys, **values}
    columns = ", ".join(row)
    placeholders = ", ".join(["%s"] * len(row))
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in values)
    # The table and column names are this code's constants; only the values come from outside, as parameters.
    statement = (
        f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )
    if only_if_expired_at is None:
        cursor.execute(statement, tuple(row.values()))
        return True
    cursor.execute(statement + f" WHERE {table}.expires <= %s RETURNING 1", (*row.values(), only_if_expired_at))
    return cursor.fetchone() is not None
