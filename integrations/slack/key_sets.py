"""The Slack event gate's shared key sets: PostgreSQL (every host) with ACTIEPLAN_DATABASE_URL, else SQLite.

A retry Slack sends to another host is answered once only when both hosts claim the event in one place: a
unique key inserted if absent, in one transaction, so exactly one claim wins.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Hashable, Iterable

import psycopg

from assistant.stores.expiry import PurgeSchedule, upsert_expiring
from assistant.stores.postgres.database import Database, database_for
from foundation.errors import DatabaseUnavailable
from foundation.settings import Settings
from integrations.slack.dedupe import KeySet, SharedTtlSet, TtlSet

log = logging.getLogger(__name__)


def shared_key_set(settings: Settings, namespace: str, ttl_s: float) -> KeySet:
    """The configured set of expiring keys shared by every worker (and, with PostgreSQL, every host)."""
    if settings.uses_database_server:
        return PostgresTtlSet(database_for(settings), ttl_s, namespace)
    return SharedTtlSet(settings.data_dir / "slack.sqlite3", ttl_s, namespace=namespace)


class PostgresTtlSet:
    """TtlSet's interface over a PostgreSQL table; while the database is away, a set in this process stands in."""

    def __init__(
        self, database: Database, ttl_s: float, namespace: str = "events", clock: Callable[[], float] = time.time
    ) -> None:
        # Wall-clock time, as the expiry is read by other hosts (their clocks kept by NTP).
        self.database = database
        self.ttl_s = ttl_s
        self.namespace = namespace
        self._clock = clock
        self._purge = PurgeSchedule()
        # Deduplicating per process while the database is away beats not answering at all.
        self._fallback = TtlSet(ttl_s)

    @staticmethod
    def _text(key: object) -> str:
        # Keys are strings or tuples of strings; JSON makes them one comparable text (as SharedTtlSet does).
        return json.dumps(key, ensure_ascii=False, default=repr)

    def _row(self, text: str, now: float) -> tuple[str, dict[str, object], dict[str, object]]:
        return "slack_keys", {"namespace": self.namespace, "key": text}, {"expires": now + self.ttl_s}

    def add(self, key: Hashable) -> None:
        """Remember a key (again) for the full TTL."""
        now = self._clock()
        try:
            with self.database.transaction() as cursor:
                upsert_expiring(cursor, *self._row(self._text(key), now), only_if_expired_at=None)
        except DatabaseUnavailable:
            log.warning("Slack-dedupe: de database is niet bereikbaar, val terug op dit proces")
            self._fallback.add(self._text(key))

    def __contains__(self, key: object) -> bool:
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "SELECT 1 FROM slack_keys WHERE namespace = %s AND key = %s AND expires > %s",
                    (self.namespace, self._text(key), self._clock()),
                )
                return cursor.fetchone() is not None
        except DatabaseUnavailable:
            return self._text(key) in self._fallback

    def claim(self, keys: Iterable[Hashable]) -> bool:
        """True (and remember every key) when no host saw any of the keys; False for a duplicate."""
        texts = [self._text(k) for k in keys if k is not None]
        try:
            return self._claim(texts)
        except DatabaseUnavailable:
            log.warning("Slack-dedupe: de database is niet bereikbaar, val terug op dit proces")
            return self._fallback.claim(texts)

    def _claim(self, texts: list[str]) -> bool:
        now = self._clock()
        refused = False
        with self.database.transaction() as cursor:
            # In one order on every host: two claims of the same keys then never wait on each other in a circle.
            for text in sorted(set(texts)):
                # An expired key may be claimed again; a live one of another host makes this a duplicate. A
                # concurrent claim of the same key waits on the unique index until the first one commits.
                if not upsert_expiring(cursor, *self._row(text, now), only_if_expired_at=now):
                    # Undo the keys this claim inserted before: a refused claim remembers nothing.
                    refused = True
                    raise psycopg.Rollback()
            if self._purge.due(now):
                cursor.execute("DELETE FROM slack_keys WHERE namespace = %s AND expires <= %s", (self.namespace, now))
        return not refused

    def __len__(self) -> int:
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "SELECT COUNT(*) FROM slack_keys WHERE namespace = %s AND expires > %s",
                    (self.namespace, self._clock()),
                )
                row = cursor.fetchone()
        except DatabaseUnavailable:
            return len(self._fallback)
        return int(row[0]) if row else 0  # type: ignore[call-overload]
