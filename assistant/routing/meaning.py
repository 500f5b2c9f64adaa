"""Questions about what a label of the plan means ("Wat betekent 'planning'?"): the plan's own text defines some."""

from __future__ import annotations

import re

from assistant.index.search import tokenize
from assistant.question import Question
from foundation.text import sentences
from plan_model.records import PlanDocument, TextSection

# A sentence that explains a word: "… aangeduid als planning, wat betekent dat de actie …".
_DEFINES = re.compile(r"\b(betekent|betekenen|inhoudt|houdt\s+in|wordt\s+bedoeld|verstaan\s+we)\b", re.IGNORECASE)
# How far from the defining verb the explained words stand ("aangeduid als planning, wat betekent").
_NEAR = 45
# The words that ask for a meaning, which a defining sentence need not share.
_ASKING = set(tokenize("betekent betekenis bedoelt bedoeld houdt inhoudt zeggen mean means"))


def definitions(question: Question, document: PlanDocument) -> tuple[TextSection, ...]:
    """The plan's sentences that define a word the question asks about, each as a section of its own."""
    asked = set(tokenize(question.text)) - _ASKING
    return tuple(
        TextSection(id=section.id, title=section.title, text=sentence, source=section.source)
        for section in document.sections
        for sentence in sentences(section.text)
        if asked & _defined_words(sentence)
    )


def _defined_words(sentence: str) -> set[str]:
    """The words a sentence explains: those around its defining verb ("als project, wat inhoudt dat ze met
    cofinanciering …"), not the rest of a long sentence."""
    found = _DEFINES.search(sentence)
    return set(tokenize(sentence[max(0, found.start() - _NEAR) : found.end() + _NEAR])) if found else set()
