"""What the service writes and must keep: conversations (for follow-ups) and feedback, in SQLite by default."""
