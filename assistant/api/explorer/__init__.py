"""The plan explorer: the action browser, the timeline and the organisation pages (server-rendered)."""
