"""Follow-up questions resolved against the previous turn: "daarvan", "die", "ze", "en BW 1.3?", "en de timing?"."""

from __future__ import annotations

from pydantic import ValidationError

from assistant.index import LoadedIndex
from assistant.question import ALL_FIELDS, ActionFilters, Question
from assistant.routing.exact import lookup, structured
from assistant.routing.plan_structure import holds
from assistant.routing.referents import resolve_referent
from assistant.routing.result import RouteResult
from assistant.routing.thresholds import FOLLOWUP_LOOKUP_LIMIT
from assistant.stores.conversations import Turn
from plan_model.concepts import default_vocabulary
from plan_model.organisations import OrganisationDirectory

# What a question asking whom to turn to gets of the previous answer's actions.
_CONTACT_FIELDS = ("initiators", "partners")
# Nouns that name no particular thing: any action or project of the answer.
_GENERIC_NOUNS = frozenset({"actie", "acties", "project", "projecten", "action", "actions", "projects"})


def earlier_filters(turn: Turn) -> ActionFilters:
    """The filters a turn was answered with; none when they were stored by an older version."""
    try:
        return ActionFilters.model_validate(turn.filters)
    except ValidationError:
        return ActionFilters()


def _own_subject(question: Question) -> bool:
    """Whether a question names what it is about itself (an organisation, a domain, an objective, a topic)."""
    return question.filters.names_subject or question.has_topic


def resolve_followup(
    question: Question, previous: Turn | None, index: LoadedIndex, directory: OrganisationDirectory
) -> RouteResult | None:
    """The route of a question that builds on the previous turn, or None when it stands on its own."""
    if previous is None:
        return None
    if (pointed := resolve_referent(question, previous, index, directory)) is not None:
        return pointed
    earlier = earlier_filters(previous)
    # The previous answer's actions a noun of the question names ("die werkgroep"), if only some.
    named = _named_by_noun(question, previous.result_ids, index)
    other_role = _same_subject_other_role(question, earlier) and not named
    if _same_question_other_subject(question, previous) or other_role:
        # "En voor Aquafin?" after "Welke acties trekt VMM?"; "en waar doen ze enkel mee?" after "Wat leidt X?".
        filters = question.filters.inherit(earlier)
        if question.partner_only:
            filters = filters.but(role="partner", not_led_by=tuple(dict.fromkeys((*filters.not_led_by, *filters.orgs))))
        inherited = question.with_filters(filters)
        return RouteResult("structured", inherited, actions=tuple(structured(inherited, index, directory)))
    if not previous.result_ids:
        return None
    if question.action_ids:
        if question.continues and not question.fields and previous.fields:
            return lookup(question, question.action_ids, previous.fields, index)  # type: ignore[arg-type]
        return None
    if _own_subject(question) and not (question.refers_to == "all" and question.has_filters):
        # "Welke universiteiten doen daaraan mee?" names its own group, and still asks within the previous answer;
        # so does "wich of those are in BM?" (pointing back is enough, a typo in "which" or not).
        return None
    ids = previous.result_ids
    within = question.refers_to == "all" or (question.elliptic and question.wants_list)
    if question.has_filters and (within or question.refers_to != "none" or question.continues):
        # "Welke daarvan zijn sleutelacties?", "welke lopen er in 2026 nog?": the previous answer, filtered. The
        # earlier filters come along, so the answer says "sleutelacties waarbij VMM betrokken is".
        if question.filters.names_organisations:
            # "Welke daarvan lopen samen met Aquafin?" after "Welke acties trekt VMM?": Aquafin in any role, not in
            # VMM's; the earlier organisations are what "daarvan" already holds.
            earlier = earlier.without(*ActionFilters.names(subject="who"), "role", "orgs_match", "not_led_by")
        narrowed = question.with_filters(question.filters.inherit(earlier))
        found = tuple(structured(narrowed, index, directory, ids))
        return RouteResult("structured", narrowed, actions=found, within=len(ids), within_ids=tuple(ids))
    fields = question.fields or ((*_CONTACT_FIELDS,) if question.asks_contact else ())
    points_back = question.refers_to != "none" or question.continues or question.asks_contact
    if not (points_back or (fields and question.elliptic)):
        return None
    if named:
        # "Wie trekt die werkgroep?" after an answer of six actions: the one whose text names a working group.
        ids = named
    if len(ids) > 1 and question.refers_to == "one":
        if previous.route in ("semantic", "lookup"):
            # After a topic answer, "die"/"dat" is the action the answer is about: its first.
            ids = ids[:1]
        elif _names_one_action(question):
            # After a list, "die actie" could be any of them: ask which.
            return _choose(question, ids, index)
    return lookup(question, ids[:FOLLOWUP_LOOKUP_LIMIT], fields or ALL_FIELDS, index)  # type: ignore[arg-type]


def _same_question_other_subject(question: Question, previous: Turn) -> bool:
    filters = question.filters
    return (
        question.continues
        and bool(previous.filters)
        and (filters.names_organisations or bool(filters.domains))
        and not (question.role_explicit or question.action_ids or question.has_topic)
    )


def _same_subject_other_role(question: Question, earlier: ActionFilters) -> bool:
    """ "Waar doen ze enkel mee?" after a question about an organisation: that organisation, another role."""
    return (
        (question.refers_to != "none" or question.continues)
        # "And who are the partners on that one?" asks a field of the earlier answer, not another role.
        and not question.about_one
        # "En met welke partners?" asks who the partners are, not where the organisation is one.
        and not question.asks_partners
        and question.role_explicit
        and earlier.names_organisations
        and not (question.filters.names_organisations or question.action_ids or question.has_topic)
    )


def _named_by_noun(question: Question, ids: list[str], index: LoadedIndex) -> list[str]:
    """The previous answer's actions a noun after "die"/"dat" names (by the plan's word or a user's), if only some."""
    document = index.document
    for noun in question.demonstratives:
        for word in noun.split():
            if len(word) < 4 or word.lower() in _GENERIC_NOUNS:
                continue
            terms = [word, *(term for c in default_vocabulary().concepts_in(word) for term in c.plan)]
            named = [
                i
                for i in ids
                if (action := document.action(i)) and any(holds(action, t, document, with_names=False) for t in terms)
            ]
            if 0 < len(named) < len(ids):
                return named
    return []


def _names_one_action(question: Question) -> bool:
    return question.names_one_action


def _choose(question: Question, ids: list[str], index: LoadedIndex) -> RouteResult:
    """ "Wie trekt die actie?" after a list: ask which one, offering the listed actions."""
    choices = tuple(a for a in (index.document.action(i) for i in ids[:FOLLOWUP_LOOKUP_LIMIT]) if a)
    return RouteResult("lookup", question, choices=choices, fields=question.fields or ALL_FIELDS)
