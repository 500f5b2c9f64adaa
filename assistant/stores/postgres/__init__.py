"""PostgreSQL (ACTIEPLAN_DATABASE_URL): conversations, feedback and the Slack dedupe shared by several hosts."""
