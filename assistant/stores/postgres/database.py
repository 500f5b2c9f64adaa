"""One connection pool per process to the PostgreSQL of ACTIEPLAN_DATABASE_URL, behind a circuit.

Every call runs in one transaction (nothing half-written) and waits at most database_timeout_s. A failure
opens the circuit: calls then fail at once (DatabaseUnavailable) for database_retry_s, after which one call
tries again, so a database that is down or slow costs each request at most one short wait and a restarted
database is used again within seconds, without restarting the service.
"""

from __future__ import annotations

import atexit
import logging
import math
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg_pool import ConnectionPool

from foundation.errors import DatabaseUnavailable, StoreUnavailable
from foundation.settings import Settings
from ingest.circuit import Circuit

log = logging.getLogger(__name__)

# Raised by psycopg and its pool when the server is away, the connection broke or a statement timed out.
OUTAGES = (psycopg.OperationalError, psycopg.InterfaceError)

UNAVAILABLE_NOTE = (
    "De database is niet bereikbaar: vragen worden beantwoord, maar een vervolgvraag als nieuwe vraag, en "
    "feedback kan nu niet worden opgeslagen."
)


def connection_options(settings: Settings) -> dict[str, object]:
    """psycopg's connect arguments: bounded connect and statement time."""
    timeout_ms = int(settings.database_timeout_s * 1000)
    # libpq's connect_timeout is whole seconds, at least 2.
    return {
        "connect_timeout": max(2, math.ceil(settings.database_timeout_s)),
        "options": f"-c statement_timeout={timeout_ms} -c lock_timeout={timeout_ms}",
        "application_name": "actieplan",
    }


class Database:
    """A pool opened on first use, in the process that uses it (uvicorn's workers each get their own)."""

    def __init__(self, settings: Settings) -> None:
        assert settings.database_url is not None
        self.timeout_s = settings.database_timeout_s
        self.pool = ConnectionPool(
            settings.database_url.get_secret_value(),
            min_size=1,
            max_size=max(1, settings.database_pool_size),
            open=False,
            timeout=settings.database_timeout_s,
            # Give up reconnecting soon: the next call that needs a connection starts a fresh attempt, instead
            # of the pool's backoff (1, 2, 4, … s) keeping a restarted database unused for half a minute.
            reconnect_timeout=max(2.0, 2 * settings.database_timeout_s),
            # A pooled connection may have died with a database restart: check it before handing it out.
            check=ConnectionPool.check_connection,
            kwargs={**connection_options(settings), "autocommit": True},
            name="actieplan",
        )
        self.circuit = Circuit(settings.database_retry_s, probe_s=2 * settings.database_timeout_s + 1.0)
        self._lock = threading.Lock()
        self._opened = False

    def _open(self) -> None:
        with self._lock:
            if not self._opened:
                # Without waiting: a database that is down at startup must not stop the service from starting.
                self.pool.open(wait=False)
                self._opened = True

    @contextmanager
    def transaction(self, user_message: str | None = None) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
        """A cursor in one transaction (committed at the end, rolled back on any error).

        Raises DatabaseUnavailable (with `user_message`, when given) when the database is remembered away, cannot
        be reached or is too slow.
        """
        self._open()
        try:
            self.circuit.admit()
        except StoreUnavailable as exc:
            detail = f"PostgreSQL niet bereikbaar (onthouden): {self.circuit.reason}"
            raise DatabaseUnavailable(detail, user_message=user_message) from exc
        try:
            with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cursor:
                yield cursor
        except OUTAGES as exc:
            self.circuit.failed(f"{type(exc).__name__}: {exc}")
            log.warning("PostgreSQL niet bereikbaar: %s", exc)
            raise DatabaseUnavailable(f"PostgreSQL niet bereikbaar: {exc}", user_message=user_message) from exc
        self.circuit.succeeded()

    def check_ready(self) -> str | None:
        """UNAVAILABLE_NOTE while the database cannot be used, else None (for /readyz)."""
        try:
            with self.transaction() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseUnavailable:
            return UNAVAILABLE_NOTE
        return None

    def close(self) -> None:
        """Close the pool's connections (at exit)."""
        if self._opened:
            self.pool.close(timeout=1.0)
            self._opened = False


_databases: dict[tuple[str, int], Database] = {}
_databases_lock = threading.Lock()


def close_databases() -> None:
    """Close every pool of this process and forget it (at exit; tests between databases)."""
    with _databases_lock:
        databases = list(_databases.values())
        _databases.clear()
    for database in databases:
        database.close()


atexit.register(close_databases)


def database_for(settings: Settings) -> Database:
    """This process's Database for the configured URL: one pool shared by every store of the process."""
    assert settings.database_url is not None
    key = (settings.database_url.get_secret_value(), os.getpid())
    with _databases_lock:
        database = _databases.get(key)
        if database is None:
            database = _databases[key] = Database(settings)
        return database
