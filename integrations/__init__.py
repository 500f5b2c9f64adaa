"""Integrations with chat platforms."""
