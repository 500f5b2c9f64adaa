"""Sets whose members expire: which Slack events were already answered, in one process or shared via SQLite."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Protocol

from assistant.stores.expiry import PurgeSchedule
from assistant.stores.sqlite import LocalDatabase

log = logging.getLogger(__name__)


class KeySet(Protocol):
    """What the Slack event gate needs of a set of expiring keys: TtlSet or SharedTtlSet."""

    def add(self, key: Hashable) -> None:
        """Remember a key (again) for the full TTL."""
        ...

    def __contains__(self, key: object) -> bool: ...

    def claim(self, keys: Iterable[Hashable]) -> bool:
        """True (and remember every key) when none of the keys was seen; False for a duplicate."""
        ...


class TtlSet:
    """Keys remembered for `ttl_s` seconds, at most `max_size` of them (oldest dropped first)."""

    def __init__(self, ttl_s: float, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.max_size = max_size
        self._clock = clock
        self._expiry: OrderedDict[Hashable, float] = OrderedDict()
        # Lazy listeners and the HTTP worker threads touch the set concurrently.
        self._lock = threading.Lock()

    def _purge(self, now: float) -> None:
        # Insertion order is expiry order (one TTL for all), so expired keys sit at the front.
        while self._expiry:
            _key, expires = next(iter(self._expiry.items()))
            if expires > now and len(self._expiry) <= self.max_size:
                break
            self._expiry.popitem(last=False)

    def add(self, key: Hashable) -> None:
        """Remember a key (again) for the full TTL."""
        with self._lock:
            now = self._clock()
            self._expiry.pop(key, None)
            self._expiry[key] = now + self.ttl_s
            self._purge(now)

    def __contains__(self, key: object) -> bool:
        with self._lock:
            now = self._clock()
            self._purge(now)
            return key in self._expiry

    def claim(self, keys: Iterable[Hashable]) -> bool:
        """True (and remember every key) when none of the keys was seen; False for a duplicate."""
        keys = [k for k in keys if k is not None]
        with self._lock:
            now = self._clock()
            self._purge(now)
            if any(k in self._expiry for k in keys):
                return False
            for key in keys:
                self._expiry[key] = now + self.ttl_s
            self._purge(now)
            return True

    def __len__(self) -> int:
        with self._lock:
            self._purge(self._clock())
            return len(self._expiry)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS slack_keys (namespace TEXT NOT NULL, key TEXT NOT NULL, expires REAL NOT NULL, "
    "PRIMARY KEY (namespace, key))"
)


class SharedTtlSet:
    """TtlSet's interface over an SQLite table, so every worker process of one host sees the same keys.

    Slack retries an event it got no quick 200 for, and a retry may reach another worker than the first
    delivery; with an in-process set both workers would answer. Several hosts need one data dir per
    Slack endpoint (route Slack to one host), see docs/operations.md.
    """

    def __init__(
        self,
        path: Path,
        ttl_s: float,
        namespace: str = "events",
        max_size: int = 100_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # Wall-clock time, not monotonic: the expiry is stored and read by other processes (and after a reboot).
        self.path = path
        self.ttl_s = ttl_s
        self.namespace = namespace
        self.max_size = max_size
        self._clock = clock
        self._database = LocalDatabase(path, timeout_s=10)
        self._purge_schedule = PurgeSchedule()
        # Used only while SQLite fails (disk full, locked too long): deduplicating per process beats none.
        self._fallback = TtlSet(ttl_s, max_size)
        self._db().execute(_SCHEMA)

    def _db(self) -> sqlite3.Connection:
        # Autocommit, with an explicit BEGIN IMMEDIATE around each claim.
        return self._database.connection()

    @staticmethod
    def _text(key: object) -> str:
        # Keys are strings or tuples of strings; JSON makes them one comparable text.
        return json.dumps(key, ensure_ascii=False, default=repr)

    def _purge(self, db: sqlite3.Connection, now: float) -> None:
        if not self._purge_schedule.due(now):
            return
        db.execute("DELETE FROM slack_keys WHERE namespace = ? AND expires <= ?", (self.namespace, now))
        db.execute(
            "DELETE FROM slack_keys WHERE namespace = ? AND key IN (SELECT key FROM slack_keys WHERE namespace = ? "
            "ORDER BY expires DESC LIMIT -1 OFFSET ?)",
            (self.namespace, self.namespace, self.max_size),
        )

    def add(self, key: Hashable) -> None:
        """Remember a key (again) for the full TTL."""
        try:
            db = self._db()
            now = self._clock()
            row = (self.namespace, self._text(key), now + self.ttl_s)
            db.execute("INSERT OR REPLACE INTO slack_keys VALUES (?, ?, ?)", row)
            self._purge(db, now)
        except sqlite3.Error:
            log.warning("Slack-dedupe: SQLite faalt, val terug op dit proces", exc_info=True)
            self._fallback.add(self._text(key))

    def __contains__(self, key: object) -> bool:
        try:
            row = (
                self._db()
                .execute(
                    "SELECT 1 FROM slack_keys WHERE namespace = ? AND key = ? AND expires > ?",
                    (self.namespace, self._text(key), self._clock()),
                )
                .fetchone()
            )
        except sqlite3.Error:
            log.warning("Slack-dedupe: SQLite faalt, val terug op dit proces", exc_info=True)
            return self._text(key) in self._fallback
        return row is not None

    def claim(self, keys: Iterable[Hashable]) -> bool:
        """True (and remember every key) when none of the keys was seen by any worker; False for a duplicate."""
        texts = [self._text(k) for k in keys if k is not None]
        try:
            return self._claim(texts)
        except sqlite3.Error:
            log.warning("Slack-dedupe: SQLite faalt, val terug op dit proces", exc_info=True)
            return self._fallback.claim(texts)

    def _claim(self, texts: list[str]) -> bool:
        db = self._db()
        now = self._clock()
        # One write transaction: two workers claiming the same event are serialised, exactly one wins.
        db.execute("BEGIN IMMEDIATE")
        try:
            params = [(self.namespace, t, now) for t in texts]
            db.executemany("DELETE FROM slack_keys WHERE namespace = ? AND key = ? AND expires <= ?", params)
            for text in texts:
                inserted = db.execute(
                    "INSERT OR IGNORE INTO slack_keys VALUES (?, ?, ?)", (self.namespace, text, now + self.ttl_s)
                ).rowcount
                if not inserted:
                    db.execute("ROLLBACK")
                    return False
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        self._purge(db, now)
        return True

    def __len__(self) -> int:
        try:
            row = (
                self._db()
                .execute(
                    "SELECT COUNT(*) FROM slack_keys WHERE namespace = ? AND expires > ?",
                    (self.namespace, self._clock()),
                )
                .fetchone()
            )
        except sqlite3.Error:
            return len(self._fallback)
        return int(row[0])
