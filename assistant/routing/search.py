"""The search side of routing: hybrid hits for a question, whether the plan holds an answer, what to cite."""

from __future__ import annotations

from assistant.index import Hit, LoadedIndex
from assistant.question import Question
from assistant.routing.thresholds import (
    ABSTAIN_BM25,
    ABSTAIN_DENSE,
    ABSTAIN_UNCOVERED_DENSE,
    PICK_LIMIT,
    PICK_RELATIVE_SCORE,
    SEARCH_TOP_K,
)
from ingest.records import ActionRecord, TextSection

# Hits of these kinds are narrative text an answer may quote as background.
_SECTION_KINDS = ("section", "guidance")


def semantic_hits(index: LoadedIndex, question: Question, allowed: set[str] | None = None) -> list[Hit]:
    """Hybrid retrieval for the question, boosting the domains it names in words ("bedrijventerreinen")."""
    return index.retriever.search(
        question.text, top_k=SEARCH_TOP_K, allowed_refs=allowed, boost_domains=list(question.domain_hints) or None
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
        content, covered = index.retriever.coverage(question.text)
        return content > 0 and covered == 0
    return False


def pick_actions(hits: list[Hit], index: LoadedIndex, limit: int = PICK_LIMIT) -> list[ActionRecord]:
    """The actions among the hits worth citing: the best, and those close to it."""
    chosen: list[ActionRecord] = []
    top_score = hits[0].score if hits else 0.0
    for hit in hits:
        if hit.kind != "action":
            continue
        if chosen and hit.score < PICK_RELATIVE_SCORE * top_score:
            break
        action = index.document.action(hit.ref)
        if action and action not in chosen:
            chosen.append(action)
        if len(chosen) >= limit:
            break
    return chosen


def sections_of(hits: list[Hit], limit: int = 3) -> list[TextSection]:
    """The narrative passages among the first hits, as sections an answer may quote."""
    return [
        TextSection(id=h.ref, title=h.title, text=h.text, source=str(h.metadata.get("source", "")))
        for h in hits[:limit]
        if h.kind in _SECTION_KINDS
    ]
