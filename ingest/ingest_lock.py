"""One ingest at a time per index: a lock entry in Chroma's meta collection (every host sees it), with an expiry.

Without it two ingests at once pruned each other's half-built collections, and the loser ended with a misleading
"Chroma niet bereikbaar".
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from foundation.errors import IngestError
from ingest.store import NO_VECTOR, IndexStore

LOCK_ID = "lock:ingest"
# Renewed while the ingest works (after every batch), so a killed ingest on another host blocks for at most this.
TTL_S = 120.0


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, and until when."""

    owner: str
    since: float
    expires: float

    @property
    def host(self) -> str:
        """The host the holding ingest runs on."""
        return self.owner.split(":")[0]

    @property
    def pid(self) -> int:
        """The process id of the holding ingest on its host."""
        return int(self.owner.split(":")[1])


class IngestLock:
    """Held for the duration of one ingest; `with IngestLock(store):` takes it or says plainly who has it."""

    def __init__(self, store: IndexStore, ttl_s: float = TTL_S, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.ttl_s = ttl_s
        self.clock = clock
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._since = 0.0

    def acquire(self) -> None:
        """Take the lock, or raise IngestError naming the ingest that holds it."""
        for _ in range(3):
            holder = self._take()
            if holder is None or holder.owner == self.owner:
                return
            if holder.host == socket.gethostname() and not _alive(holder.pid):
                # Killed on this very host: its lock is known to be stale, no need to wait for the expiry.
                self._delete(holder.owner)
                continue
            started = datetime.fromtimestamp(holder.since).strftime("%H:%M:%S")
            raise IngestError(
                f"ingest lock held by {holder.owner}",
                user_message=f"Er loopt al een ingest op deze index (gestart om {started} op {holder.host}, "
                f"proces {holder.pid}). Wacht tot die klaar is en probeer het dan opnieuw.",
            )
        raise IngestError("ingest lock not taken", user_message="De ingest-vergrendeling kon niet genomen worden.")

    def renew(self) -> None:
        """Push the expiry on while the ingest works (only while the lock is still ours)."""
        holder = self.holder()
        if holder is not None and holder.owner == self.owner:
            self._write(upsert=True)

    def release(self) -> None:
        """Give the lock up (only our own)."""
        self._delete(self.owner)

    def holder(self) -> Holder | None:
        """The current holder, or None."""
        with self.store.guard():
            got = self.store.meta().get(ids=[LOCK_ID], include=["metadatas"])
        metadatas = got.get("metadatas") or []
        if not metadatas or not metadatas[0]:
            return None
        meta = metadatas[0]
        return Holder(str(meta["owner"]), float(meta["since"]), float(meta["expires"]))

    def _take(self) -> Holder | None:
        """Remove an expired lock, add ours (an existing entry wins: Chroma ignores a second add), read back."""
        with self.store.guard():
            self.store.meta().delete(ids=[LOCK_ID], where={"expires": {"$lt": self.clock()}})
        self._since = self.clock()
        self._write(upsert=False)
        holder = self.holder()
        return None if holder is not None and holder.owner == self.owner else holder

    def _write(self, *, upsert: bool) -> None:
        now = self.clock()
        entry = {
            "ids": [LOCK_ID],
            "embeddings": [NO_VECTOR],
            "documents": [self.owner],
            "metadatas": [{"owner": self.owner, "since": self._since or now, "expires": now + self.ttl_s}],
        }
        with self.store.guard():
            meta = self.store.meta()
            meta.upsert(**entry) if upsert else meta.add(**entry)

    def _delete(self, owner: str) -> None:
        with self.store.guard():
            self.store.meta().delete(ids=[LOCK_ID], where={"owner": owner})

    def __enter__(self) -> IngestLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _alive(pid: int) -> bool:
    """Whether a process with this id runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
