"""The search side of routing: hybrid hits for a question, whether the plan holds an answer, what to cite."""

from __future__ import annotations

from assistant.index import Hit, LoadedIndex
from assistant.index.search import without_frame
from assistant.question import Question
from assistant.routing.plan_structure import holds_concept, with_continuations
from assistant.routing.thresholds import (
    ABSTAIN_BM25,
    ABSTAIN_DENSE,
    ABSTAIN_UNCOVERED_DENSE,
    BROAD_CONCEPT_SHARE,
    PICK_LIMIT,
    RELATED_BM25_SHARE,
    RELEVANT_BM25_SHARE,
    RELEVANT_DENSE_MARGIN,
    SEARCH_TOP_K,
    SECTIONS_LIMIT,
)
from plan_model.concepts import Concept
from plan_model.records import ActionRecord, TextSection

# Hits of these kinds are narrative text an answer may quote as background.
_SECTION_KINDS = ("section", "guidance")


def semantic_hits(index: LoadedIndex, question: Question, allowed: set[str] | None = None) -> list[Hit]:
    """Hybrid retrieval for the question, boosting the domains it names in words ("bedrijventerreinen")."""
    return index.retriever.search(
        question.search_text,
        top_k=SEARCH_TOP_K,
        allowed_refs=allowed,
        boost_domains=list(question.domain_hints) or None,
        # Embedded without its frame ("wat doet het plan concreet rond …"), which would otherwise pull the meaning
        # towards whichever passage speaks of plans and actions.
        dense_query=question.search_text.replace(question.text, without_frame(question.in_plan_words), 1),
    )


def is_out_of_scope(hits: list[Hit], question: Question | None = None, index: LoadedIndex | None = None) -> bool:
    """Whether even the best hit is too far from the question for the plan to hold an answer."""
    if not hits:
        return True
    best_dense = max(h.dense for h in hits)
    best_bm25 = max(h.bm25 for h in hits)
    if best_dense < ABSTAIN_DENSE and best_bm25 < ABSTAIN_BM25:
        return True
    if (
        question is not None
        and index is not None
        and question.language == "nl"
        and best_dense < ABSTAIN_UNCOVERED_DENSE
    ):
        # The users' word for a concept of the plan ("bestrijdingsmiddelen") is covered by the plan's.
        content, covered = index.retriever.coverage(question.in_plan_words)
        return content > 0 and covered == 0
    return False


def pick_actions(hits: list[Hit], index: LoadedIndex, limit: int = PICK_LIMIT) -> list[ActionRecord]:
    """The actions among the hits the question is about, most relevant first; relevance decides how many."""
    return relevant_actions(hits, index, limit)[0]


def relevant_actions(
    hits: list[Hit],
    index: LoadedIndex,
    limit: int = PICK_LIMIT,
    share_needed: float = RELEVANT_BM25_SHARE,
    concepts: tuple[Concept, ...] = (),
    domains: tuple[str, ...] = (),
) -> tuple[list[ActionRecord], int]:
    """The relevant actions (by their BM25 share of the best, or closest in meaning) and how many more touch it.

    Relevant are the actions with half the best BM25 score or within a hair of the best meaning. Where more are
    relevant than a list holds, the ones about more of the question's concepts (their text holds the plan's term)
    come first, then the most relevant by a smooth measure rather than by rank: the meaning scores of a
    reworded question shift a little, and a rank-fused order would then swap the last places of the list.
    """
    actions = [h for h in hits if h.kind == "action"]
    if not actions:
        return [], 0
    best_bm25 = max(h.bm25 for h in actions)
    best_dense = max(h.dense for h in actions)

    def share(hit: Hit) -> float:
        return hit.bm25 / best_bm25 if best_bm25 > 0 else 0.0

    def closeness(hit: Hit) -> float:
        # 1 for the best meaning, the BM25 threshold's value at the meaning threshold, less further away.
        return 1.0 - (1.0 - share_needed) * (best_dense - hit.dense) / RELEVANT_DENSE_MARGIN

    def holders(concept: Concept) -> int:
        return sum(holds_concept(a, concept, index.document, with_names=False) for a in index.document.actions)

    # A concept many actions hold ("landbouw", "bedrijventerreinen") sets the scene; the narrower ones say what the
    # question is about ("spuitmiddelen van landbouwers"): only those count, when the question names any.
    limit_holders = BROAD_CONCEPT_SHARE * len(index.document.actions)
    narrow = tuple(c for c in concepts if holders(c) <= limit_holders) or concepts

    def about(hit: Hit) -> int:
        # The concepts it holds, and the focus domain the question names in words ("op onze industriezone").
        action = index.document.action(hit.ref)
        if not action:
            return 0
        held = sum(holds_concept(action, c, index.document, with_names=False) for c in narrow)
        return held + (bool(held) and action.domain in domains)

    chosen = [
        h
        for h in actions
        if share(h) >= share_needed
        or (h.dense >= best_dense - RELEVANT_DENSE_MARGIN and (share(h) >= RELATED_BM25_SHARE or about(h)))
        # In the focus domain the question names ("op onze industriezone"), holding what it asks about.
        or (share(h) >= RELATED_BM25_SHARE and about(h) >= 2 and _domain_of(h, index) in domains)
    ]
    chosen.sort(key=lambda h: (-about(h), -max(share(h), closeness(h))))
    most = max((about(h) for h in chosen), default=0)
    if most and sum(about(h) == most for h in chosen) >= 2:
        # Several relevant actions are about everything the question names: those are the answer, with the search's
        # first action (the best match in words and meaning at once), which a concept the question names only in
        # passing ("het riool", "Europese") does not push out.
        chosen = [h for h in chosen if about(h) == most or h is actions[0]]
    related = [h for h in actions if h not in chosen and share(h) >= RELATED_BM25_SHARE]
    records = [a for a in (index.document.action(h.ref) for h in chosen) if a]
    # An action that continues a relevant one (KP 2.2 applies the instruments KP 2.1 inventories) is relevant too.
    records = with_continuations(records, index.document, limit)
    return records, len(related) + max(0, len(chosen) - limit)


def _domain_of(hit: Hit, index: LoadedIndex) -> str | None:
    action = index.document.action(hit.ref)
    return action.domain if action else None


def sections_of(hits: list[Hit], limit: int = SECTIONS_LIMIT) -> list[TextSection]:
    """The narrative passages among the first hits, as sections an answer may quote."""
    return [
        TextSection(id=h.ref, title=h.title, text=h.text, source=str(h.metadata.get("source", "")))
        for h in hits[:limit]
        if h.kind in _SECTION_KINDS
    ]
