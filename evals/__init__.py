"""Evaluation suite: gold questions and the runner that scores the assistant."""
