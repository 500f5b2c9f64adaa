"""Questions about what changed in the plan: "wat is er veranderd?", "welke acties zijn nieuw?", "welke zijn
geschrapt?" (and in English). The parser marks them (Question.asks_changes); the answer compares the live plan with
the previous one (assistant/routing/changes.py, assistant/compose/changes.py).

What is asked is read from the readings `version.*` (reading_table.py), which ask for the plan's versions in so
many words (changed, new actions, removed): "wat verandert er voor bedrijven?" or "nieuwe financieringsvormen" are
questions about the plan's content, not about its versions.
"""

from __future__ import annotations

from typing import Literal

from assistant.question.scan import Scan

ChangeAsk = Literal["all", "added", "removed", "changed"]

# Checked in order: the first reading a sentence that asks holds says what is asked ("welke acties zijn nieuw en
# welke zijn geschrapt?" is read as removed: the narrower lists come first, "wat is er veranderd" names all).
ORDER: tuple[tuple[ChangeAsk, str], ...] = (
    ("removed", "version.removed"),
    ("added", "version.added"),
    ("changed", "version.changed"),
    ("all", "version.any"),
)


def asks_what_changed(question: Scan | str) -> ChangeAsk | None:
    """What a question asks about the plan's versions (all changes, new, removed or changed actions), or None."""
    scan = Scan(question) if isinstance(question, str) else question
    return next((ask for ask, reading in ORDER if scan.asks(reading)), None)
