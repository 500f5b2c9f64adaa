"""Readings: what a word or phrase of a question means for what it asks, as data with examples.

A reading is one meaning a question's words can carry: what is asked (a count, the most, a comparison), something
the plan does not hold (an approval, results, a permission), an operator (not, only, both) or a follow-up's
pointer (the second, the others). Its phrasings are written as words in lemma form or as written; each phrasing is
a row, and each reading carries examples where it must be read and counter-examples where it must not. The tests
check every example (tests/test_readings.py). A new phrasing is a row here, not a regular expression in code.

Phrasing syntax (matched against the question's words, see plan_model/lemmas.py `lemma_tokens`):
- words separated by spaces must follow each other; "…" between two words allows other words there (up to twenty,
  within the same sentence);
- a word matches a question word's lemma ("goedkeuren" matches "goedgekeurd") or the word as written ("meeste");
- a word ending in "*" matches every word that starts with it ("factsheet*"), one starting with "*" every word
  that ends with it ("*vergunning": "omgevingsvergunning");
- a first word starting with "^" must open its sentence ("^moet ik": "Moet ik …?", not "Bij wie moet ik …?");
- a last word ending in "$" must close it ("wat is er nieuw$": "Wat is er nieuw?", not "Wat is er nieuw rond PFAS?").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from assistant.question.reading_table import READINGS, Reading
from plan_model.lemmas import LemmaToken, lemma_tokens

# "…" in a phrasing: the next word may stand further on in the same sentence, this many words at most (a bound, so
# that reading a long pasted text stays linear in its length).
_ANYWHERE = -1
_REACH = 20


@dataclass(frozen=True)
class ReadingMatch:
    """A reading found in a question: its name, the phrasing that matched and where (character offsets)."""

    name: str
    phrasing: str
    start: int
    end: int


@dataclass(frozen=True)
class _Phrasing:
    reading: str
    text: str
    # Each word with whether it must follow the previous one (0) or may stand anywhere further on (_ANYWHERE).
    words: tuple[tuple[str, int], ...]

    def matches_at(self, tokens: Sequence[LemmaToken], first: int) -> int | None:
        """The index of the last token of a match that starts at `first`, or None."""
        opening = self.words[0][0]
        if opening.startswith("^"):
            if first > 0 and tokens[first - 1].sentence == tokens[first].sentence:
                return None
            opening = opening[1:]
        closing = self.words[-1][0].endswith("$")
        if len(self.words) == 1:
            opening = opening.removesuffix("$")
        if not _word_matches(opening, tokens[first]):
            return None
        at = first
        sentence = tokens[first].sentence
        for word, gap in self.words[1:]:
            word = word.removesuffix("$")
            window = range(at + 1, min(len(tokens), at + 2 + (_REACH if gap == _ANYWHERE else 0)))
            at = next((i for i in window if tokens[i].sentence == sentence and _word_matches(word, tokens[i])), -1)
            if at < 0:
                return None
        if closing and at + 1 < len(tokens) and tokens[at + 1].sentence == sentence:
            return None
        return at


def _word_matches(word: str, token: LemmaToken) -> bool:
    if word.endswith("*"):
        return token.word.startswith(word[:-1])
    if word.startswith("*"):
        return token.word.endswith(word[1:])
    return word in (token.lemma, token.word)


def _compile(text: str, reading: str) -> _Phrasing:
    words: list[tuple[str, int]] = []
    gap = 0
    for part in text.split():
        if part == "…":
            gap = _ANYWHERE
            continue
        words.append((part, gap))
        gap = 0
    if not words:
        raise ValueError(f"lege formulering voor {reading}")
    return _Phrasing(reading, text, tuple(words))


class ReadingIndex:
    """Every phrasing of a set of readings, compiled once, looked up by the first word of each phrasing."""

    def __init__(self, readings: Iterable[Reading]) -> None:
        self.readings = {r.name: r for r in readings}
        self._exact: dict[str, list[_Phrasing]] = {}
        self._prefixed: list[_Phrasing] = []
        for reading in self.readings.values():
            for text in reading.phrasings:
                phrasing = _compile(text, reading.name)
                first = phrasing.words[0][0].removeprefix("^").removesuffix("$")
                if first.endswith("*") or first.startswith("*"):
                    self._prefixed.append(phrasing)
                else:
                    self._exact.setdefault(first, []).append(phrasing)

    def find(self, tokens: Sequence[LemmaToken], names: Iterable[str] | None = None) -> list[ReadingMatch]:
        """Every match of a reading (of the named ones, or all) in the tokens, in text order; linear in the text."""
        wanted = None if names is None else set(names)
        found: list[ReadingMatch] = []
        for first, token in enumerate(tokens):
            candidates = [*self._exact.get(token.lemma, []), *self._prefixed]
            if token.word != token.lemma:
                candidates += self._exact.get(token.word, [])
            for phrasing in candidates:
                if wanted is not None and phrasing.reading not in wanted:
                    continue
                last = phrasing.matches_at(tokens, first)
                if last is not None:
                    found.append(ReadingMatch(phrasing.reading, phrasing.text, token.start, tokens[last].end))
        return found


def reading_words() -> set[str]:
    """Every word the readings are written with, folded: a typo in a question is repaired to one of them."""
    words = {
        w.strip("^*$").lower()
        for reading in reading_index().readings.values()
        for phrasing in reading.phrasings
        for w in phrasing.split()
        if w != "…"
    }
    return {w for w in words if w.isalpha()}


def words_pattern(name: str) -> str:
    """A reading's phrasings as one regular-expression group, longest first (for a grammar that places them around
    other parts, as the timing grammar places "start" around a point in time)."""
    phrasings = sorted(reading_index().readings[name].phrasings, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrasings) + ")"


@cache
def reading_index() -> ReadingIndex:
    """The bundled readings, compiled once."""
    return ReadingIndex(READINGS)


def readings_in(text: str, *names: str) -> list[ReadingMatch]:
    """The readings a text holds (of the named ones, or all), for tests and tools; the parser reads its own scan."""
    return reading_index().find(lemma_tokens(text), names or None)
