"""What the optional LLM writer works from and must provide: a Draft in, the Writer interface out."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Protocol

from assistant.answer_models import Citation
from assistant.index import LoadedIndex
from assistant.question import Question
from assistant.routing import RouteResult

# An answer text with the citations it stands on.
Grounded = tuple[str, list[Citation]]


@dataclass(frozen=True)
class Draft:
    """A question taken through its route and the grounded composer: what a writer may rephrase."""

    asked: str
    result: RouteResult
    index: LoadedIndex
    grounded: str
    citations: list[Citation]

    @property
    def question(self) -> Question:
        """The parsed question the route answered (with any filters it inherited)."""
        return self.result.question

    @property
    def language(self) -> str:
        """The language of the question, and so of the answer."""
        return self.result.question.language

    @property
    def fallback(self) -> Grounded:
        """The grounded answer, used whenever the writer cannot do better."""
        return self.grounded, self.citations


@dataclass(frozen=True)
class Followup:
    """A follow-up the rules did not resolve, with what the conversation said before."""

    question: str
    previous_question: str
    previous_answer: str
    language: str = "nl"


class Writer(Protocol):
    """Phrases answers with an LLM from what the route found; `LlmWriter` is the one implementation."""

    def write(self, draft: Draft) -> Grounded:
        """The LLM's answer with its enforced citations, or the draft's grounded answer when the LLM fails."""
        ...

    def stream(self, draft: Draft) -> Generator[str, None, Grounded]:
        """Yield text deltas as they come; return the enforced answer like `write` (sent last, it counts)."""
        ...

    def condense(self, followup: Followup) -> str:
        """The follow-up rewritten as a standalone question; the question itself on any problem."""
        ...
