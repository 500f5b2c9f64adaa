"""`actieplan migrate-sqlite`: a host's SQLite feedback copied into PostgreSQL, once, however often it runs."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from psycopg.types.json import Jsonb

from assistant.stores.postgres.database import Database


@dataclass(frozen=True)
class CopyReport:
    """What one run copied, and what was already there from an earlier run."""

    answers: int
    answers_present: int
    feedback: int
    feedback_present: int


def copy_sqlite_feedback(sqlite_path: Path, database: Database) -> CopyReport:
    """Copy every answer and rating of a SQLite feedback file in one transaction (all or nothing).

    An answer is known by its message id (a UUID: unique across hosts), a rating by its answer and its row id
    in that file: a second run, or a run after the host wrote more, copies only what is new.
    """
    # Read-only: the host may still be running and writing.
    source = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    try:
        answers = source.execute(
            "SELECT message_id, conversation_id, channel, question, answer_json, created FROM answers"
        ).fetchall()
        ratings = source.execute(
            "SELECT id, message_id, rating, comment, channel, user_ref, created FROM feedback ORDER BY id"
        ).fetchall()
    finally:
        source.close()
    copied_answers = copied_feedback = 0
    with database.transaction() as cursor:
        for message_id, conversation_id, channel, question, answer_json, created in answers:
            cursor.execute(
                "INSERT INTO answers (message_id, conversation_id, channel, question, answer, created) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (message_id) DO NOTHING",
                (message_id, conversation_id, channel, question, Jsonb(json.loads(answer_json)), created),
            )
            copied_answers += cursor.rowcount
        for row_id, message_id, rating, comment, channel, user_ref, created in ratings:
            cursor.execute(
                "INSERT INTO feedback (message_id, rating, comment, channel, user_ref, created, copied_from) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (copied_from) DO NOTHING",
                (message_id, rating, comment, channel, user_ref, created, f"sqlite:{message_id}:{row_id}"),
            )
            copied_feedback += cursor.rowcount
    return CopyReport(copied_answers, len(answers) - copied_answers, copied_feedback, len(ratings) - copied_feedback)
