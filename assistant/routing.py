"""The routes an answer can take: lookup, structured (filters), mixed, semantic, abstain."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.action_filters import ActionQuery, filter_actions, involves, resolve_org
from assistant.answer_models import Citation, Route
from assistant.live_index import LoadedIndex
from assistant.query_understanding import QueryIntent
from ingest.organisations import OrganisationDirectory, fold
from ingest.records import ActionRecord
from ingest.timing import is_running_now

DEFAULT_FIELDS = ["action", "output", "initiators", "partners", "timing", "importance", "status"]
# Calibrated on evals/gold (see evals/calibrate.py): below these, the plan does not hold the answer.
ABSTAIN_DENSE = 0.835
ABSTAIN_BM25 = 6.0
# A Dutch question none of whose content words occur in the plan is off-topic unless it is this close.
ABSTAIN_UNCOVERED_DENSE = 0.87
# In a mixed question, an action without the topic's words counts only this close to the best dense match.
MIXED_DENSE = 0.01


@dataclass
class RouteResult:
    """What a route found, before it is phrased."""

    route: Route
    actions: list[ActionRecord] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    sections: list[Any] = field(default_factory=list)
    abstain_reason: str | None = None
    unknown_ids: list[str] = field(default_factory=list)
    description: dict[str, Any] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)


def structured_filter(
    index: LoadedIndex, intent: QueryIntent, directory: OrganisationDirectory, base: list[str] | None = None
) -> list[ActionRecord]:
    """Every action matching all filters of the question (optionally within an earlier result)."""
    document = index.document
    query: ActionQuery = intent.action_query()
    actions = filter_actions(document, query.model_copy(update={"role": "any"}), directory)
    if base is not None:
        allowed = set(base)
        actions = [a for a in actions if a.id in allowed]
    if intent.domains:
        actions = [a for a in actions if a.domain in intent.domains]
    if intent.objective_ids:
        actions = [a for a in actions if a.objective in intent.objective_ids]
    if intent.orgs:
        sets = [resolve_org(org, directory) for org in intent.orgs]
        if intent.orgs_joined_by_or:
            actions = [a for a in actions if any(involves(a, names, intent.role) for names in sets)]
        else:
            actions = [a for a in actions if all(involves(a, names, intent.role) for names in sets)]
    exclusions = list(intent.excluded_orgs)
    if intent.exclude_own_lead:
        exclusions += intent.orgs
    for org in exclusions:
        names = resolve_org(org, directory)
        actions = [a for a in actions if not names & set(a.initiators)]
    if intent.active_now:
        actions = [a for a in actions if is_running_now(a.start, a.end, a.ongoing)]
    if intent.starts_in:
        actions = [a for a in actions if a.start and (a.start == intent.starts_in or a.start[:4] == intent.starts_in)]
    if intent.ends_in:
        actions = [a for a in actions if a.end and int(a.end[:4]) == intent.ends_in]
    if intent.project_terms:
        actions = [a for a in actions if any(t in fold(" ".join(a.projects)) for t in intent.project_terms)]
    return actions


def semantic_hits(index: LoadedIndex, intent: QueryIntent, allowed: set[str] | None = None) -> list[Any]:
    """Hybrid retrieval for the question, boosting the domains it names in words ("bedrijventerreinen")."""
    return index.retriever.search(
        intent.text, top_k=12, allowed_refs=allowed, boost_domains=intent.domain_hints or None
    )


def is_out_of_scope(hits: list[Any], intent: QueryIntent | None = None, index: LoadedIndex | None = None) -> bool:
    """Whether even the best hit is too far from the question for the plan to hold an answer."""
    if not hits:
        return True
    best_dense = max(h.dense for h in hits)
    best_bm25 = max(h.bm25 for h in hits)
    if best_dense < ABSTAIN_DENSE and best_bm25 < ABSTAIN_BM25:
        return True
    if intent is not None and index is not None and intent.language == "nl" and best_dense < ABSTAIN_UNCOVERED_DENSE:
        content, covered = index.retriever.coverage(intent.text)
        return content > 0 and covered == 0
    return False


def pick_actions(hits: list[Any], index: LoadedIndex, limit: int = 4) -> list[ActionRecord]:
    """The actions among the hits worth citing: the best, and those close to it."""
    chosen: list[ActionRecord] = []
    top_score = hits[0].score if hits else 0.0
    for hit in hits:
        ref = hit.ref
        if hit.kind == "objective":
            continue
        if hit.kind != "action":
            continue
        if chosen and hit.score < 0.72 * top_score:
            break
        action = index.document.action(ref)
        if action and action not in chosen:
            chosen.append(action)
        if len(chosen) >= limit:
            break
    return chosen
