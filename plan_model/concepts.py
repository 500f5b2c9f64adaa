"""The users' words for the plan's concepts (plan_model/vocabulary.toml): loading, matching in questions, checking."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from foundation.text import fold
from plan_model.lemmas import lemma, lemmas

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
# A word this long also matches inside a compound ("medicijnresten" holds "medicijn").
_COMPOUND_MIN = 6
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*")
# A word as written (accents and capitals kept), for replacing it in the text.
_WORD = re.compile(r"[^\W\d_][\w'-]*")


@dataclass(frozen=True)
class Concept:
    """A concept of the plan: the terms the plan uses, and the words users have for it."""

    plan: tuple[str, ...]
    words: tuple[str, ...]
    need: str | None = None
    # The need as an English answer names it.
    need_en: str | None = None
    money: bool = False
    # A need every company has that names none: where to start looking (the financing guide, the subsidy guide).
    starting_point: bool = False

    def need_in(self, language: str) -> str | None:
        """The need as an answer in this language names it (Dutch when no English label is given)."""
        return (self.need_en or self.need) if language == "en" else self.need

    @property
    def is_need(self) -> bool:
        """Whether this concept is a funding need a company may have (a loan, a subsidy, insurance …)."""
        return self.need is not None


# Users put words inside a phrase ("samen hun afvalwater zuiveren" for "samen zuiveren"): a phrase still matches
# with this many other words between two of its words.
_PHRASE_GAP = 2


@dataclass(frozen=True)
class _Key:
    """One everyday word or phrase, as lemmas, with the concept it stands for."""

    parts: tuple[str, ...]
    concept: Concept

    def found_in(self, words: list[str]) -> bool:
        """Whether these lemmas hold this key: a phrase in order, a long word also inside a compound."""
        return bool(self.spans_in(words))

    def spans_in(self, words: list[str]) -> list[tuple[int, int]]:
        """Where these lemmas hold this key: (first, last) word positions of each match."""
        if len(self.parts) > 1:
            found = (self._phrase_at(words, i) for i, word in enumerate(words) if word == self.parts[0])
            return [(start, end) for start, end in (f for f in found if f is not None)]
        key = self.parts[0]
        if len(key) < _COMPOUND_MIN:
            return [(i, i) for i, word in enumerate(words) if word == key]
        return [(i, i) for i, word in enumerate(words) if word == key or word.startswith(key) or word.endswith(key)]

    def _phrase_at(self, words: list[str], start: int) -> tuple[int, int] | None:
        """Where the phrase starting at `start` ends, each next word at most _PHRASE_GAP words further on."""
        at = start
        last = len(self.parts) - 1
        for n, part in enumerate(self.parts[1:], start=1):
            window = words[at + 1 : at + 2 + _PHRASE_GAP]
            # A phrase's long last word may be a compound's tail ("gezamenlijke waterinvestering").
            tail = n == last and len(part) >= _COMPOUND_MIN
            place = next((i for i, word in enumerate(window) if word == part or (tail and word.endswith(part))), None)
            if place is None:
                return None
            at += 1 + place
        return (start, at)


@dataclass(frozen=True)
class FilterWords:
    """The users' names for the values of the plan's filters: domains, importance, status and levers."""

    domain_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    domain_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    importance: dict[str, tuple[str, ...]] = field(default_factory=dict)
    status: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lever: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Kinds of output a question can ask for ("welke acties leveren een white paper op?"): the kind as the plan's
    # outputs write it, with the users' words for it.
    output: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def phrases(self) -> list[str]:
        """Every phrase of every filter value."""
        tables = (self.domain_names, self.domain_words, self.importance, self.status, self.lever, self.output)
        return [phrase for table in tables for phrases in table.values() for phrase in phrases]


class Vocabulary:
    """The everyday words of users mapped to the plan's terms; finds the concepts a question is about."""

    def __init__(
        self,
        concepts: Iterable[Concept],
        version: int = 0,
        filters: FilterWords | None = None,
        outside: dict[str, tuple[str, ...]] | None = None,
        glossary: dict[str, str] | None = None,
    ) -> None:
        self.concepts = tuple(concepts)
        self.version = version
        self.filters = filters or FilterWords()
        self.outside = outside or {}
        # Terms of the plan a company would not know, with what they mean (compose/glossary.py).
        self.glossary = glossary or {}
        self._outside_keys = [
            _Key(tuple(lemmas(word)), Concept(plan=(), words=(), need=label))
            for label, words in self.outside.items()
            for word in words
            if lemmas(word)
        ]
        # A word that is itself a subject outside the plan ("bouwvergunning") is not also a concept inside it.
        self._outside_words = {key.parts[0] for key in self._outside_keys if len(key.parts) == 1}
        # A key as lemmas, and as written where the dictionary reads the written lemma otherwise (it takes "boer"
        # for the verb "boeren", while a question's "boeren" is "boer").
        keys = [
            _Key(form, concept)
            for concept in self.concepts
            for phrase in (*concept.words, *concept.plan)
            for form in dict.fromkeys((tuple(lemmas(phrase)), tuple(_TOKEN.findall(fold(phrase)))))
            if form
        ]
        # Keys by their first lemma, and long single words by themselves for the compound lookup below.
        self._by_first: dict[str, list[_Key]] = {}
        self._long: dict[str, list[_Key]] = {}
        for key in keys:
            self._by_first.setdefault(key.parts[0], []).append(key)
            if len(key.parts) == 1 and len(key.parts[0]) >= _COMPOUND_MIN:
                self._long.setdefault(key.parts[0], []).append(key)

    def concepts_in(self, text: str) -> list[Concept]:
        """The concepts a text names in the users' words or the plan's, each once, in the order the text names them."""
        words = lemmas(text)
        found: dict[int, Concept] = {}
        matched: dict[int, set[tuple[int, int]]] = {}
        evaluated: set[int] = set()
        for word in words:
            candidates = list(self._by_first.get(word, []))
            # A compound holds a long key as its head or its tail: look up every such part of the word; unless the
            # word is a key itself ("kreekruginfiltratie" is that concept, not also the general "infiltratie"), or a
            # subject outside the plan ("bouwvergunning" is not the plan's "vergunning").
            whole = any(len(key.parts) == 1 for key in candidates) or word in self._outside_words
            for size in range(_COMPOUND_MIN, len(word)) if not whole else ():
                candidates += self._long.get(word[:size], []) + self._long.get(word[-size:], [])
            for key in candidates:
                # Each key is looked up once: its spans cover every place it occurs (a long text stays linear).
                if id(key) in evaluated:
                    continue
                evaluated.add(id(key))
                if spans := key.spans_in(words):
                    found.setdefault(id(key.concept), key.concept)
                    matched.setdefault(id(key.concept), set()).update(spans)
        # Between two funding needs the longest match wins: a need's single word inside another need's phrase is that
        # phrase's ("een lagere premie" is insurance, not the subsidy that "premie" alone would be).
        # Word position → the needs whose phrase covers it (linear in the text: a phrase spans a few words).
        covered: dict[int, set[int]] = {}
        for cid, held in matched.items():
            if found[cid].is_need:
                for start, end in held:
                    for position in range(start, end + 1) if start < end else ():
                        covered.setdefault(position, set()).add(cid)

        def inside_another_need(cid: int) -> bool:
            return found[cid].is_need and all(a == b and covered.get(a, set()) - {cid} for a, b in matched[cid])

        return [concept for cid, concept in found.items() if not inside_another_need(cid)]

    def in_plan_words(self, text: str) -> str:
        """The text with each single users' word of a concept replaced by the plan's main term for it.

        "genoeg water voor de akkerbouw" reads "… voor de landbouw": a synonym then gives the same text to embed
        as the plan's own word. Only whole words that are a key by themselves are replaced (a compound such as
        "medicijnresten" keeps its other part by staying as it is).
        """

        def replace(match: re.Match[str]) -> str:
            keys = [k for k in self._by_first.get(lemma(fold(match.group(0))), []) if len(k.parts) == 1]
            concepts = {id(k.concept): k.concept for k in keys if k.concept.plan}
            if len(concepts) != 1:  # a word of two concepts stays as the user wrote it
                return match.group(0)
            return next(iter(concepts.values())).plan[0]

        return _WORD.sub(replace, text)

    def outside_in(self, text: str) -> str | None:
        """The subject outside the plan a text names ("energie en zonnepanelen"), or None."""
        words = lemmas(text)
        return next((key.concept.need for key in self._outside_keys if key.found_in(words)), None)

    def words(self) -> set[str]:
        """Every word of every entry, folded: words a typo may be corrected to."""
        phrases = [p for concept in self.concepts for p in (*concept.words, *concept.plan)] + self.filters.phrases()
        phrases += [word for words in self.outside.values() for word in words]
        return {word for phrase in phrases for word in _TOKEN.findall(fold(phrase))}

    def check(self, plan_text: str) -> list[str]:
        """Warnings for entries whose plan terms the plan does not use (to review after a plan update)."""
        return [f"woordenlijst: '{term}' staat niet in het plan" for term in self.missing_terms(plan_text)]

    def missing_terms(self, plan_text: str) -> list[str]:
        """The plan terms of the entries that the plan's text does not use, in the list's order."""
        folded = " ".join(fold(plan_text).split())
        terms = [term for concept in self.concepts for term in concept.plan]
        return list(dict.fromkeys(term for term in terms if " ".join(fold(term).split()) not in folded))


def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read the vocabulary from TOML."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    concepts = [
        Concept(
            plan=tuple(entry["plan"]),
            words=tuple(entry.get("words", [])),
            need=entry.get("need"),
            need_en=entry.get("need_en"),
            money=bool(entry.get("money", False)),
            starting_point=bool(entry.get("starting_point", False)),
        )
        for entry in data.get("concept", [])
    ]
    domains = data.get("domain", {})
    filters = FilterWords(
        domain_names={code: tuple(entry.get("names", [])) for code, entry in domains.items()},
        domain_words={code: tuple(entry.get("words", [])) for code, entry in domains.items()},
        importance={value: tuple(words) for value, words in data.get("importance", {}).items()},
        status={value: tuple(words) for value, words in data.get("status", {}).items()},
        lever={value: tuple(words) for value, words in data.get("lever", {}).items()},
        output={value: tuple(words) for value, words in data.get("output", {}).items()},
    )
    outside = {label: tuple(words) for label, words in data.get("outside", {}).items()}
    glossary = {term: str(text) for term, text in data.get("glossary", {}).items()}
    return Vocabulary(concepts, int(data.get("version", 0)), filters, outside, glossary)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The bundled vocabulary, loaded once."""
    return load_vocabulary()
