"""Finding the users' names for filter values (plan_model/vocabulary.toml) in a question, with where they stand."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from foundation.text import fold, spaced_words_pattern


def _phrase_pattern(phrase: str) -> str:
    """A regex for a phrase that tolerates other spacing, hyphens and slashes between its words."""
    return spaced_words_pattern(phrase, word_chars="0-9a-z&", between=r"\s'\-/")


@dataclass(frozen=True)
class PhraseMatch:
    """A phrase found in a text: the value it names and where it stands."""

    value: str
    start: int
    end: int
    phrase: str


class PhraseTable:
    """Phrases that name values (e.g. "topprioriteit" → Sleutelactie), longest phrase first."""

    def __init__(self, table: Mapping[str, Sequence[str]]) -> None:
        entries = sorted(
            ((phrase, value) for value, phrases in table.items() for phrase in phrases),
            key=lambda item: -len(item[0]),
        )
        self._values = [value for _, value in entries]
        self._phrases = [phrase for phrase, _ in entries]
        self._pattern = (
            re.compile("|".join(f"({_phrase_pattern(p)})" for p in self._phrases)) if self._phrases else None
        )

    def find(self, text: str) -> list[PhraseMatch]:
        """Every phrase in the text (folded), without overlaps, in text order."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(fold(text)):
            index = match.lastindex - 1 if match.lastindex else 0
            found.append(PhraseMatch(self._values[index], match.start(), match.end(), self._phrases[index]))
        return found
