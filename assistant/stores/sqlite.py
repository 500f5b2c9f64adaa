"""SQLite files in the data dir, shared by the worker processes of one host: one connection per thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class LocalDatabase:
    """A SQLite file opened once per thread, in WAL mode so several workers read and write it at once."""

    def __init__(self, path: Path, timeout_s: float = 30.0) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.timeout_s = timeout_s
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; callers open transactions themselves where they need one)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            # A busy timeout and WAL let several workers write without "database is locked" errors.
            db = sqlite3.connect(self.path, timeout=self.timeout_s, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db
