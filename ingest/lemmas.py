"""Dutch words to their lemmas (simplemma), with a separated verb's particle read as the whole verb."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from foundation.text import fold

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")


@lru_cache(maxsize=20_000)
def lemma(word: str) -> str:
    """The Dutch lemma of a folded word ("medicijnen" → "medicijn"), the word itself when unknown."""
    # simplemma writes some separable verbs split ("afbreken" → "af_breken") and their forms whole ("afbreekt" →
    # "afbreken"): joined, both are one lemma.
    return fold(simplemma.lemmatize(word, lang="nl")).replace("_", "")


def lemmas(text: str) -> list[str]:
    """The lemmas of a text's words, folded, in order; a separated verb's particle stands for the whole verb."""
    folded = fold(text)
    tokens = list(_TOKEN.finditer(folded))
    found = [lemma(t.group(0)) for t in tokens]
    for n, token in enumerate(tokens):
        if token.group(0) in _PARTICLES and _ends_clause(folded, tokens, n):
            joined = _separated_verb(folded, tokens, found, n)
            if joined:
                found[n] = joined
    return found


# A Dutch main clause splits a verb ("houdt … vast", "breken … af", "pakken … aan"): the particle ends the clause.
_PARTICLES = frozenset(
    {"aan", "af", "bij", "door", "in", "mee", "na", "op", "over", "samen", "terug", "toe", "uit", "vast", "weg"}
)
_CLAUSE_WORDS = frozenset({"en", "of", "maar", "want", "omdat", "zodat"})
_CLAUSE_BREAK = re.compile(r"[.?!,;:()]")
# How far back the verb of a split verb may stand from its particle.
_SEPARATED_VERB_REACH = 10


def _ends_clause(folded: str, tokens: list[re.Match[str]], n: int) -> bool:
    """Whether the n-th token ends its clause: punctuation or the end follows, or a word that starts a clause."""
    if n + 1 == len(tokens):
        return True
    between = folded[tokens[n].end() : tokens[n + 1].start()]
    return bool(_CLAUSE_BREAK.search(between)) or tokens[n + 1].group(0) in _CLAUSE_WORDS


def _separated_verb(folded: str, tokens: list[re.Match[str]], found: list[str], n: int) -> str | None:
    """The lemma of the verb a clause-final particle belongs to ("vast" after "houdt" → "vasthouden"), if any."""
    particle = tokens[n].group(0)
    start = n
    while start > max(0, n - _SEPARATED_VERB_REACH) and not _breaks_clause(folded, tokens, start - 1):
        start -= 1
    # The finite verb stands early in a main clause, before its objects ("breken rivieren stoffen … af": not
    # "afstoffen"), so the first word of the clause that makes a verb with the particle is the one.
    for back in range(start, n):
        # The verb's infinitive: its lemma ("houdt" → "houden"), or the word itself where the lemma is a noun
        # ("pakken" → "pak").
        for verb in (found[back], tokens[back].group(0)):
            if verb.endswith("en") and is_dutch_word(particle + verb):
                return lemma(particle + verb)
    return None


def _breaks_clause(folded: str, tokens: list[re.Match[str]], n: int) -> bool:
    """Whether a clause ends after the n-th token: punctuation follows it, or it is a word that starts a clause."""
    between = folded[tokens[n].end() : tokens[n + 1].start()]
    return bool(_CLAUSE_BREAK.search(between)) or tokens[n].group(0) in _CLAUSE_WORDS


def is_dutch_word(word: str) -> bool:
    """Whether simplemma's Dutch dictionary knows the (folded) word."""
    return bool(simplemma.is_known(word, lang="nl"))
