"""Funding questions: the asker's needs mapped to the plan's funding instruments, through the plan's own structure.

The objectives whose lever is "financiering & businessmodellen" name the families of instruments (banks,
insurers, cumulative building blocks, collective financing on business parks, the financing of chain
approaches). A need from the question (ingest/vocabulary.toml: a loan, a subsidy, insurance …) is mapped to the
actions whose text holds the need's plan terms, and else to the actions of the objective whose title does. A new
plan version brings its own map; only the users' words for each need are data of ours.
"""

from __future__ import annotations

from assistant.index import Hit, LoadedIndex
from assistant.index.search import tokenize
from assistant.question import Question
from assistant.routing.plan_structure import with_continuations
from assistant.routing.thresholds import FUNDING_LIMIT, FUNDING_PER_NEED, FUNDING_SITUATION_RANK
from ingest.records import ActionRecord, PlanDocument
from ingest.vocabulary import Concept

FUNDING_LEVER = "financiering & businessmodellen"


_WORDS: dict[int, dict[str, set[str]]] = {}


def _words_of(document: PlanDocument) -> dict[str, set[str]]:
    """Each action's stemmed words (its cells and its objective's title), once per loaded plan."""
    words = _WORDS.get(id(document))
    if words is None:
        words = {}
        for action in document.actions:
            objective = document.objective(action.objective)
            title = objective.title if objective else ""
            cells = f"{action.action} {action.output} {title} {action.initiator_text} {action.partner_text}"
            words[action.id] = set(tokenize(cells))
        # One loaded plan at a time (a new version replaces the old): keep only the newest.
        _WORDS.clear()
        _WORDS[id(document)] = words
    return words


def holds(action: ActionRecord, term: str, document: PlanDocument) -> bool:
    """Whether an action's text holds every word of a plan term (stemmed: "banken" holds "bank")."""
    tokens = tokenize(term)
    return bool(tokens) and set(tokens) <= _words_of(document)[action.id]


def funding_pool(document: PlanDocument, concepts: tuple[Concept, ...]) -> list[ActionRecord]:
    """The actions a funding answer may cite: those under a funding objective, and those holding a need's terms."""
    needs = [c for c in concepts if c.is_need]
    pool = []
    for action in document.actions:
        objective = document.objective(action.objective)
        under_funding = objective is not None and objective.lever == FUNDING_LEVER
        if under_funding or any(holds(action, term, document) for c in needs for term in c.plan):
            pool.append(action)
    return pool


def _first_term(action: ActionRecord, concept: Concept, document: PlanDocument) -> int | None:
    """The position of the first of a concept's plan terms the action holds (its main term comes first)."""
    return next((n for n, term in enumerate(concept.plan) if holds(action, term, document)), None)


def funding_actions(question: Question, hits: list[Hit], index: LoadedIndex) -> list[ActionRecord]:
    """The actions that answer a funding question: per need the actions holding its main terms, then the rest."""
    document = index.document
    pool = funding_pool(document, question.concepts)
    rank = {h.ref: n for n, h in enumerate(h for h in hits if h.kind == "action")}
    chosen: list[ActionRecord] = []
    for concept in (c for c in question.concepts if c.is_need):
        holding = [
            (term, rank.get(a.id, len(rank)), a)
            for a in pool
            if (term := _first_term(a, concept, document)) is not None
        ]
        chosen += [a for _, _, a in sorted(holding, key=lambda item: item[:2]) if a not in chosen][:FUNDING_PER_NEED]
    # The asker's sector or project ("een zuivelbedrijf", "een gedeelde zuivering") adds the action about it, when
    # the search ranks that action among the first.
    near = {ref for ref, n in rank.items() if n < FUNDING_SITUATION_RANK}
    for concept in (c for c in question.concepts if not c.is_need):
        about = [
            a
            for a in document.actions
            if a.id in near and a not in chosen and _first_term(a, concept, document) is not None
        ]
        chosen += sorted(about, key=lambda a: rank[a.id])[:1]
    if not chosen:
        chosen = sorted((a for a in pool if a.id in rank), key=lambda a: rank[a.id])[:2]
    # An action that continues a chosen one (BM 1.2 tests the bank conditions BM 1.1 maps) belongs with it.
    return with_continuations(chosen, document, FUNDING_LIMIT)
