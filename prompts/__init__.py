"""Prompt templates, kept as package data."""
