"""The feedback store in PostgreSQL: every host's answers and the 👍/👎 on them, in one place.

Rows are never deleted; each rating refers to the answer it rates (a foreign key). Calls raise
DatabaseUnavailable (HTTP 503, a Dutch message) while the database is away: a rating is stored whole or not.
"""

from __future__ import annotations

import time
from typing import Any

from psycopg.types.json import Jsonb

from assistant.answer_models import Answer
from assistant.stores.feedback import Rating, SharedAnswer, gold_candidates, is_complaint, with_plan_version
from assistant.stores.postgres.database import Database
from foundation.errors import FeedbackNotFound

# What a person sees when their rating could not be stored (HTTP 503, Slack's private reply).
NOT_STORED = (
    "De database is tijdelijk niet bereikbaar; je feedback is niet opgeslagen. Probeer het over enkele "
    "ogenblikken opnieuw."
)
_COLUMNS = "f.id, f.message_id, f.rating, f.comment, f.channel, f.created, a.question, a.answer"
_KEYS = ("id", "message_id", "rating", "comment", "channel", "created", "question", "answer")


class PostgresFeedbackStore:
    """FeedbackStore over the shared database: feedback given on any host is exported once, complete."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record_answer(self, answer: Answer, question: str, channel: str) -> None:
        """Keep an answer so feedback on it can be traced back to the question."""
        with self.database.transaction() as cursor:
            cursor.execute(
                "INSERT INTO answers (message_id, conversation_id, channel, question, answer, created) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (message_id) DO UPDATE SET "
                "conversation_id = EXCLUDED.conversation_id, channel = EXCLUDED.channel, "
                "question = EXCLUDED.question, answer = EXCLUDED.answer, created = EXCLUDED.created",
                (
                    answer.message_id,
                    answer.conversation_id,
                    channel,
                    question,
                    Jsonb(answer.model_dump(mode="json")),
                    time.time(),
                ),
            )

    def add_feedback(
        self,
        message_id: str,
        rating: Rating,
        comment: str | None = None,
        channel: str = "web",
        user_ref: str | None = None,
    ) -> int:
        """Store a rating for an answer; raises FeedbackNotFound for an unknown message id."""
        with self.database.transaction(NOT_STORED) as cursor:
            cursor.execute(
                "INSERT INTO feedback (message_id, rating, comment, channel, user_ref, created) "
                "SELECT message_id, %s, %s, %s, %s, %s FROM answers WHERE message_id = %s RETURNING id",
                (rating, comment, channel, user_ref, time.time(), message_id),
            )
            row = cursor.fetchone()
        if row is None:
            raise FeedbackNotFound(f"onbekend message_id {message_id}")
        return int(row[0])  # type: ignore[call-overload]

    def vote(self, message_id: str, rating: Rating, channel: str, user_ref: str) -> int:
        """One person's rating of an answer: a second click by the same person changes their vote, not adds one.

        Raises FeedbackNotFound for an unknown message id. Returns the id of the person's feedback row.
        """
        with self.database.transaction(NOT_STORED) as cursor:
            # Locking the answer's row serialises votes on it across hosts: two clicks at once leave one row.
            cursor.execute("SELECT 1 FROM answers WHERE message_id = %s FOR UPDATE", (message_id,))
            if cursor.fetchone() is None:
                raise FeedbackNotFound(f"onbekend message_id {message_id}")
            cursor.execute(
                "UPDATE feedback SET rating = %s, created = %s "
                "WHERE message_id = %s AND channel = %s AND user_ref = %s RETURNING id",
                (rating, time.time(), message_id, channel, user_ref),
            )
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    "INSERT INTO feedback (message_id, rating, comment, channel, user_ref, created) "
                    "VALUES (%s, %s, NULL, %s, %s, %s) RETURNING id",
                    (message_id, rating, channel, user_ref, time.time()),
                )
                row = cursor.fetchone()
        assert row is not None
        return int(row[0])  # type: ignore[call-overload]

    def add_comment(self, feedback_id: int, comment: str | None, message_id: str | None = None) -> None:
        """Attach what the person wrote (the 👎 form) to their rating, or clear it (None); with `message_id`, only
        to that answer's. Raises FeedbackNotFound when the rating is gone (or belongs to another answer).
        """
        with self.database.transaction(NOT_STORED) as cursor:
            if message_id is None:
                cursor.execute("UPDATE feedback SET comment = %s WHERE id = %s", (comment, feedback_id))
            else:
                cursor.execute(
                    "UPDATE feedback SET comment = %s WHERE id = %s AND message_id = %s",
                    (comment, feedback_id, message_id),
                )
            changed = cursor.rowcount
        if not changed:
            raise FeedbackNotFound(f"onbekende feedback {feedback_id}")

    def vote_of(self, feedback_id: int) -> tuple[Rating, str | None] | None:
        """The rating and comment of one vote, or None when it is gone."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT rating, comment FROM feedback WHERE id = %s", (feedback_id,))
            row = cursor.fetchone()
        return (row[0], row[1]) if row else None  # type: ignore[return-value]

    def recorded_answer(self, message_id: str) -> tuple[str, Answer] | None:
        """The question and answer recorded under a message id, or None (for "Toon alles" and sharing)."""
        with self.database.transaction() as cursor:
            cursor.execute("SELECT question, answer FROM answers WHERE message_id = %s", (message_id,))
            row = cursor.fetchone()
        return (str(row[0]), Answer.model_validate(row[1])) if row else None

    def shared_answer(self, message_id: str, max_age_s: float) -> SharedAnswer | None:
        """The answer under a message id if it was given less than `max_age_s` ago (its permalink), else None."""
        with self.database.transaction() as cursor:
            cursor.execute(
                "SELECT question, answer, created FROM answers WHERE message_id = %s AND created > %s",
                (message_id, time.time() - max_age_s),
            )
            row = cursor.fetchone()
        if row is None:
            return None
        return SharedAnswer(str(row[0]), Answer.model_validate(row[1]), float(row[2]))  # type: ignore[arg-type]

    def feedback(self, rating: Rating | None = None) -> list[dict[str, Any]]:
        """All feedback with its question and answer, newest first."""
        query = f"SELECT {_COLUMNS} FROM feedback f JOIN answers a ON a.message_id = f.message_id"
        params: tuple[Any, ...] = ()
        if rating:
            query += " WHERE f.rating = %s"
            params = (rating,)
        with self.database.transaction() as cursor:
            cursor.execute(query + " ORDER BY f.id DESC", params)  # type: ignore[arg-type]
            rows = cursor.fetchall()
        return [with_plan_version(dict(zip(_KEYS, row, strict=True))) for row in rows]

    def export_gold_candidates(self) -> list[dict[str, Any]]:
        """Complaints as gold-question candidates (expected ids to be filled in by a maintainer)."""
        return gold_candidates([row for row in self.feedback() if is_complaint(row)])

    def check_ready(self) -> str | None:
        """A Dutch note while the database cannot be used, else None (for /readyz)."""
        return self.database.check_ready()
