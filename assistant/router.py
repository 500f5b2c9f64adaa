"""Choosing the route of a question: follow-up, lookup, structured, mixed, semantic or abstain."""

from __future__ import annotations

import re

from assistant.conversations import Turn
from assistant.live_index import LoadedIndex
from assistant.query_understanding import QueryIntent
from assistant.routing import (
    DEFAULT_FIELDS,
    MIXED_DENSE,
    RouteResult,
    is_out_of_scope,
    pick_actions,
    semantic_hits,
    structured_filter,
)
from ingest.organisations import OrganisationDirectory
from ingest.records import TextSection

_ASKS_ABOUT_ONE = re.compile(r"\b(wie|wanneer|de actie|die actie|who|when|the action)\b", re.IGNORECASE)


_INHERITED = (
    "role",
    "importance",
    "status",
    "lever",
    "active_in",
    "active_now",
    "starts_in",
    "ends_in",
    "ongoing",
    "undetermined",
)


def remembered_filters(intent: QueryIntent) -> dict[str, object]:
    """The filters of a structured question, kept with the turn so "en voor X?" can reuse them."""
    kept: dict[str, object] = {name: getattr(intent, name) for name in _INHERITED}
    kept.update(orgs=list(intent.orgs), domains=list(intent.domains), objective_ids=list(intent.objective_ids))
    return kept


def inherit(intent: QueryIntent, filters: dict[str, object]) -> None:
    """Fill the filters a follow-up does not set itself from the previous question's."""
    for name in _INHERITED:
        if not getattr(intent, name) or (name == "role" and intent.role == "any"):
            setattr(intent, name, filters.get(name) or getattr(intent, name))
    for name in ("orgs", "domains", "objective_ids"):
        if not getattr(intent, name):
            setattr(intent, name, list(filters.get(name) or []))  # type: ignore[call-overload]


class Router:
    """Decides how a question is answered and finds the records or passages it rests on."""

    def __init__(self, directory: OrganisationDirectory) -> None:
        self.directory = directory

    def route(self, intent: QueryIntent, previous: Turn | None, index: LoadedIndex) -> RouteResult:
        """The route for a question (and the previous turn of its conversation), with what it found."""
        document = index.document
        if intent.unanswerable:
            related = [a for a in (document.action(i) for i in intent.action_ids) if a]
            if not related and intent.unanswerable != "offtopic":
                hits = semantic_hits(index, intent)
                related = [] if is_out_of_scope(hits) else pick_actions(hits, index, limit=2)
            return RouteResult("abstain", actions=related, abstain_reason=intent.unanswerable)
        followup = self._followup(intent, previous, index)
        if followup is not None:
            return followup
        if intent.action_ids:
            return self._lookup(intent.action_ids, intent.fields or DEFAULT_FIELDS, index)
        if intent.wants_list and intent.domain_hints and not intent.domains and not intent.topic_terms:
            intent.domains = list(intent.domain_hints)
        if intent.has_filters and intent.topic_terms:
            return self._mixed(intent, index)
        if intent.has_filters:
            return RouteResult("structured", actions=structured_filter(index, intent, self.directory))
        return self._semantic(intent, index)

    def _lookup(self, ids: list[str], fields: list[str], index: LoadedIndex) -> RouteResult:
        actions = [a for a in (index.document.action(i) for i in ids) if a]
        unknown = [i for i in ids if index.document.action(i) is None]
        if not actions:
            return RouteResult("abstain", abstain_reason="unknown_id", unknown_ids=unknown)
        return RouteResult("lookup", actions=actions, fields=fields, unknown_ids=unknown)

    def _followup(self, intent: QueryIntent, previous: Turn | None, index: LoadedIndex) -> RouteResult | None:
        """Resolve "daarvan", "die", "en BW 1.3?", "en voor Aquafin?" against the previous turn; else None."""
        if previous is None:
            return None
        if (
            intent.starts_with_and
            and previous.filters
            and (intent.orgs or intent.domains)
            and not (intent.role_explicit or intent.action_ids or intent.topic_terms)
        ):
            # "En voor Aquafin?" after "Welke acties trekt VMM?": the same question about another subject.
            inherit(intent, previous.filters)
            return RouteResult("structured", actions=structured_filter(index, intent, self.directory))
        if not previous.result_ids:
            return None
        own_subject = intent.orgs or intent.domains or intent.topic_terms or intent.objective_ids
        if intent.action_ids:
            if intent.starts_with_and and not intent.fields and previous.fields:
                return self._lookup(intent.action_ids, previous.fields, index)
            return None
        if intent.followup_plural and (intent.has_filters or intent.wants_list):
            actions = structured_filter(index, intent, self.directory, base=previous.result_ids)
            return RouteResult("structured", actions=actions)
        if (intent.followup_singular or intent.followup_plural) and not own_subject:
            ids = previous.result_ids if intent.followup_plural else previous.result_ids[:1]
            if intent.has_filters and len(previous.result_ids) > 1:
                return RouteResult(
                    "structured", actions=structured_filter(index, intent, self.directory, base=previous.result_ids)
                )
            return self._lookup(ids[:10], intent.fields or DEFAULT_FIELDS, index)
        return None

    def _mixed(self, intent: QueryIntent, index: LoadedIndex) -> RouteResult:
        candidates = structured_filter(index, intent, self.directory)
        if not candidates:
            return RouteResult("mixed", actions=[])
        # Rank the filtered actions on the topic words alone: the filters already did their part.
        topic = " ".join(intent.topic_terms)
        hits = index.retriever.search(topic, top_k=len(candidates), allowed_refs={a.id for a in candidates})
        best_dense = max((h.dense for h in hits), default=0.0)
        relevant = {h.ref for h in hits if h.kind == "action" and (h.bm25 > 0 or h.dense >= best_dense - MIXED_DENSE)}
        return RouteResult("mixed", actions=[a for a in candidates if a.id in relevant])

    def _semantic(self, intent: QueryIntent, index: LoadedIndex) -> RouteResult:
        hits = semantic_hits(index, intent)
        if is_out_of_scope(hits, intent, index):
            return RouteResult("abstain", abstain_reason="scope")
        actions = pick_actions(hits, index)
        sections = [
            TextSection(id=h.ref, title=h.title, text=h.text, source=str(h.metadata.get("source", "")))
            for h in hits[:3]
            if h.kind in ("section", "guidance")
        ]
        # "Wie trekt de actie over kreekruginfiltratie?": the fields of the one action the topic points to.
        asked = [f for f in intent.fields if f in ("initiators", "partners", "timing", "output")]
        if asked and not intent.wants_list and actions and _ASKS_ABOUT_ONE.search(intent.text):
            return RouteResult("semantic", actions=actions[:1], fields=asked)
        if not actions and not sections:
            return RouteResult("abstain", abstain_reason="scope")
        return RouteResult("semantic", actions=actions, sections=sections)
