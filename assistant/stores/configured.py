"""The stores the settings ask for: PostgreSQL with ACTIEPLAN_DATABASE_URL, else SQLite files in the data dir."""

from __future__ import annotations

from assistant.stores.conversations import ConversationStore, SqliteConversationStore
from assistant.stores.feedback import FeedbackStore, SqliteFeedbackStore
from foundation.settings import Settings


def open_feedback(settings: Settings) -> FeedbackStore:
    """The configured feedback store."""
    if settings.uses_database_server:
        from assistant.stores.postgres.database import database_for
        from assistant.stores.postgres.feedback import PostgresFeedbackStore

        return PostgresFeedbackStore(database_for(settings))
    return SqliteFeedbackStore(settings.feedback_db)


def open_conversations(settings: Settings) -> ConversationStore:
    """The configured conversation store, with the configured expiry."""
    if settings.uses_database_server:
        from assistant.stores.postgres.conversations import PostgresConversationStore
        from assistant.stores.postgres.database import database_for

        return PostgresConversationStore(database_for(settings), settings.conversation_ttl_s)
    return SqliteConversationStore(settings.data_dir / "conversations.sqlite3", settings.conversation_ttl_s)
