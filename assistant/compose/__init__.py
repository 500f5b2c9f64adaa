"""The grounded composer: answers written from the plan itself, every fact with its source, in Dutch or English."""

from assistant.compose.answers import compose, describe_filters

__all__ = ["compose", "describe_filters"]
