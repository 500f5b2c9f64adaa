"""Conversations in PostgreSQL: a follow-up asked on one host resolves against the question asked on another."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict

from psycopg.types.json import Jsonb

from assistant.stores.conversations import Turn
from assistant.stores.postgres.database import Database
from foundation.errors import DatabaseUnavailable

log = logging.getLogger(__name__)

# Expired conversations are deleted at most this often per process: a save stays one indexed upsert.
_PURGE_EVERY_S = 60.0


class PostgresConversationStore:
    """Last turn per conversation id with its expiry; while the database is away, every question is a new one."""

    def __init__(self, database: Database, ttl_s: int = 3600) -> None:
        self.database = database
        self.ttl_s = ttl_s
        self._last_purge = float("-inf")

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
        return Turn(**turn)

    def save(self, conversation_id: str, turn: Turn) -> None:
        """Remember this turn as the conversation's latest (lost, with a warning, while the database is away)."""
        now = time.time()
        try:
            with self.database.transaction() as cursor:
                cursor.execute(
                    "INSERT INTO conversations (conversation_id, turn, expires) VALUES (%s, %s, %s) "
                    "ON CONFLICT (conversation_id) DO UPDATE SET turn = EXCLUDED.turn, expires = EXCLUDED.expires",
                    (conversation_id, Jsonb(asdict(turn)), now + self.ttl_s),
                )
                if now - self._last_purge >= _PURGE_EVERY_S:
                    self._last_purge = now
                    cursor.execute("DELETE FROM conversations WHERE expires <= %s", (now,))
        except DatabaseUnavailable:
            log.warning("Gesprek %s niet bewaard: de database is niet bereikbaar", conversation_id)
