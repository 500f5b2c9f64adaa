"""What a route found for a question, before it is phrased."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer_models import Route
from assistant.question import FieldName, Question
from plan_model.records import ActionRecord, TextSection


@dataclass(frozen=True)
class RouteResult:
    """The route taken, the question it answered (with inherited filters) and the records it rests on."""

    route: Route
    question: Question
    actions: tuple[ActionRecord, ...] = ()
    fields: tuple[FieldName, ...] = ()
    sections: tuple[TextSection, ...] = ()
    abstain_reason: str | None = None
    unknown_ids: tuple[str, ...] = ()
    # An ambiguous follow-up ("wie trekt die actie?" after a list): the actions to choose from.
    choices: tuple[ActionRecord, ...] = ()
    # A search answer that shows a selection of more relevant actions than it cites.
    more: int = 0
    # A follow-up that narrows the previous answer ("welke daarvan lopen nu?"): how many actions that answer had.
    within: int = 0
    # "Welke acties verwijzen naar de Blue Deal?": the name every cited action was found to name (a complete list).
    naming: str | None = None
    # "Wat is een sleutelactie?" where the plan's text defines no such word: the answer says so first.
    undefined: bool = False
    # Answered from the previous turn ("wie trekt dat?"): the conversation keeps that turn's subject.
    follows: bool = False
    # A count per group ("per domein", "welk domein heeft de meeste …"): each group's key and how many pass, most
    # first; the actions are then all that pass (per group) or those of the group(s) with the most (or least).
    groups: tuple[tuple[str, int], ...] = ()
    # A clarifying question: the organisations the question may mean ("het departement").
    options: tuple[str, ...] = ()
    # A follow-up narrowed from an earlier answer: the ids it was narrowed from ("en welke niet?" is the rest).
    within_ids: tuple[str, ...] = ()

    @property
    def action_ids(self) -> list[str]:
        """The ids of the actions found, in order."""
        return [a.id for a in self.actions]
