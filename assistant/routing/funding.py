"""Funding questions: the asker's needs mapped to the plan's funding instruments, through the plan's own structure.

The objectives whose lever is "financiering & businessmodellen" name the families of instruments (banks,
insurers, cumulative building blocks, collective financing on business parks, the financing of chain
approaches). A need from the question (plan_model/vocabulary.toml: a loan, a subsidy, insurance …) is mapped to the
actions whose text holds the need's plan terms, and else to the actions of the objective whose title does. A new
plan version brings its own map; only the users' words for each need are data of ours.
"""

from __future__ import annotations

from assistant.index import Hit, LoadedIndex
from assistant.index.search import tokenize
from assistant.question import Question
from assistant.routing.plan_structure import holds, holds_concept, with_continuations
from assistant.routing.thresholds import FUNDING_LIMIT, FUNDING_PER_NEED, FUNDING_SITUATION_RANK
from plan_model.concepts import Concept, default_vocabulary
from plan_model.records import ActionRecord, PlanDocument
from plan_model.timing import timing_state

FUNDING_LEVER = "financiering & businessmodellen"


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


def _titled_for(action: ActionRecord, concept: Concept, document: PlanDocument) -> bool:
    """Whether the action's objective is named for the concept: its title holds one of the concept's plan terms."""
    objective = document.objective(action.objective)
    title = objective.title.lower() if objective else ""
    return any(term.lower() in title for term in concept.plan)


def _first_term(action: ActionRecord, concept: Concept, document: PlanDocument) -> int | None:
    """The position of the first of a concept's plan terms the action holds (its main term comes first)."""
    return next((n for n, term in enumerate(concept.plan) if holds(action, term, document)), None)


def _names(action: ActionRecord, concept: Concept) -> bool:
    """Whether the action's title (its head, not a remark in brackets or its output) names a concept's plan term."""
    sentence = f" {' '.join(tokenize(action.title))} "
    return any(f" {' '.join(tokenize(term))} " in sentence for term in concept.plan)


def serves_need(action: ActionRecord, concepts: tuple[Concept, ...], document: PlanDocument) -> bool:
    """Whether an action holds a plan term of one of the question's needs: an instrument for it."""
    return any(holds_concept(action, c, document) for c in concepts if c.is_need)


def _per_need(needs: list[Concept], pool: list[ActionRecord], document: PlanDocument, limit: int) -> list[ActionRecord]:
    """Per need, the actions holding its main terms; each need's best instrument before any need's second."""
    per_need = []
    for concept in needs:
        # Per need: the actions holding its main term first; among equals, those the plan files under an objective
        # named for the need (the plan's own place for it: "rolverdeling en juridisch kader"), then those under a
        # funding objective (they are instruments, not knowledge work that mentions the term), then the plan's own
        # order (not the search's, which a reworded question shifts).
        # Among those, an action whose title names the instrument ("Ontwikkelen van verzekeringsinstrumenten") before
        # one that mentions it in passing.
        holding = [
            (term, not _titled_for(a, concept, document), not _under_funding(a, document), not _names(a, concept), n, a)
            for n, a in enumerate(pool)
            if (term := _first_term(a, concept, document)) is not None
        ]
        per_need.append([item[-1] for item in sorted(holding, key=lambda item: item[:5])][:limit])
    # Needs in the order the question names them: a question naming four needs gets one instrument for each, not
    # two for the first two.
    chosen: list[ActionRecord] = []
    for place in range(limit):
        chosen += [actions[place] for actions in per_need if len(actions) > place and actions[place] not in chosen]
    return chosen


def _starting_points(document: PlanDocument) -> list[ActionRecord]:
    """Where any company starts: the instruments of the vocabulary's starting-point needs (the two guides)."""
    starts = [c for c in default_vocabulary().concepts if c.is_need and c.starting_point]
    return _per_need(starts, funding_pool(document, tuple(starts)), document, FUNDING_PER_NEED)


def funding_actions(question: Question, hits: list[Hit], index: LoadedIndex) -> list[ActionRecord]:
    """The actions that answer a funding question: per need the actions holding its main terms, then the rest."""
    document = index.document
    pool = funding_pool(document, question.concepts)
    rank = {h.ref: n for n, h in enumerate(h for h in hits if h.kind == "action")}
    needs = [c for c in question.concepts if c.is_need]
    # The answer's room is shared by the needs: a question with one need gets one instrument more for it.
    chosen = _per_need(needs, pool, document, FUNDING_PER_NEED + (len(needs) == 1))
    # An instrument that serves several of the asker's needs at once (a guide to banks, insurers and subsidies for
    # "een mix van subsidie en banklening") belongs in the answer beside each need's own instrument.
    chosen += [a for a in pool if a not in chosen and sum(holds_concept(a, c, document) for c in needs) >= 2][:1]
    # The asker's sector or project ("een zuivelbedrijf", "samen op een bedrijventerrein") adds one instrument made
    # for it, when the search ranks it among the first: a financing action of the plan, not a study that happens to
    # name the subject.
    near = {ref for ref, n in rank.items() if n < FUNDING_SITUATION_RANK}
    # The search's first action, when its text holds two of the asker's situations ("de haven" and "collectieve
    # afvalwaterzuivering"), is made for that case, whatever its objective: in the focus domain of an instrument
    # chosen for the need (a port's collective treatment beside the financing of collective measures; not a
    # groundwater strategy beside insurance).
    situations = [c for c in question.concepts if not c.is_need]
    domains = {a.domain for a in chosen} or {a.domain for a in document.actions}
    candidates = [a for a in document.actions if a.id in near and a not in chosen]
    held = {a.id: sum(holds_concept(a, c, document) for c in situations) for a in candidates}
    situation = [
        a
        for a in candidates
        if (
            (held[a.id] >= 2 and rank[a.id] == 0 and a.domain in domains)
            or (held[a.id] and _under_funding(a, document))
        )
    ]
    chosen += sorted(situation, key=lambda a: rank[a.id])[:1]
    if not chosen:
        # Neither a need nor a situation the plan has an instrument for ("kan het plan ons helpen met onze
        # investering?"): where any company starts.
        chosen = _starting_points(document)
    elif not needs and question.first_person and not any(timing_state(a, question.today) == "ongoing" for a in chosen):
        # A company naming no need, whose situation's instruments are projects, finished or still being prepared
        # ("wij zijn een voedingsbedrijf en willen investeren"; a living-lab test in the port runs, but is no service
        # a company applies to): also where it can go today, a service the plan keeps going ("doorlopend": the
        # subsidy guide), not a guide still being written.
        chosen += [
            a for a in _starting_points(document) if a not in chosen and timing_state(a, question.today) == "ongoing"
        ]
    if not chosen:
        chosen = sorted((a for a in pool if a.id in rank), key=lambda a: rank[a.id])[:2]
    # An action that continues a chosen one (BM 1.2 tests the bank conditions BM 1.1 maps) belongs with it.
    return with_continuations(chosen, document, FUNDING_LIMIT)
