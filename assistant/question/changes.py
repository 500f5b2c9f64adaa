"""Questions about what changed in the plan: "wat is er veranderd?", "welke acties zijn nieuw?", "welke zijn
geschrapt?" (and in English). The parser marks them (Question.asks_changes); the answer compares the live plan with
the previous one (assistant/routing/changes.py, assistant/compose/changes.py).

The patterns ask for the plan's versions in so many words (changed, new actions, removed): "wat verandert er voor
bedrijven?" or "nieuwe financieringsvormen" are questions about the plan's content, not about its versions.
"""

from __future__ import annotations

import re
from typing import Literal

from foundation.text import fold

ChangeAsk = Literal["all", "added", "removed", "changed"]

_PLAN = (
    r"(?:het |dit |de |het nieuwe |de nieuwe |het bijgewerkte |de bijgewerkte |de laatste )?(?:actie)?(?:plan|versie)"
)
_DONE = r"(?:veranderd|gewijzigd|aangepast|bijgewerkt|anders)"
_ACTIONS = r"(?:acties?|actielijnen|actiepunten)"
_GONE = r"(?:geschrapt|verwijderd|geannuleerd|weggevallen|verdwenen|weggelaten|gestopt)"
_ADDED = r"(?:nieuw|bijgekomen|toegevoegd|erbij gekomen|erbij|bij gekomen)"

# Checked in order: the first that matches says what is asked.
PATTERNS: tuple[tuple[ChangeAsk, re.Pattern[str]], ...] = (
    (
        "removed",
        re.compile(
            rf"\b(?:welke|wat)\b(?: {_ACTIONS})? (?:zijn|is|werden|werd|waren)(?: er)?(?: \w+)? {_GONE}\b"
            rf"|\bgeschrapte {_ACTIONS}\b|\bwelke {_ACTIONS} vallen (?:er )?weg\b"
            r"|\bwhich (?:actions? )?(?:were|have been|are|was|has been) (?:removed|dropped|deleted|cut|cancelled)\b"
            r"|\bwhat (?:was|has been|were) (?:removed|dropped|deleted|cut)\b|\bremoved actions\b",
        ),
    ),
    (
        "added",
        re.compile(
            rf"\bwelke {_ACTIONS} (?:zijn|is|werden|kwamen)(?: er)? {_ADDED}\b"
            rf"|\b(?:welke|zijn er) nieuwe {_ACTIONS}(?: zijn er| kwamen er| staan er)?(?: (?:bij|in {_PLAN}))?\s*\??$"
            r"|\bwhich (?:actions? )?(?:are|were|have been) (?:new|added)\b|\bwhat (?:are the )?new actions\b"
            r"|\bwhich new actions\b",
        ),
    ),
    (
        "changed",
        re.compile(
            rf"\bwelke {_ACTIONS} (?:zijn|werden)(?: er)? (?:veranderd|gewijzigd|aangepast)\b"
            r"|\bwhich actions? (?:were|have been|are) (?:changed|modified|updated)\b",
        ),
    ),
    (
        "all",
        re.compile(
            rf"\bwat is er(?: \w+)? {_DONE}\b|\bwat (?:werd|is) (?:er )?(?:veranderd|gewijzigd)\b"
            rf"|\bwat (?:zijn|waren) de (?:veranderingen|wijzigingen|verschillen|aanpassingen)\b(?! (?:in|van|aan) de "
            rf"(?!nieuwe|vorige|bijgewerkte|laatste))"
            rf"|\b(?:veranderingen|wijzigingen|verschillen|aanpassingen) (?:in|van|aan|met|tegenover) {_PLAN}\b"
            rf"|\bwat is er nieuw(?: in {_PLAN}| sinds[\w ]*)?\s*\??$|\bwat is er anders (?:in|aan) {_PLAN}\b"
            rf"|\bwat is (?:er )?nieuw in {_PLAN}\b|\bwat (?:veranderde|wijzigde)\b"
            r"|\bwhat (?:has |have |)changed\b|\bwhat'?s new\b|\bwhat is new\b|\bwhat are the changes\b"
            r"|\bwhat changes\b.*\b(?:plan|version)\b",
        ),
    ),
)


def asks_what_changed(text: str) -> ChangeAsk | None:
    """What a question asks about the plan's versions (all changes, new, removed or changed actions), or None."""
    folded = " ".join(fold(text).split())
    return next((ask for ask, pattern in PATTERNS if pattern.search(folded)), None)
