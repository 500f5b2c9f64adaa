"""Routing: which route answers a question (lookup, structured, mixed, semantic, abstain) and what it found."""

from assistant.routing.result import RouteResult
from assistant.routing.router import Router

__all__ = ["RouteResult", "Router"]
