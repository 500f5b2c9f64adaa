"""The words a question is read with: the plan's own, the users' vocabulary, the parser's keywords; typo repair."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from assistant.question import vocabulary as V
from assistant.question import word_lists as W
from assistant.question.phrases import PhraseTable
from assistant.question.readings import reading_words
from foundation.text import FuzzyMatcher, fold, one_slip_apart
from plan_model.concepts import Concept, Vocabulary, default_vocabulary
from plan_model.lemmas import is_dutch_word, lemmas
from plan_model.organisations import OrganisationDirectory
from plan_model.places import default_places
from plan_model.records import PlanDocument

# Words shorter than this are left alone: too many short words are one letter from another.
_MIN_TYPO_LENGTH = 5
# A slip in a keyword this long is unambiguous even where the slip makes two Dutch words.
_KEYWORD_SLIP_LENGTH = 8
# How alike a typed word must be to a known word to be read as a slip for it.
_TYPO_CUTOFF = 0.8
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# An objective's title is compared with a question on its words this long or longer ("kader", "rollen").
OBJECTIVE_WORD = 5


class Lexicon:
    """Everything known about the words of questions for one index version."""

    def __init__(
        self,
        plan_words: Iterable[str],
        project_words: Iterable[str] = (),
        vocabulary: Vocabulary | None = None,
        directory: OrganisationDirectory | None = None,
        objectives: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.plan_words = frozenset(plan_words)
        # The plan's operational objectives (id, title) with their titles' content words as lemmas: a question may
        # name one by its words ("de doelstelling rond verzekeringen").
        self.objectives = tuple(
            (i, title, frozenset(w for w in lemmas(title) if len(w) >= OBJECTIVE_WORD)) for i, title in objectives
        )
        self.project_words = set(project_words)
        self.vocabulary = vocabulary or default_vocabulary()
        names = [
            re.findall(r"[a-z]+", fold(a))
            for org in (directory.organisations if directory else [])
            for a in (org.name, *org.aliases)
        ]
        organisation_words = {w for name in names for w in name}
        # Neighbouring words of an organisation's name ("departement zorg"): a typo beside one of them is repaired
        # to the word that completes the name ("departement zorgg" → "zorg", not the equally close "zorgt").
        self._name_pairs = {pair for name in names for pair in itertools.pairwise(name)}
        self.known = (
            self.plan_words
            | self.vocabulary.words()
            | organisation_words
            | {fold(w) for w in (*W.KEYWORDS_FOR_TYPOS, *W.QUESTION_WORDS, *W.DUTCH_WORDS, *V.PARSER_WORDS)}
            | reading_words()
        )
        # The parser's own long keywords ("verantwoordelijk"): a slip in one can look like a compound of two Dutch
        # words ("verantwoord" + "lijk"), and is still that keyword.
        self._keywords = {
            w for w in (fold(k) for k in (*W.KEYWORDS_FOR_TYPOS, *V.PARSER_WORDS)) if len(w) >= _KEYWORD_SLIP_LENGTH
        }
        targets = (w for w in self.known | _inflections(self.known) if len(w) >= _MIN_TYPO_LENGTH and w.isalpha())
        self._typos = FuzzyMatcher(targets, cutoff=_TYPO_CUTOFF, max_length_gap=2, transpositions=True)
        words = self.vocabulary.filters
        self.domain_names = PhraseTable(words.domain_names)
        self.domain_words = PhraseTable(words.domain_words)
        self.importance = PhraseTable(words.importance)
        self.status = PhraseTable(words.status)
        self.levers = PhraseTable(words.lever)
        self.outputs = PhraseTable({kind: (kind, *names) for kind, names in words.output.items()})
        places = default_places()
        by_area: dict[str, list[str]] = {}
        for name, area in places.names.items():
            by_area.setdefault(area, []).append(name)
        self.places = PhraseTable(by_area)

    @classmethod
    def of_plan(
        cls,
        document: PlanDocument,
        known_words: Iterable[str],
        project_words: Iterable[str],
        directory: OrganisationDirectory,
    ) -> Lexicon:
        """The words questions about one version of the plan are read with (the index's words, its projects' names,
        its objectives' titles)."""
        objectives = [(o.id, o.title) for o in document.objectives]
        return cls(known_words, project_words, directory=directory, objectives=objectives)

    def is_known(self, word: str) -> bool:
        """Whether a folded word is a word: the plan's, the vocabulary's, Dutch, or a compound of Dutch words."""
        return word in self.known or is_dutch_word(word) or _is_compound(word)

    def correct(self, text: str) -> str:
        """The text with each misspelt word of five letters or more replaced by the known word most like it."""

        def fix(match: re.Match[str]) -> str:
            word = match.group(0)
            folded = fold(word)
            if len(folded) < _MIN_TYPO_LENGTH or folded in self.known or is_dutch_word(folded):
                return word
            if _is_compound(folded):
                return next((k for k in sorted(self._keywords) if one_slip_apart(folded, k)), word)
            before = fold(text[: match.start()]).split()[-1:]
            after = fold(text[match.end() :]).split()[:1]
            completes = [b for a, b in self._name_pairs if [a] == before] + [
                a for a, b in self._name_pairs if [b] == after
            ]
            return (
                next((w for w in sorted(completes) if one_slip_apart(folded, w)), None)
                or self._typos.closest(folded)
                or word
            )

        return _WORD.sub(fix, text)

    def outside_topic(self, text: str) -> str | None:
        """The subject outside the plan a question is about, when it names no concept of the plan."""
        outside = self.vocabulary.outside_in(text)
        if outside is None or any(not c.is_need for c in self.concepts_in(text)):
            return None
        return outside

    def concepts_in(self, text: str) -> list[Concept]:
        """The plan concepts a question names, in the users' words or the plan's."""
        return self.vocabulary.concepts_in(text)


# Dutch endings of plurals and verb forms: "medicijn" is known, so "medicijnen" is a word a typo may aim at.
_ENDINGS = ("en", "s", "t", "e", "n", "de", "te")


def _inflections(words: Iterable[str]) -> set[str]:
    """The inflected forms of known words that Dutch has ("werk" → "werkt", "werken"), for typo repair."""
    return {w + end for w in words if len(w) >= 4 and w.isalpha() for end in _ENDINGS if is_dutch_word(w + end)}


def _is_compound(word: str) -> bool:
    """Whether a word is two Dutch words joined ("proceswater", "bedrijvenzone"), possibly with a linking s."""
    # Parts of four letters or more: short words join into anything ("doe" + "min" is a typo of "domein").
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        if is_dutch_word(tail) and (is_dutch_word(head) or (head.endswith("s") and is_dutch_word(head[:-1]))):
            return True
    return False
