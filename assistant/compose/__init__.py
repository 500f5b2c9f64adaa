"""The grounded composer: answers written from the plan itself, every fact with its source, in Dutch or English."""

from assistant.compose.answers import compose
from assistant.compose.lists import describe_filters
from assistant.compose.suggestions import suggest

__all__ = ["compose", "describe_filters", "suggest"]
