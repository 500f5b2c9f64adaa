"""The general lines of funding answers (the plan hands out no money, names no contact persons): once per
conversation. A company that asks three follow-ups reads them in the first answer, not in every one."""

from __future__ import annotations

from assistant.compose.phrases import say

# A general fact → the phrases that state it; an answer that says one has said the fact.
GENERAL_LINES: dict[str, tuple[str, ...]] = {
    "no_money_from_plan": ("funding.not_itself", "funding.no_money", "funding.no_verdict_receive"),
    "no_contact_persons": ("funding.no_persons",),
}
# The phrases a later answer leaves out once the fact was said (the leads that answer the question stay).
_DROPPED = {"no_money_from_plan": ("funding.not_itself",), "no_contact_persons": ("funding.no_persons",)}


def general_lines_said(text: str, language: str) -> set[str]:
    """The general facts this answer states."""
    return {fact for fact, keys in GENERAL_LINES.items() if any(say(k, language) in text for k in keys)}


def without_said(text: str, said: set[str] | frozenset[str], language: str) -> str:
    """The answer without the general lines the conversation already said."""
    for fact in said:
        for key in _DROPPED.get(fact, ()):
            text = text.replace(" " + say(key, language), "").replace(say(key, language), "")
    return text
