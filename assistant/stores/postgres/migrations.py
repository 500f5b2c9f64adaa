"""The one PostgreSQL schema, as numbered migrations: `actieplan ingest` applies them, `serve` checks them.

A migration is appended, never edited: a database records the number it reached in actieplan_schema.
"""

from __future__ import annotations

import psycopg

from assistant.stores.postgres.database import OUTAGES, connection_options
from foundation.errors import DatabaseOutdated, DatabaseUnavailable
from foundation.settings import Settings

MIGRATIONS: tuple[str, ...] = (
    # 1: answers with the feedback that rates them, conversations with their expiry, the Slack dedupe keys.
    """
    CREATE TABLE answers (
        message_id TEXT PRIMARY KEY,
        conversation_id TEXT,
        channel TEXT NOT NULL,
        question TEXT NOT NULL,
        answer JSONB NOT NULL,
        created DOUBLE PRECISION NOT NULL
    );
    CREATE TABLE feedback (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id TEXT NOT NULL REFERENCES answers (message_id),
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT,
        channel TEXT NOT NULL,
        user_ref TEXT,
        created DOUBLE PRECISION NOT NULL,
        -- Set for rows copied by `actieplan migrate-sqlite`: a second run copies nothing twice.
        copied_from TEXT UNIQUE
    );
    CREATE INDEX feedback_message ON feedback (message_id);
    CREATE TABLE conversations (
        conversation_id TEXT PRIMARY KEY,
        turn JSONB NOT NULL,
        expires DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX conversations_expires ON conversations (expires);
    CREATE TABLE slack_keys (
        namespace TEXT NOT NULL,
        key TEXT NOT NULL,
        expires DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (namespace, key)
    );
    CREATE INDEX slack_keys_expires ON slack_keys (namespace, expires);
    """,
)
LATEST = len(MIGRATIONS)

# Any constant: hosts that migrate at the same time take turns on this transaction-level lock.
_LOCK_ID = 0x61637469


def _connect(settings: Settings) -> psycopg.Connection[tuple[object, ...]]:
    assert settings.database_url is not None
    try:
        return psycopg.connect(settings.database_url.get_secret_value(), **connection_options(settings))  # type: ignore[arg-type]
    except OUTAGES as exc:
        raise DatabaseUnavailable(f"PostgreSQL niet bereikbaar: {exc}") from exc


def _version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS actieplan_schema "
        "(version INTEGER PRIMARY KEY, applied TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    row = conn.execute("SELECT COALESCE(MAX(version), 0) FROM actieplan_schema").fetchone()
    return int(row[0]) if row else 0  # type: ignore[call-overload]


def schema_version(settings: Settings) -> int:
    """The migration number the database reached (0 for an empty database)."""
    with _connect(settings) as conn:
        try:
            return _version(conn)
        except OUTAGES as exc:
            raise DatabaseUnavailable(f"PostgreSQL niet bereikbaar: {exc}") from exc


def migrate(settings: Settings) -> tuple[int, int]:
    """Apply the missing migrations in one transaction; (version before, version after)."""
    with _connect(settings) as conn:
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_ID,))
                before = _version(conn)
                for number in range(before + 1, LATEST + 1):
                    conn.execute(MIGRATIONS[number - 1])  # type: ignore[arg-type]
                    conn.execute("INSERT INTO actieplan_schema (version) VALUES (%s)", (number,))
        except OUTAGES as exc:
            raise DatabaseUnavailable(f"PostgreSQL niet bereikbaar: {exc}") from exc
    return before, max(before, LATEST)


def require_current(settings: Settings) -> int:
    """The schema version; DatabaseOutdated (with what to do, in Dutch) when the database is behind."""
    version = schema_version(settings)
    if version < LATEST:
        raise DatabaseOutdated(
            f"schemaversie {version}, verwacht {LATEST}",
            user_message=(
                f"De database (ACTIEPLAN_DATABASE_URL) heeft schemaversie {version}, deze versie van de assistent "
                f"verwacht {LATEST}. Werk het schema eerst bij met `actieplan ingest --if-needed` (op één host); "
                "er is niets gewijzigd."
            ),
        )
    return version
