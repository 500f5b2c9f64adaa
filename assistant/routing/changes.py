"""What changed between the plan that serves and the one before it: for "wat is er veranderd?", and for a look-up
of an action the new plan no longer has ("Wie trekt BT 3.2?" → geschrapt in de versie van …).

The comparison is the index version's own (LoadedIndex.changes: the earlier plan against this one); the phrasing
is assistant/compose/changes.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.index import LoadedIndex
from assistant.question import Question
from assistant.question.changes import ChangeAsk
from assistant.routing.result import RouteResult
from ingest.plan_diff import ItemChange
from plan_model.records import ActionRecord, PlanDocument


@dataclass(frozen=True)
class ChangesFound:
    """The differences a "what changed?" question asks for, between the earlier plan and the current one."""

    ask: ChangeAsk
    current: PlanDocument
    earlier: PlanDocument | None
    added: tuple[ActionRecord, ...] = ()
    # The earlier plan's records of the actions the current one no longer has.
    removed: tuple[ActionRecord, ...] = ()
    changed: tuple[tuple[ActionRecord, ItemChange], ...] = ()
    # Ids the question named ("wat is er veranderd aan KP 4.1?"); empty for the whole plan.
    scope: tuple[str, ...] = ()
    # Objectives added, removed or changed (by id), told in one sentence.
    objectives: tuple[str, ...] = ()
    # The current plan went live by a rollback (used when the two plans carry the same date).
    switched_back: bool = False

    @property
    def rolled_back(self) -> bool:
        """Whether the current plan is older than the earlier one: by their dates, else by how it went live."""
        if self.earlier is None:
            return False
        current, earlier = self.current.plan_date or "", self.earlier.plan_date or ""
        return current < earlier if current != earlier else self.switched_back

    @property
    def empty(self) -> bool:
        """Nothing the question asks for differs."""
        return not (self.added or self.removed or self.changed)


def what_changed(question: Question, index: LoadedIndex, ids: Sequence[str] = ()) -> tuple[RouteResult, ChangesFound]:
    """The route result (citing the current actions it names) and the differences a question asks for; limited to
    `ids`, or to the ids the question names."""
    ask: ChangeAsk = question.asks_changes or "all"
    scope = tuple(ids or question.action_ids)
    diff, earlier = index.changes, index.earlier
    found = ChangesFound(ask, index.document, earlier, scope=scope, switched_back=index.rolled_back)
    if diff is None or earlier is None:
        return RouteResult("changes", question), found

    def wanted(action_id: str) -> bool:
        return not scope or action_id in scope

    document = index.document
    added = tuple(a for r in diff.actions.added if wanted(r.id) and (a := document.action(r.id)))
    removed = tuple(a for r in diff.actions.removed if wanted(r.id) and (a := earlier.action(r.id)))
    changed = tuple((a, c) for c in diff.actions.changed if wanted(c.id) and (a := document.action(c.id)))
    objectives = diff.objectives
    touched = [*(r.id for r in objectives.added), *(r.id for r in objectives.removed)]
    touched += [c.id for c in objectives.changed]
    found = ChangesFound(
        ask,
        document,
        earlier,
        added=added if ask in ("all", "added") else (),
        removed=removed if ask in ("all", "removed") else (),
        changed=changed if ask in ("all", "changed") else (),
        scope=scope,
        objectives=tuple(touched) if ask == "all" and not scope else (),
        switched_back=index.rolled_back,
    )
    cited = (*found.added, *(action for action, _ in found.changed))
    return RouteResult("changes", question, actions=cited), found


def removed_asked(result: RouteResult, index: LoadedIndex) -> tuple[str, ...]:
    """The ids a route found no action for that the earlier plan had: removed by the update, not unknown."""
    return tuple(i for i in result.unknown_ids if index.removed(i) is not None)
