"""Searching the actions' text (`q=` of the explorer and the API): free words, without regard to accents or capitals.

Every word of the search must occur (in the title, the action, the output, the project names or the organisations
with all their spellings). A word also finds what the plan calls it: the users' words of plan_model/vocabulary.toml
("medicijnen" finds "geneesmiddelen"), as the chat reads questions; and its lemma ("stoffen" finds "stof").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_DUTCH, STOPWORDS_EN

from foundation.text import fold
from plan_model.concepts import default_vocabulary
from plan_model.lemmas import lemma
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord

# A shorter form matches at the start of a word only ("VMM", "BT"), a longer one anywhere ("water" in "afvalwater").
_INSIDE_FROM = 4
# Users' phrases of the vocabulary span at most this many words ("aan de bron").
_PHRASE_WORDS = 3
_STOPWORDS = frozenset(STOPWORDS_DUTCH) | frozenset(STOPWORDS_EN)
_WORD = re.compile(r"[0-9a-z][0-9a-z'&.-]*[0-9a-z]|[0-9a-z]")


@dataclass(frozen=True)
class SearchTerm:
    """One word (or phrase) of a search with every form that finds it, as one pattern over folded text."""

    written: str
    forms: tuple[str, ...]
    pattern: re.Pattern[str]
    # The plan's terms the users' word stands for ("medicijnen" → "geneesmiddelen").
    plan_terms: tuple[str, ...] = ()


def _form_pattern(form: str) -> str:
    words = [re.escape(w) for w in form.split()]
    body = r"[\s\-/]+".join(words)
    return body if len(form) >= _INSIDE_FROM else r"(?<![0-9a-z])" + body


def _term(written: str, forms: list[str], plan_terms: list[str]) -> SearchTerm:
    unique = tuple(dict.fromkeys(f for f in (" ".join(fold(form).split()) for form in [*forms, *plan_terms]) if f))
    # Longer forms first, so a highlight covers "geneesmiddelen" rather than a shorter form inside it.
    ordered = sorted(unique, key=len, reverse=True)
    pattern = re.compile("|".join(_form_pattern(f) for f in ordered))
    own = {" ".join(fold(f).split()) for f in forms}
    return SearchTerm(written, unique, pattern, tuple(t for t in dict.fromkeys(plan_terms) if fold(t) not in own))


def _plan_terms(text: str) -> list[str]:
    return [term for concept in default_vocabulary().concepts_in(text) for term in concept.plan]


@lru_cache(maxsize=512)
def search_terms(query: str) -> tuple[SearchTerm, ...]:
    """The terms of a search: each word with its lemma and the plan's terms for it; a users' phrase as one term."""
    words = _WORD.findall(fold(query))
    terms: list[SearchTerm] = []
    n = 0
    while n < len(words):
        # A phrase of the vocabulary the single words do not hold ("aan de bron"): one term.
        for size in range(min(_PHRASE_WORDS, len(words) - n), 1, -1):
            phrase = " ".join(words[n : n + size])
            singles = {t for w in words[n : n + size] for t in _plan_terms(w)}
            extra = [t for t in _plan_terms(phrase) if t not in singles]
            if extra:
                terms.append(_term(phrase, [phrase], extra))
                n += size
                break
        else:
            word = words[n]
            n += 1
            if word in _STOPWORDS and len(words) > 1:
                continue
            forms = [word, lemma(word)] if len(word) >= _INSIDE_FROM else [word]
            terms.append(_term(word, forms, _plan_terms(word)))
    return tuple(terms)


def searchable_text(action: ActionRecord, directory: OrganisationDirectory) -> str:
    """Everything a search looks in: the action's text, output, projects and organisations in every spelling."""
    names = [action.initiator_text, action.partner_text, *action.organisations]
    for name in action.organisations:
        organisation = directory.get(name)
        if organisation is not None:
            names += [*organisation.aliases, organisation.full_name or ""]
    return "\n".join([action.action, action.output, " ".join(action.projects), *names])


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


def matches_text(action: ActionRecord, query: str, directory: OrganisationDirectory) -> bool:
    """Whether every term of the search occurs in the action."""
    terms = search_terms(query)
    if not terms:
        return True
    text = _folded(searchable_text(action, directory))
    return all(term.pattern.search(text) for term in terms)


def spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the search's terms occur in a text (start, end in the text as written), in order, not overlapping."""
    terms = search_terms(query)
    if not terms or not text:
        return []
    folded, origin = _folded_with_origin(text)
    found: list[tuple[int, int]] = []
    for term in terms:
        for match in term.pattern.finditer(folded):
            if match.end() > match.start():
                found.append((origin[match.start()], origin[match.end() - 1] + 1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the position of the character it came from."""
    pieces: list[str] = []
    origin: list[int] = []
    for position, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        origin += [position] * len(folded)
    return "".join(pieces), origin
