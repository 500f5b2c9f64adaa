"""Ingest: parse the action plan and guidance documents and store them in a Chroma index."""
