"""One scan of a question: its words (with lemmas and positions), the readings they hold, and what is read so far.

The parser's steps read the question through this object: each step takes the parts it reads (an id, an
organisation's name, a domain code), so that later steps do not read them again; the words and readings are
found once.
"""

from __future__ import annotations

from functools import cached_property

from assistant.question.readings import ReadingMatch, reading_index
from plan_model.lemmas import LemmaToken, lemma_tokens


class Scan:
    """The question's text, its words and readings (found once), and the parts already read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []

    @cached_property
    def tokens(self) -> list[LemmaToken]:
        """The words with their lemmas and positions."""
        return lemma_tokens(self.text)

    @cached_property
    def readings(self) -> list[ReadingMatch]:
        """Every reading the words hold, in text order (reading_table.py)."""
        return reading_index().find(self.tokens)

    @cached_property
    def asking_sentences(self) -> frozenset[int]:
        """The sentences that ask (end in "?"); all of them when none does ("Geef de acties van VMM")."""
        tokens = self.tokens
        ends: dict[int, int] = {}
        for token in tokens:
            ends[token.sentence] = token.end
        starts = {t.sentence: t.start for t in reversed(tokens)}
        asking = {n for n, end in ends.items() if "?" in self.text[end : starts.get(n + 1, len(self.text))]}
        return frozenset(asking or ends)

    def asks(self, *names: str) -> bool:
        """Whether a sentence that asks holds any of these readings: "Onze subsidie is goedgekeurd, maar hoe …?" does
        not ask about an approval."""
        sentence_of = {t.start: t.sentence for t in self.tokens}
        return any(
            sentence_of.get(m.start) in self.asking_sentences
            for m in self.readings
            if any(m.name.startswith(n) if n.endswith(".") else m.name == n for n in names)
        )

    def in_asking(self, position: int) -> bool:
        """Whether a character position lies in a sentence that asks."""
        sentence = next((t.sentence for t in reversed(self.tokens) if t.start <= position), 0)
        return sentence in self.asking_sentences

    def asking_text(self) -> str:
        """The sentences that ask, as text (the whole text when no sentence ends in "?")."""
        asking = [t for t in self.tokens if t.sentence in self.asking_sentences]
        if not asking or len(asking) == len(self.tokens):
            return self.text
        pieces: list[str] = []
        for number in sorted({t.sentence for t in asking}):
            words = [t for t in asking if t.sentence == number]
            pieces.append(self.text[words[0].start : words[-1].end + 1])
        return " ".join(pieces)

    def has(self, *names: str) -> bool:
        """Whether the question holds any of these readings (a name ending in "." names a group: "unheld.")."""
        return any(self.first(name) for name in names)

    def first(self, name: str) -> ReadingMatch | None:
        """The first match of a reading (or of a group of readings, by a name ending in ".")."""
        group = name.endswith(".")
        return next((m for m in self.readings if (m.name.startswith(name) if group else m.name == name)), None)

    def lemmas(self) -> tuple[str, ...]:
        """The question's words as lemmas, in order."""
        return tuple(t.lemma for t in self.tokens)

    def take(self, start: int, end: int) -> None:
        """Mark a part as read, so later steps do not read it again."""
        self.spans.append((start, end))

    def rest(self) -> str:
        """The text with every part read so far blanked out (positions kept)."""
        chars = list(self.text)
        for start, end in self.spans:
            chars[start:end] = [" "] * (end - start)
        return "".join(chars)
