"""Conversations in PostgreSQL: a follow-up asked on one host resolves against the question asked on another."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict

from psycopg.types.json import Jsonb

from assistant.stores.conversations import Turn
from assistant.stores.expiry import PurgeSchedule, upsert_expiring
from assistant.stores.postgres.database import Database
from foundation.errors import DatabaseUnavailable

log = logging.getLogger(__name__)


class PostgresConversationStore:
    """Last turn per conversation id with its expiry; while the database is away, every question is a new one."""

    def __init__(self, database: Database, ttl_s: int = 3600) -> None:
        self.database = database
        self.ttl_s = ttl_s
        self._purge = PurgeSchedule()

    def last(self, conversation_id: str) -> Turn | None:
        """The previous turn of a conversation, or None when unknown, expired or the database is away."""
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "SELECT turn FROM conversations WHERE conversation_id = %s AND expires > %s",
                    (conversation_id, time.time()),
                )
                row = cursor.fetchone()
        except DatabaseUnavailable:
            # The question is still answered, as one without history.
            return None
        if row is None:
            return None
        turn = row[0] if isinstance(row[0], dict) else json.loads(str(row[0]))
        return Turn.from_stored(turn)

    def save(self, conversation_id: str, turn: Turn) -> None:
        """Remember this turn as the conversation's latest (lost, with a warning, while the database is away)."""
        now = time.time()
        try:
            with self.database.transaction() as cursor:
                upsert_expiring(
                    cursor,
                    "conversations",
                    {"conversation_id": conversation_id},
                    {"turn": Jsonb(asdict(turn)), "expires": now + self.ttl_s},
                    only_if_expired_at=None,
                )
                if self._purge.due(now):
                    cursor.execute("DELETE FROM conversations WHERE expires <= %s", (now,))
        except DatabaseUnavailable:
            log.warning("Gesprek %s niet bewaard: de database is niet bereikbaar", conversation_id)
