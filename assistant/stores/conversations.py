"""Conversation memory for follow-up questions: the interface, and its SQLite implementation (one host).

The PostgreSQL implementation (several hosts) is assistant/stores/postgres/conversations.py.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.stores.sqlite import LocalDatabase


@dataclass
class Turn:
    """What the previous turn asked and answered: enough to resolve "daarvan", "die" and "en BW 1.3?"."""

    question: str
    route: str
    result_ids: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    # The question that set the conversation's topic or funding subject ("wij zijn een voedingsbedrijf en …"), kept
    # through follow-ups answered from it ("wie trekt dat?"), so that "zijn daar subsidies voor?" still knows it.
    subject: str = ""
    # The turn before this one: its filters and ids ("waar zitten ze allebei bij?" joins both turns' subjects).
    earlier_filters: dict[str, Any] = field(default_factory=dict)
    earlier_ids: list[str] = field(default_factory=list)
    # A narrowed answer ("welke daarvan lopen nu?"): the ids it was narrowed from ("en welke niet?" is the rest).
    within_ids: list[str] = field(default_factory=list)
    # The general lines the conversation has said (compose/general.py): later answers leave them out.
    said: list[str] = field(default_factory=list)
    # The content hash of the plan the turn was answered from: a later turn on another plan says so, once.
    plan_hash: str = ""

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> Turn:
        """A turn as stored (by this or another version): keys it does not know are left out."""
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


class ConversationStore(Protocol):
    """Last turn per conversation id, expiring after a TTL: what the answerer and the surfaces need."""

    def last(self, conversation_id: str) -> Turn | None:
        """The previous turn of a conversation, or None when unknown or expired."""
        ...

    def save(self, conversation_id: str, turn: Turn) -> None:
        """Remember this turn as the conversation's latest."""
        ...


class SqliteConversationStore:
    """Last turn per conversation id, expiring after a TTL, in a SQLite file of the data dir."""

    def __init__(self, path: Path, ttl_s: int = 3600) -> None:
        self.path = path
        self.ttl_s = ttl_s
        self._database = LocalDatabase(path)
        self._db().execute(
            "CREATE TABLE IF NOT EXISTS turns (conversation_id TEXT PRIMARY KEY, turn_json TEXT NOT NULL, "
            "updated REAL NOT NULL)"
        )

    def _db(self) -> sqlite3.Connection:
        return self._database.connection()

    def last(self, conversation_id: str) -> Turn | None:
        """The previous turn of a conversation, or None when unknown or expired."""
        row = (
            self._db()
            .execute("SELECT turn_json, updated FROM turns WHERE conversation_id = ?", (conversation_id,))
            .fetchone()
        )
        if row is None or time.time() - row[1] > self.ttl_s:
            return None
        return Turn.from_stored(json.loads(row[0]))

    def save(self, conversation_id: str, turn: Turn) -> None:
        """Remember this turn as the conversation's latest; old conversations are dropped now and then."""
        db = self._db()
        db.execute(
            "INSERT OR REPLACE INTO turns VALUES (?, ?, ?)",
            (conversation_id, json.dumps(asdict(turn), ensure_ascii=False), time.time()),
        )
        if hash(conversation_id) % 50 == 0:
            db.execute("DELETE FROM turns WHERE updated < ?", (time.time() - self.ttl_s,))
