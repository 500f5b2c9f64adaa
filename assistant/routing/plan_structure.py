"""What the plan's own structure says about its actions: which action continues the one before it."""

from __future__ import annotations

import re

from assistant.index.search import tokenize
from ingest.records import ActionRecord, PlanDocument

# An action that starts by pointing back ("Gestelde voorwaarden toetsen", "… hoe deze instrumenten …") or that
# applies the previous action's result ("Ketenfinanciering toepassen op praktijkcases") continues it.
_POINTS_BACK = re.compile(
    r"^(?:gestelde|deze|dezelfde|die|dit)\b|\bdeze\s+(?:instrumenten|voorwaarden|modellen|principes)\b", re.I
)
_APPLIES = re.compile(r"\btoepassen\s+op\b", re.I)

_CACHE: dict[int, dict[str, str]] = {}


def continuations(document: PlanDocument) -> dict[str, str]:
    """For each action that the next action (same objective) continues, that next action's id."""
    found = _CACHE.get(id(document))
    if found is not None:
        return found
    found = {}
    for earlier, later in zip(document.actions, document.actions[1:], strict=False):
        if earlier.objective != later.objective:
            continue
        text = re.sub(r"^\((?:planning|project[^)]*)\)\s*", "", later.action.strip(), flags=re.I)
        applies = (
            _APPLIES.search(text)
            and tokenize(text)[:1]
            and set(tokenize(text)[:1]) <= set(tokenize(f"{earlier.action} {earlier.output}"))
        )
        if _POINTS_BACK.search(text) or applies:
            found[earlier.id] = later.id
    _CACHE.clear()  # one loaded plan at a time
    _CACHE[id(document)] = found
    return found


def with_continuations(actions: list[ActionRecord], document: PlanDocument, limit: int) -> list[ActionRecord]:
    """The actions, each followed by the action that continues it (when not already there), at most `limit`."""
    follow = continuations(document)
    out: list[ActionRecord] = []
    for action in actions:
        if action not in out:
            out.append(action)
        nxt = document.action(follow[action.id]) if action.id in follow else None
        if nxt is not None and nxt not in out and nxt not in actions:
            out.append(nxt)
    return out[:limit]
