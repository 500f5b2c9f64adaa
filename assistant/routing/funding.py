"""Funding questions: the asker's needs mapped to the plan's funding instruments, through the plan's own structure.

The objectives whose lever is "financiering & businessmodellen" name the families of instruments (banks,
insurers, cumulative building blocks, collective financing on business parks, the financing of chain
approaches). A need from the question (ingest/vocabulary.toml: a loan, a subsidy, insurance …) is mapped to the
actions whose text holds the need's plan terms, and else to the actions of the objective whose title does. A new
plan version brings its own map; only the users' words for each need are data of ours.
"""

from __future__ import annotations

from assistant.index import Hit, LoadedIndex
from assistant.question import Question
from assistant.routing.plan_structure import holds, with_continuations
from assistant.routing.thresholds import FUNDING_LIMIT, FUNDING_PER_NEED, FUNDING_SITUATION_RANK
from ingest.records import ActionRecord, PlanDocument
from ingest.vocabulary import Concept, default_vocabulary

FUNDING_LEVER = "financiering & businessmodellen"


# An action that names the instruments of this many needs is a guide across them ("a checklist for banks,
# insurers and subsidy schemes"): it belongs in the answer to each of those needs, after the need's own instrument.
_GUIDE_NEEDS = 3
_GUIDES: dict[int, set[str]] = {}


def guides(document: PlanDocument) -> set[str]:
    """The actions whose text names the plan terms of several funding needs: guides across instruments."""
    found = _GUIDES.get(id(document))
    if found is None:
        needs = [c for c in default_vocabulary().concepts if c.is_need]
        found = {
            action.id
            for action in document.actions
            if sum(any(holds(action, term, document) for term in c.plan) for c in needs) >= _GUIDE_NEEDS
        }
        _GUIDES.clear()  # one loaded plan at a time
        _GUIDES[id(document)] = found
    return found


def _under_funding(action: ActionRecord, document: PlanDocument) -> bool:
    """Whether the plan files an action under an objective whose lever is financing."""
    objective = document.objective(action.objective)
    return objective is not None and objective.lever == FUNDING_LEVER


def funding_pool(document: PlanDocument, concepts: tuple[Concept, ...]) -> list[ActionRecord]:
    """The actions a funding answer may cite: those under a funding objective, and those holding a need's terms."""
    needs = [c for c in concepts if c.is_need]
    pool = []
    for action in document.actions:
        if _under_funding(action, document) or any(holds(action, term, document) for c in needs for term in c.plan):
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
    across = guides(document)
    per_need = []
    for concept in (c for c in question.concepts if c.is_need):
        # Per need: the actions holding its main term first; among equals, those the plan files under a funding
        # objective (they are instruments, not knowledge work that mentions the term), then the search's order.
        # A guide across instruments comes right after the actions holding the need's main term.
        holding = [
            (term > 0, a.id not in across, term, not _under_funding(a, document), rank.get(a.id, len(rank)), a)
            for a in pool
            if (term := _first_term(a, concept, document)) is not None
        ]
        per_need.append([item[-1] for item in sorted(holding, key=lambda item: item[:5])][:FUNDING_PER_NEED])
    # Needs in the order the question names them, each need's best instrument before any need's second: a question
    # naming four needs gets one instrument for each, not two for the first two.
    for place in range(FUNDING_PER_NEED):
        chosen += [actions[place] for actions in per_need if len(actions) > place and actions[place] not in chosen]
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
