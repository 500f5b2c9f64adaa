"""Text rules shared by every layer: folding for comparison, and the one fuzzy matcher for typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# The languages an answer is written in: Dutch, or English when the question is English.
Language = Literal["nl", "en"]

# A cache per matcher keeps repeated questions cheap; the bound keeps hostile input from growing it forever.
_CACHE_LIMIT = 10_000


def fold(text: str) -> str:
    """Lower-case text without accents, with typographic quotes made plain."""
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def in_language(phrases: tuple[str, str], language: str) -> str:
    """The phrase of a (Dutch, English) pair in the answer's language: English for "en", Dutch otherwise."""
    return phrases[1] if language == "en" else phrases[0]


def spaced_words_pattern(text: str, *, word_chars: str, between: str) -> str:
    """A regex for a phrase's words (folded) that tolerates any run of the `between` characters between them."""
    tokens = re.findall(f"[{word_chars}]+", fold(text))
    return r"(?<![0-9a-z])" + f"[{between}]*".join(re.escape(t) for t in tokens) + r"(?![0-9a-z])"


def similarity(a: str, b: str) -> float:
    """How alike two strings are, from 0 to 1 (normalised edit similarity)."""
    return float(fuzz.ratio(a, b)) / 100.0


# A sentence ends at a full stop (or ! ?) followed by a capital, not after an abbreviation ("o.a.", "bv.", "cf.").
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<![ (.][a-z]\.)(?<!\bbv\.)(?<!\bcf\.)(?<!o\.a\.)(?<!incl\.)\s+(?=[A-Z(])")


def sentences(text: str) -> list[str]:
    """The whole sentences of a passage of the plan."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def one_slip_apart(a: str, b: str) -> bool:
    """Whether one typed slip (a letter added, dropped, changed, or two swapped) turns one word into the other."""
    return bool(OSA.distance(a, b) <= 1)


class FuzzyMatcher:
    """Finds the known words most like a misspelt one ("boerebond" → "boerenbond").

    Only candidates of about the same length (and, if asked, the same first letter) are compared: a typo
    rarely changes either, and the filter keeps a lookup in a large vocabulary fast.
    """

    def __init__(
        self,
        choices: Iterable[str],
        *,
        cutoff: float,
        max_length_gap: int | None = None,
        same_initial: bool = False,
        transpositions: bool = False,
    ) -> None:
        self.cutoff = cutoff
        # Typed words: two swapped letters ("wrekt") are one slip, not two; among equally close words, one of the
        # same length ("heplen" → "helpen", not "helen") and the same first letter ("werkt", not "trekt") wins.
        self.transpositions = transpositions
        self.max_length_gap = max_length_gap
        self.same_initial = same_initial
        self._by_initial: dict[str, list[str]] = {}
        for choice in dict.fromkeys(choices):
            if choice:
                self._by_initial.setdefault(choice[0] if same_initial else "", []).append(choice)
        self._cache: dict[str, str | None] = {}

    def matches(self, word: str) -> list[tuple[str, float]]:
        """Every known word at least `cutoff` alike, best first, with its similarity."""
        if not word:
            return []
        candidates = self._by_initial.get(word[0] if self.same_initial else "", [])
        if self.max_length_gap is not None:
            candidates = [c for c in candidates if abs(len(c) - len(word)) <= self.max_length_gap]
        if self.transpositions:
            # (The cutoff minus a hair: one slip in five letters is exactly 0.8, which rapidfuzz rounds below.)
            typed = process.extract(
                word, candidates, scorer=OSA.normalized_similarity, score_cutoff=self.cutoff - 1e-3, limit=None
            )
            typed.sort(
                key=lambda found: (
                    -found[1],
                    len(found[0]) != len(word),
                    found[0][0] != word[0],  # the first letter is rarely the one mistyped
                    -fuzz.ratio(word, found[0]),
                )
            )
            return [(choice, float(score)) for choice, score, _ in typed]
        found = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=self.cutoff * 100, limit=None)
        return [(choice, score / 100.0) for choice, score, _ in found]

    def closest(self, word: str) -> str | None:
        """The known word most like this one, or None when none is `cutoff` alike."""
        if word in self._cache:
            return self._cache[word]
        found = self.matches(word)
        best = found[0][0] if found else None
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = best
        return best
