"""Dutch words to their lemmas (simplemma), with a separated verb's particle read as the whole verb.

`lemmas(text)` gives a text's lemmas (for matching the users' words for the plan's concepts); `lemma_tokens(text)`
gives the same with each word as written and where it stands in the text (for reading a question once, in order).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from foundation.text import fold

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")
# A word as written, accents and capitals kept (`lemma_tokens` keeps positions in the text as asked).
_WRITTEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The Dutch lemma of a folded word ("medicijnen" → "medicijn"), the word itself when unknown."""
    # simplemma writes some separable verbs split ("afbreken" → "af_breken") and their forms whole ("afbreekt" →
    # "afbreken"): joined, both are one lemma.
    return fold(simplemma.lemmatize(word, lang="nl")).replace("_", "")


@dataclass(frozen=True)
class LemmaToken:
    """One word of a text: folded as written, its lemma, where it stands (character offsets in the text) and the
    number of its sentence (a ".", "?" or "!" between two words starts a new one)."""

    word: str
    lemma: str
    start: int
    end: int
    sentence: int = 0


def lemmas(text: str) -> list[str]:
    """The lemmas of a text's words, folded, in order; a separated verb's particle stands for the whole verb."""
    folded = fold(text)
    tokens = list(_TOKEN.finditer(folded))
    words = [t.group(0) for t in tokens]
    gaps = [folded[a.end() : b.start()] for a, b in itertools.pairwise(tokens)]
    return _with_separated_verbs(words, gaps)


def lemma_tokens(text: str) -> list[LemmaToken]:
    """The words of a text with their lemmas and positions; a separated verb's particle stands for the whole verb."""
    matches = list(_WRITTEN.finditer(text))
    words = [fold(m.group(0)) for m in matches]
    gaps = [text[a.end() : b.start()] for a, b in itertools.pairwise(matches)]
    found = _with_separated_verbs(words, gaps)
    sentences = [0] if matches else []
    for gap in gaps:
        sentences.append(sentences[-1] + bool(_SENTENCE_BREAK.search(gap)))
    return [
        LemmaToken(w, lem, m.start(), m.end(), s) for w, lem, m, s in zip(words, found, matches, sentences, strict=True)
    ]


def _with_separated_verbs(words: list[str], gaps: list[str]) -> list[str]:
    """The lemma of each word; a clause-final particle ("houdt … vast") becomes the lemma of its verb."""
    found = [lemma(w) for w in words]
    for n, word in enumerate(words):
        if word in _PARTICLES and _ends_clause(words, gaps, n):
            joined = _separated_verb(words, gaps, found, n)
            if joined:
                found[n] = joined
    return found


# A Dutch main clause splits a verb ("houdt … vast", "breken … af", "pakken … aan"): the particle ends the clause.
_PARTICLES = frozenset(
    {"aan", "af", "bij", "door", "in", "mee", "na", "op", "over", "samen", "terug", "toe", "uit", "vast", "weg"}
)
_CLAUSE_WORDS = frozenset({"en", "of", "maar", "want", "omdat", "zodat"})
_CLAUSE_BREAK = re.compile(r"[.?!,;:()]")
_SENTENCE_BREAK = re.compile(r"[?!]|\.\s")  # not the dot of "KP 1.3"
# How far back the verb of a split verb may stand from its particle.
_SEPARATED_VERB_REACH = 10


def _ends_clause(words: list[str], gaps: list[str], n: int) -> bool:
    """Whether the n-th word ends its clause: punctuation or the end follows, or a word that starts a clause."""
    if n + 1 == len(words):
        return True
    return bool(_CLAUSE_BREAK.search(gaps[n])) or words[n + 1] in _CLAUSE_WORDS


def _separated_verb(words: list[str], gaps: list[str], found: list[str], n: int) -> str | None:
    """The lemma of the verb a clause-final particle belongs to ("vast" after "houdt" → "vasthouden"), if any."""
    particle = words[n]
    start = n
    while start > max(0, n - _SEPARATED_VERB_REACH) and not _breaks_clause(words, gaps, start - 1):
        start -= 1
    # The finite verb stands early in a main clause, before its objects ("breken rivieren stoffen … af": not
    # "afstoffen"), so the first word of the clause that makes a verb with the particle is the one.
    for back in range(start, n):
        # The verb's infinitive: its lemma ("houdt" → "houden"), or the word itself where the lemma is a noun
        # ("pakken" → "pak").
        for verb in (found[back], words[back]):
            if verb.endswith("en") and is_dutch_word(particle + verb):
                return lemma(particle + verb)
    return None


def _breaks_clause(words: list[str], gaps: list[str], n: int) -> bool:
    """Whether a clause ends after the n-th word: punctuation follows it, or it is a word that starts a clause."""
    return bool(_CLAUSE_BREAK.search(gaps[n])) or words[n] in _CLAUSE_WORDS


def is_dutch_word(word: str) -> bool:
    """Whether simplemma's Dutch dictionary knows the (folded) word."""
    return bool(simplemma.is_known(word, lang="nl"))
