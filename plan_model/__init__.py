"""The plan's own model: its records, organisations, users' words for its concepts, places, lemmas and timing.

Both sides import it: `ingest` reads the plan into these records, the answering side (`assistant`) reads questions
against them. It imports nothing of either (see the import contracts in pyproject.toml).
"""
