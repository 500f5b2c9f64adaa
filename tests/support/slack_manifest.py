"""What the Slack app's manifest grants and what the bot's code calls: the tables the least-privilege tests use."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import yaml

SLACK_DIR = Path(__file__).resolve().parents[2] / "integrations" / "slack"
# The scope each Web API method the bot may call needs (api.slack.com/methods); None: no scope. A method that
# reads a conversation needs the history scope of each kind of conversation it reads (see SCOPES_OF below).
METHOD_SCOPES: dict[str, str | None] = {
    "chat_postMessage": "chat:write",
    "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write",
    "reactions_add": "reactions:write",
    "reactions_remove": "reactions:write",
    "views_open": None,
    "views_publish": None,
    "assistant_threads_setStatus": "assistant:write",
    "assistant_threads_setSuggestedPrompts": "assistant:write",
    # bolt itself: auth.test (none); the bot reads threads back in channels, private channels, DMs and group DMs.
    "auth_test": None,
    "conversations_replies": "channels:history",
}
# Every scope a method needs, where one is not enough: reading threads in all four kinds of conversation.
SCOPES_OF: dict[str, set[str]] = {
    "conversations_replies": {"channels:history", "groups:history", "im:history", "mpim:history"},
}


def scopes_of(method: str) -> set[str]:
    """The scopes a Web API method (as WebClient names it) needs where the bot calls it."""
    if method in SCOPES_OF:
        return SCOPES_OF[method]
    scope = METHOD_SCOPES[method]
    return {scope} if scope else set()


# bolt's helpers that listeners call, and the method behind each; respond() posts to a response_url.
HELPERS = {"say": "chat_postMessage", "set_status": "assistant_threads_setStatus"}
HELPERS["set_suggested_prompts"] = "assistant_threads_setSuggestedPrompts"
EVENT_SCOPES: dict[str, str | None] = {
    "app_mention": "app_mentions:read",
    "app_home_opened": None,
    "message.im": "im:history",
    "message.mpim": "mpim:history",
    "message.channels": "channels:history",
    "message.groups": "groups:history",
    "assistant_thread_started": "assistant:write",
    "assistant_thread_context_changed": "assistant:write",
}


def is_web_api_method(name: str) -> bool:
    """Whether a name is one of WebClient's Web API methods (not a dunder such as __init__)."""
    from slack_sdk.web import WebClient

    return not name.startswith("_") and callable(getattr(WebClient, name, None))


def methods_called_in_code() -> set[str]:
    """Every Web API method (as WebClient names it) the bot's code calls, directly or through a bolt helper."""
    called = {"auth_test", "conversations_replies"}
    for path in SLACK_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in HELPERS:
                called.add(HELPERS[name])
            elif isinstance(node.func, ast.Attribute) and is_web_api_method(name):
                called.add(name)
    return called


def manifest() -> tuple[dict[str, Any], list[str], list[str]]:
    """The manifest, and the scopes and events it offers as an opt-in (commented out, marked "opt-in")."""
    text = (SLACK_DIR / "manifest.yml").read_text(encoding="utf-8")
    opt_in = re.findall(r"^\s*#\s*-\s*(\S+)\s*#\s*opt-in", text, re.MULTILINE)
    return yaml.safe_load(text), [o for o in opt_in if ":" in o], [o for o in opt_in if ":" not in o]
