"""Choosing the route of a question: abstain, follow-up, lookup, structured, mixed or semantic."""

from __future__ import annotations

from dataclasses import replace

from assistant.index import LoadedIndex
from assistant.question import ALL_FIELDS, Question
from assistant.routing.exact import grouped, lookup, structured
from assistant.routing.followups import resolve_followup
from assistant.routing.funding import funding_actions
from assistant.routing.meaning import definitions
from assistant.routing.plan_structure import built_on, names, names_result_of
from assistant.routing.result import RouteResult
from assistant.routing.search import is_out_of_scope, pick_actions, relevant_actions, sections_of, semantic_hits
from assistant.routing.thresholds import MIXED_DENSE, PICK_LIMIT, PLACE_LIMIT, RELATED_LIMIT
from assistant.stores.conversations import Turn
from plan_model.organisations import OrganisationDirectory
from plan_model.places import default_places
from plan_model.records import ActionRecord, normalise_action_id, referenced_ids

# The fields a question about "the action on <topic>" may ask of the one action its topic points to.
_FIELDS_OF_ONE = ("initiators", "partners", "timing", "output")


class Router:
    """Decides how a question is answered and finds the records or passages it rests on."""

    def __init__(self, directory: OrganisationDirectory) -> None:
        self.directory = directory

    def route(self, question: Question, previous: Turn | None, index: LoadedIndex) -> RouteResult:
        """The route for a question (and the previous turn of its conversation), with what it found."""
        if question.instruction_only:
            # A message that only instructs the assistant ("SYSTEEM: je bent nu …") is refused plainly.
            return RouteResult("abstain", question, abstain_reason="instruction")
        result = self._route(question, previous, index)
        if question.injection and result.route == "abstain" and not question.unanswerable:
            # What is left besides the instruction asks nothing the plan answers: refuse the instruction plainly.
            return RouteResult("abstain", question, abstain_reason="instruction")
        return result

    def _route(self, question: Question, previous: Turn | None, index: LoadedIndex) -> RouteResult:
        asked = question.asked
        if asked.kind == "decline":
            # A poem, a letter, a translation: one sentence on what the assistant does, with examples.
            return RouteResult("abstain", question, abstain_reason="task")
        if question.outside_topic and not (question.filters or question.action_ids):
            # "Heb ik een bouwvergunning nodig voor een dakkapel?": a subject outside the plan, whatever is asked.
            return RouteResult("abstain", question, abstain_reason="outside")
        if asked.kind == "unheld":
            return self._abstain(question, previous, index)
        if question.ambiguous:
            meant = set(question.ambiguous) & set(previous.filters.get("orgs", ()) if previous else ())
            if len(meant) != 1:
                # "Welke acties trekt het departement?" with no department named before: ask which one.
                return RouteResult("clarify", question, options=question.ambiguous)
            question = question.with_filters(question.filters.but(orgs=(*question.filters.orgs, *meant)))
        followup = resolve_followup(question, previous, index, self.directory)
        if followup is not None:
            return replace(followup, follows=True)
        if question.wants_overview:
            return RouteResult("overview", question)
        if question.action_ids and (cited := self._citing(question, index)) is not None:
            return cited
        if question.action_ids:
            return lookup(question, question.action_ids, question.fields or ALL_FIELDS, index)
        if asked.kind in ("rank", "group"):
            return grouped(question, index, self.directory)
        if asked.kind == "summary":
            return RouteResult("overview", question, actions=tuple(structured(question, index, self.directory)))
        if question.asks_meaning:
            # "Wat betekent 'planning'?": the plan's own definition; where it gives none, say so and answer as asked.
            if defined := definitions(question, index.document):
                return RouteResult("semantic", question, sections=defined[:2])
            answered = self._answer_as_asked(question, index)
            # A label the plan uses as a filter value ("sleutelactie") but never explains; a thing described by an
            # action ("die rondreizende container") is explained by that action.
            return replace(answered, undefined=True) if answered.route == "structured" else answered
        return self._answer_as_asked(question, index)

    def _citing(self, question: Question, index: LoadedIndex) -> RouteResult | None:
        """ "Welke acties verwijzen naar BT 2.3?": the other actions whose text refers to the named one."""
        if not question.mentioned or normalise_action_id(question.mentioned) not in question.action_ids:
            return None
        named = set(question.action_ids)
        citing = tuple(
            a
            for a in index.document.actions
            if a.id not in named and named & set(referenced_ids(f"{a.action} {a.output} {a.timing}"))
        )
        return RouteResult("semantic", question, actions=citing, naming=", ".join(question.action_ids))

    def _answer_as_asked(self, question: Question, index: LoadedIndex) -> RouteResult:
        """A question that is neither a follow-up nor about given ids: filters, a topic, or both."""
        if question.mentioned and not question.has_filters:
            # "Welke acties verwijzen naar de Blue Deal?": all that name it, as a list is complete, when any do.
            naming = [a for a in index.document.actions if names(a, question.mentioned, index.document)]
            if naming:
                return RouteResult("semantic", question, actions=tuple(naming), naming=question.mentioned)
        if question.has_filters and question.has_topic:
            return self._mixed(question, index)
        if question.has_filters:
            return RouteResult("structured", question, actions=tuple(structured(question, index, self.directory)))
        return self._semantic(question, index)

    def _abstain(self, question: Question, previous: Turn | None, index: LoadedIndex) -> RouteResult:
        """The plan does not hold what is asked: say so, then offer the one or few actions it concerns, if any."""
        reason = question.asked.unheld or question.unanswerable
        related = [a for a in (index.document.action(i) for i in question.action_ids) if a]
        if not related and previous is not None and question.refers_to != "none" and previous.result_ids:
            # "Is die al goedgekeurd?" after an answer: the actions that answer was about.
            related = [a for a in (index.document.action(i) for i in previous.result_ids[:RELATED_LIMIT]) if a]
        named = structured(question, index, self.directory) if question.has_filters else []
        if not related and reason != "offtopic":
            hits = semantic_hits(index, question, allowed={a.id for a in named} if named else None)
            if question.funding and question.needs and not named:
                # "Hoeveel subsidie krijg ik?": no amounts, but the instruments for that need are related.
                related = funding_actions(question, hits, index)
            elif named and len(named) <= RELATED_LIMIT:
                # "Wie is de directeur van VMM?" when VMM has one or two actions: those.
                related = named
            elif named or not is_out_of_scope(hits):
                # "Is het projectvoorstel van Flanders' FOOD goedgekeurd?": the one or few actions the question is
                # about among the organisation's, not all of them.
                related = pick_actions(hits, index, limit=RELATED_LIMIT)
        return RouteResult("abstain", question, actions=tuple(related), abstain_reason=reason)

    def _mixed(self, question: Question, index: LoadedIndex) -> RouteResult:
        """Filters and a topic: the filtered actions, ranked on the topic words alone and cut to the relevant."""
        candidates = structured(question, index, self.directory)
        if not candidates:
            return RouteResult("mixed", question)
        hits = index.retriever.search(
            question.topic_text, top_k=len(candidates), allowed_refs={a.id for a in candidates}
        )
        best_dense = max((h.dense for h in hits), default=0.0)
        relevant = {h.ref for h in hits if h.kind == "action" and (h.bm25 > 0 or h.dense >= best_dense - MIXED_DENSE)}
        return RouteResult("mixed", question, actions=tuple(a for a in candidates if a.id in relevant))

    def _semantic(self, question: Question, index: LoadedIndex) -> RouteResult:
        """A topic or funding question: the actions and passages the hybrid search finds."""
        hits = semantic_hits(index, question)
        # A funding question naming a need (a loan, a subsidy …) is in scope, however it is worded.
        if not (question.funding and question.needs) and is_out_of_scope(hits, question, index):
            return RouteResult("abstain", question, abstain_reason="scope")
        if question.funding:
            actions, more = funding_actions(question, hits, index), 0
            actions = _in_place(question, actions)
        else:
            actions, more = relevant_actions(
                hits,
                index,
                concepts=tuple(c for c in question.subject_concepts if not c.is_need),
                domains=question.domain_hints,
            )
            actions += [a for a in _naming_places(question, index) if a not in actions]
            actions = _in_place(question, actions)
        if question.asks_what_follows and actions:
            # "Wat gebeurt er na de selectie?": the action the question names, then what builds on its result.
            # The named one is the action whose result the question names by its verb ("de selectie"), else the first.
            anchor = next((a for a in actions if names_result_of(" ".join(question.words), a)), actions[0])
            if following := built_on(anchor, index.document):
                actions = [anchor, *following][:PICK_LIMIT]
        sections = sections_of(hits)
        # "Wie trekt de actie over kreekruginfiltratie?": the fields of the one action the topic points to.
        asked = tuple(f for f in question.fields if f in _FIELDS_OF_ONE)
        # A funding question's "wie helpt ons?" is answered by the funding answer's contacts, over all instruments.
        one = asked and not question.wants_list and not question.funding
        if one and actions and question.about_one:
            return RouteResult("semantic", question, actions=(actions[0],), fields=asked)
        if not actions and not sections:
            return RouteResult("abstain", question, abstain_reason="scope")
        return RouteResult("semantic", question, actions=tuple(actions), sections=tuple(sections), more=more)


def _in_place(question: Question, actions: list[ActionRecord]) -> list[ActionRecord]:
    """The actions that fit where the asker is: one bound to another place (an area strategy for Maldegem–Stekene
    to a West-Flemish farmer) is left out, unless nothing else is left."""
    if not question.regions:
        return actions
    places = default_places()
    fitting = [a for a in actions if places.fits(a.id, set(question.regions))]
    return fitting or actions


def _naming_places(question: Question, index: LoadedIndex) -> list[ActionRecord]:
    """Every action whose text names a place the question names ("de polders rond Maldegem"), when few do.

    A place name is a capitalised word no dictionary knows; the plan names a place only where it works there, so
    each action naming it belongs in the answer, whatever its score.
    """
    found: list[ActionRecord] = []
    for place in question.places:
        naming = [a for a in index.document.actions if names(a, place, index.document)]
        if len(naming) <= PLACE_LIMIT:
            found += [a for a in naming if a not in found]
    return found
