"""The gate after a plan update: which changed answers follow from the plan's diff, and which are regressions.

A question follows from the diff when every action on which its answer differs (from the baseline's answer, or from
what it expects) is an action the diff names: added, removed or changed. Those questions need their gold updated
(`actieplan gold propose`); the others that passed in the baseline and fail now are regressions of the assistant.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from evals.scoring import QuestionResult
from ingest.plan_diff import PlanDiff, summary_line, touched_ids
from plan_model.records import PlanDocument, find_action_ids

# How many question ids a line of the gate's summary names before "…".
SHOWN_IDS = 8


class Touched(BaseModel):
    """One entry of the plan's diff and the gold questions it touches."""

    entry: str
    questions: list[str] = Field(default_factory=list)
    failing: list[str] = Field(default_factory=list)


class PlanAttribution(BaseModel):
    """What the plan's change explains of a run compared with its baseline."""

    known: bool = False
    change: str = ""
    changed: list[str] = Field(default_factory=list)
    regressed_from_plan: list[str] = Field(default_factory=list)
    regressed_unexplained: list[str] = Field(default_factory=list)
    touched: list[Touched] = Field(default_factory=list)

    def lines(self, regressed: Sequence[str]) -> list[str]:
        """The short verdict: changed because of the plan, regressed without a plan change."""
        if not self.known:
            if not regressed:
                return []
            return [
                f"  Kort: geen planversie om mee te vergelijken; {questions(len(regressed), 'slaagde', 'slaagden')} "
                "in de baseline en " + ("faalt" if len(regressed) == 1 else "falen") + " nu."
            ]
        unexplained, failing = self.regressed_unexplained, len(self.regressed_from_plan)
        plan = (
            f"{questions(len(self.changed), 'veranderde', 'veranderden')} door de planwijziging ({failing} "
            f"{'slaagt' if failing == 1 else 'slagen'} niet meer)"
            if self.change
            else "het plan is niet veranderd tegenover de baseline"
        )
        rest = f"{len(unexplained)} {'ging' if len(unexplained) == 1 else 'gingen'} achteruit zonder planwijziging" + (
            f" ({shown(unexplained)})" if unexplained else ""
        )
        lines = [f"  Kort: {plan}; {rest}."]
        if self.change:
            lines.append(f"  Planwijziging: {self.change}.")
        return lines


def questions(count: int, one: str = "", many: str = "") -> str:
    """ "1 vraag veranderde", "8 vragen veranderden": a count of questions with its verb in number."""
    verb = (one if count == 1 else many) if one or many else ""
    return f"{count} {'vraag' if count == 1 else 'vragen'}" + (f" {verb}" if verb else "")


def shown(ids: Sequence[str]) -> str:
    """Ids for a summary line, the first few and "…"."""
    return ", ".join(ids[:SHOWN_IDS]) + (f" … (+{len(ids) - SHOWN_IDS})" if len(ids) > SHOWN_IDS else "")


def related_ids(result: QuestionResult) -> set[str]:
    """The actions a question is about: expected, cited, named in it or its history, or expected as removed."""
    named = find_action_ids(" ".join([result.question, *result.history]))
    return {*result.expected_ids, *result.cited_ids, *result.expected_removed, *named}


def wrong_ids(result: QuestionResult) -> set[str]:
    """The actions that make an answer fail: for an exact question those cited or expected but not both, for a
    recall question those expected but not cited; and an expected removal not said."""
    cited, expected = set(result.cited_ids), set(result.expected_ids)
    wrong: set[str] = set()
    if not result.expect_abstain:
        wrong = (cited ^ expected) if result.match == "exact" else (expected - cited)
    return wrong | (set(result.expected_removed) - set(result.removed_cited))


def follows_from(now: QuestionResult, before: QuestionResult | None, diff_ids: set[str]) -> bool:
    """Whether a question's answer, wrong now or different from the baseline's, is explained by the plan's diff:
    every action that makes it fail (or, for one that passes, every action cited differently) is one the diff
    names; a wrong mention (a moved timing, another trekker) counts when it expects an action the diff names."""
    if not now.passed:
        wrong = wrong_ids(now)
        return wrong <= diff_ids if wrong else bool(set(now.expected_ids) & diff_ids)
    differing = set(now.cited_ids) ^ set(before.cited_ids) if before is not None else set()
    return bool(differing) and differing <= diff_ids


def attribute(
    current: Sequence[QuestionResult],
    baseline: Sequence[QuestionResult],
    regressed: Sequence[str],
    diff: PlanDiff | None,
) -> PlanAttribution:
    """What of this run the plan's diff explains (diff None: no earlier plan is known)."""
    if diff is None:
        return PlanAttribution(known=False, regressed_unexplained=list(regressed))
    diff_ids = set(touched_ids(diff))
    before = {r.id: r for r in baseline}
    explained = {r.id for r in current if diff_ids and follows_from(r, before.get(r.id), diff_ids)}
    changed = [
        r.id
        for r in current
        if r.id in explained
        and (r.id not in before or r.passed != before[r.id].passed or set(r.cited_ids) != set(before[r.id].cited_ids))
    ]
    entries = _entries(diff)
    touched = []
    for action_id, label in entries:
        concerned = [r for r in current if action_id in related_ids(r) or action_id in _cited_before(before, r.id)]
        if concerned:
            touched.append(
                Touched(
                    entry=label,
                    questions=[r.id for r in concerned],
                    failing=[r.id for r in concerned if not r.passed],
                )
            )
    return PlanAttribution(
        known=True,
        change=summary_line(diff) if diff_ids else "",
        changed=changed,
        regressed_from_plan=[i for i in regressed if i in explained],
        regressed_unexplained=[i for i in regressed if i not in explained],
        touched=touched,
    )


def _cited_before(before: dict[str, QuestionResult], question_id: str) -> set[str]:
    earlier = before.get(question_id)
    return set(earlier.cited_ids) if earlier is not None else set()


def _entries(diff: PlanDiff) -> list[tuple[str, str]]:
    """(action id, "KP 4.1 gewijzigd (timing)") for every action the diff names."""
    section = diff.actions
    entries = [(r.id, f"{r.id} nieuw") for r in section.added]
    entries += [(r.id, f"{r.id} geschrapt") for r in section.removed]
    entries += [(c.id, f"{c.id} gewijzigd ({', '.join(ch.label for ch in c.changes)})") for c in section.changed]
    return entries


def earlier_plan(
    candidates: Sequence[PlanDocument], evaluated: PlanDocument, baseline_hash: str | None
) -> PlanDocument | None:
    """The plan a run is compared with: the one the baseline was made on (found by its content hash among the
    stored versions; the evaluated plan itself when the plan did not change), or, for a baseline that does not name
    its plan, the first candidate (the live plan for a staged run, the previous plan for a live one). None when
    the baseline's plan is not known here."""
    if baseline_hash:
        if baseline_hash == evaluated.content_hash:
            return evaluated
        return next((d for d in candidates if d.content_hash == baseline_hash), None)
    return candidates[0] if candidates else None
