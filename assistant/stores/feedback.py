"""The feedback store: every answer given, and the 👍/👎 users give it; the interface and its SQLite implementation.

The PostgreSQL implementation (several hosts) is assistant/stores/postgres/feedback.py.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from assistant.answer_models import Answer
from assistant.stores.sqlite import LocalDatabase
from foundation.errors import FeedbackNotFound

Rating = Literal["up", "down"]


@dataclass(frozen=True)
class SharedAnswer:
    """A recorded answer as its permalink shows it: the question, the answer and when it was given (epoch s)."""

    question: str
    answer: Answer
    created: float


_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    message_id TEXT PRIMARY KEY,
    conversation_id TEXT,
    channel TEXT NOT NULL,
    question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL REFERENCES answers(message_id),
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    channel TEXT NOT NULL,
    user_ref TEXT,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_message ON feedback(message_id);
"""


class FeedbackStore(Protocol):
    """What the web chat, the API, Slack and the CLI need of the feedback store (SQLite or PostgreSQL)."""

    def record_answer(self, answer: Answer, question: str, channel: str) -> None:
        """Keep an answer so feedback on it can be traced back to the question."""
        ...

    def add_feedback(
        self,
        message_id: str,
        rating: Rating,
        comment: str | None = None,
        channel: str = "web",
        user_ref: str | None = None,
    ) -> int:
        """Store a rating for an answer; raises FeedbackNotFound for an unknown message id."""
        ...

    def vote(self, message_id: str, rating: Rating, channel: str, user_ref: str) -> int:
        """One person's rating of an answer: a second click by the same person changes their vote."""
        ...

    def add_comment(self, feedback_id: int, comment: str | None, message_id: str | None = None) -> None:
        """Attach what the person wrote to their rating (None clears it); FeedbackNotFound when the rating is gone."""
        ...

    def vote_of(self, feedback_id: int) -> tuple[Rating, str | None] | None:
        """The rating and comment of one vote, or None when it is gone."""
        ...

    def recorded_answer(self, message_id: str) -> tuple[str, Answer] | None:
        """The question and answer recorded under a message id, or None."""
        ...

    def shared_answer(self, message_id: str, max_age_s: float) -> SharedAnswer | None:
        """The answer under a message id if it was given less than `max_age_s` ago (its permalink), else None."""
        ...

    def feedback(self, rating: Rating | None = None) -> list[dict[str, Any]]:
        """All feedback with its question and answer, newest first."""
        ...

    def export_gold_candidates(self) -> list[dict[str, Any]]:
        """Complaints (see is_complaint) as gold-question candidates."""
        ...

    def check_ready(self) -> str | None:
        """A Dutch note when the store cannot take feedback now, else None."""
        ...


class SqliteFeedbackStore:
    """Durable store in the data dir, shared by the web chat, the API and Slack; safe for several worker processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._database = LocalDatabase(path)
        with self._connection() as db:
            db.executescript(_SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        yield self._database.connection()

    def record_answer(self, answer: Answer, question: str, channel: str) -> None:
        """Keep an answer so feedback on it can be traced back to the question."""
        with self._connection() as db:
            db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                (answer.message_id, answer.conversation_id, channel, question, answer.model_dump_json(), time.time()),
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
        with self._connection() as db:
            row = db.execute("SELECT 1 FROM answers WHERE message_id = ?", (message_id,)).fetchone()
            if row is None:
                raise FeedbackNotFound(f"onbekend message_id {message_id}")
            cursor = db.execute(
                "INSERT INTO feedback (message_id, rating, comment, channel, user_ref, created) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (message_id, rating, comment, channel, user_ref, time.time()),
            )
            return int(cursor.lastrowid or 0)

    def vote(self, message_id: str, rating: Rating, channel: str, user_ref: str) -> int:
        """One person's rating of an answer: a second click by the same person changes their vote, not adds one.

        Raises FeedbackNotFound for an unknown message id. Returns the id of the person's feedback row.
        """
        with self._connection() as db:
            # One write transaction: two clicks of the same person at once still leave one row.
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("SELECT 1 FROM answers WHERE message_id = ?", (message_id,)).fetchone() is None:
                    raise FeedbackNotFound(f"onbekend message_id {message_id}")
                row = db.execute(
                    "SELECT id FROM feedback WHERE message_id = ? AND channel = ? AND user_ref = ?",
                    (message_id, channel, user_ref),
                ).fetchone()
                if row is not None:
                    db.execute(
                        "UPDATE feedback SET rating = ?, created = ? WHERE id = ?", (rating, time.time(), row[0])
                    )
                    feedback_id = int(row[0])
                else:
                    cursor = db.execute(
                        "INSERT INTO feedback (message_id, rating, comment, channel, user_ref, created) "
                        "VALUES (?, ?, NULL, ?, ?, ?)",
                        (message_id, rating, channel, user_ref, time.time()),
                    )
                    feedback_id = int(cursor.lastrowid or 0)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return feedback_id

    def add_comment(self, feedback_id: int, comment: str | None, message_id: str | None = None) -> None:
        """Attach what the person wrote (the 👎 form) to their rating, or clear it (None); with `message_id`, only
        to that answer's. Raises FeedbackNotFound when the rating is gone (or belongs to another answer).
        """
        with self._connection() as db:
            if message_id is None:
                cursor = db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, feedback_id))
            else:
                cursor = db.execute(
                    "UPDATE feedback SET comment = ? WHERE id = ? AND message_id = ?",
                    (comment, feedback_id, message_id),
                )
        if not cursor.rowcount:
            raise FeedbackNotFound(f"onbekende feedback {feedback_id}")

    def vote_of(self, feedback_id: int) -> tuple[Rating, str | None] | None:
        """The rating and comment of one vote, or None when it is gone."""
        with self._connection() as db:
            row = db.execute("SELECT rating, comment FROM feedback WHERE id = ?", (feedback_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def recorded_answer(self, message_id: str) -> tuple[str, Answer] | None:
        """The question and answer recorded under a message id, or None (for "Toon alles" and sharing)."""
        with self._connection() as db:
            row = db.execute("SELECT question, answer_json FROM answers WHERE message_id = ?", (message_id,)).fetchone()
        return (str(row[0]), Answer.model_validate_json(row[1])) if row else None

    def shared_answer(self, message_id: str, max_age_s: float) -> SharedAnswer | None:
        """The answer under a message id if it was given less than `max_age_s` ago (its permalink), else None."""
        with self._connection() as db:
            row = db.execute(
                "SELECT question, answer_json, created FROM answers WHERE message_id = ? AND created > ?",
                (message_id, time.time() - max_age_s),
            ).fetchone()
        return SharedAnswer(str(row[0]), Answer.model_validate_json(row[1]), float(row[2])) if row else None

    def feedback(self, rating: Rating | None = None) -> list[dict[str, Any]]:
        """All feedback with its question and answer, newest first."""
        query = (
            "SELECT f.id, f.message_id, f.rating, f.comment, f.channel, f.created, a.question, a.answer_json "
            "FROM feedback f JOIN answers a ON a.message_id = f.message_id"
        )
        params: tuple[Any, ...] = ()
        if rating:
            query += " WHERE f.rating = ?"
            params = (rating,)
        with self._connection() as db:
            rows = db.execute(query + " ORDER BY f.id DESC", params).fetchall()
        keys = ("id", "message_id", "rating", "comment", "channel", "created", "question", "answer")
        return [with_plan_version(dict(zip(keys, (*row[:7], json.loads(row[7])), strict=True))) for row in rows]

    def export_gold_candidates(self) -> list[dict[str, Any]]:
        """Complaints as gold-question candidates (expected ids to be filled in by a maintainer)."""
        return gold_candidates([row for row in self.feedback() if is_complaint(row)])

    def check_ready(self) -> str | None:
        """None: a file in the data dir is there as long as the host is (its failures show per call)."""
        return None


def is_complaint(row: dict[str, Any]) -> bool:
    """Whether a feedback row (as FeedbackStore.feedback gives it) says an answer was wrong: a 👎, or a comment
    written in Slack, where only the 👎 form asks for one. So a 👎 with "KP 9.9 ontbreekt" that the person later
    turned into 👍 keeps its comment, and stays in the export: a complaint is never lost by a second click."""
    return row["rating"] == "down" or bool(row.get("comment") and row.get("channel") == "slack")


def with_plan_version(row: dict[str, Any]) -> dict[str, Any]:
    """A feedback row with the plan version its answer came from (None for answers from before versions were
    recorded): after a plan update, feedback on the old plan is told apart from feedback on the new one."""
    answer = row.get("answer") or {}
    row["plan_version"] = answer.get("plan_version")
    row["plan"] = answer.get("plan")
    return row


def gold_candidates(complaints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Complaints (feedback rows as FeedbackStore.feedback gives them) as gold-question candidates."""
    candidates = []
    for item in complaints:
        answer = item["answer"]
        changed = " (de stem werd later 👍)" if item["rating"] == "up" else ""
        candidates.append(
            {
                "id": f"feedback-{item['id']}",
                "kind": "feedback",
                "question": item["question"],
                "history": [],
                "expected_ids": [],
                "match": "exact",
                "must_mention": [],
                "abstain": False,
                "lang": answer.get("language", "nl"),
                "plan_version": item.get("plan_version"),
                "note": f"TODO: controleer tegen het plan. Antwoord was: {answer.get('answer', '')[:300]!r}; "
                f"geciteerd: {[c['id'] for c in answer.get('citations', [])]}; opmerking: {item['comment'] or ''}"
                f"{changed}",
            }
        )
    return candidates
