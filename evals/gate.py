"""The gate: compare a run with a baseline run, figure by figure, on the questions both asked."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, Field

from evals.floors import CEILINGS, FLOOR_MIN_QUESTIONS, FLOORS, OVERALL_MIN_QUESTIONS
from evals.metrics import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    MUST_BE_ZERO,
    Figures,
    Summary,
    aggregate,
)
from evals.plan_update import PlanAttribution, shown
from evals.scoring import QuestionResult

DEFAULT_TOLERANCE = 0.02


class Drop(BaseModel):
    """One figure that got worse by more than the tolerance."""

    scope: str
    figure: str
    baseline: float
    current: float

    def describe(self) -> str:
        """A Dutch line such as "overall f1: 0.91 → 0.85"."""
        return f"{self.scope} {self.figure}: {self.baseline:.3f} → {self.current:.3f}"


class GateResult(BaseModel):
    """The verdict of the gate, the figures that dropped and the questions that regressed."""

    baseline: str = ""
    tolerance: float = DEFAULT_TOLERANCE
    passed: bool = True
    compared_questions: int = 0
    drops: list[Drop] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    regressed: list[str] = Field(default_factory=list)
    improved: list[str] = Field(default_factory=list)
    only_in_baseline: list[str] = Field(default_factory=list)
    only_now: list[str] = Field(default_factory=list)
    # After a plan update: which changed answers follow from the plan's diff (evals/plan_update.py).
    plan: PlanAttribution | None = None
    # Where the full report is (report.md), once written.
    report: str = ""

    def summary_lines(self) -> list[str]:
        """Dutch lines saying whether the gate passed and why not: the verdict and the short story first (what the
        plan's change explains, what regressed without it, where the report is), then the details."""
        return self.head_lines() + self.detail_lines()

    def head_lines(self) -> list[str]:
        """The verdict, what the plan's change explains, the report's path and what to do next."""
        verdict = "GESLAAGD" if self.passed else "GEFAALD"
        lines = [f"Poort t.o.v. {self.baseline or 'baseline'} (tolerantie {self.tolerance}): {verdict}"]
        if self.plan is not None:
            lines += self.plan.lines(self.regressed)
        if self.report:
            lines.append(f"  Rapport: {self.report}")
        if not self.passed and self.plan is not None and self.plan.regressed_from_plan:
            lines.append(
                "  Wat nu: `actieplan gold propose` stelt de gouden vragen bij die uit de planwijziging volgen; "
                "lees de voorstellen, neem ze over met `actieplan gold accept`, en evalueer opnieuw."
            )
        return lines

    def detail_lines(self) -> list[str]:
        """Every figure that dropped, every problem, and the questions that regressed or improved."""
        lines = [f"  gedaald: {d.describe()}" for d in self.drops]
        lines += [f"  probleem: {p}" for p in self.problems]
        if self.regressed:
            regressed = ", ".join(self.regressed) if self.plan is None else shown(self.regressed)
            lines.append(f"  achteruitgegaan (slaagden in de baseline, falen nu): {regressed}")
        if self.improved:
            lines.append(f"  verbeterd: {', '.join(self.improved)}")
        if self.only_in_baseline or self.only_now:
            lines.append(
                f"  niet vergeleken: {len(self.only_in_baseline)} enkel in baseline, {len(self.only_now)} enkel nu"
            )
        return lines


def _drops(scope: str, now: Figures, before: Figures, tolerance: float) -> list[Drop]:
    drops = []
    for name in (*HIGHER_IS_BETTER, *LOWER_IS_BETTER):
        current, baseline = now.get(name), before.get(name)
        if current is None or baseline is None:
            continue  # a figure that does not apply to these questions (e.g. no abstain question)
        worse = baseline - current if name in HIGHER_IS_BETTER else current - baseline
        # A small epsilon keeps float noise from failing a run exactly at the tolerance.
        if worse > tolerance + 1e-9:
            drops.append(Drop(scope=scope, figure=name, baseline=float(baseline), current=float(current)))
    return drops


def compare(
    current: Sequence[QuestionResult],
    baseline: Sequence[QuestionResult],
    tolerance: float = DEFAULT_TOLERANCE,
    baseline_label: str = "",
    allowed_regressions: int = 0,
) -> GateResult:
    """Compare two runs on the questions both asked; fail on any figure worse by more than `tolerance`, on any
    floor missed, and on more than `allowed_regressions` questions that passed in the baseline and fail now."""
    before_ids = {r.id for r in baseline}
    now_ids = {r.id for r in current}
    common = before_ids & now_ids
    # Figures are recomputed on the shared questions so a subset run compares like with like.
    now = [r for r in current if r.id in common]
    before = [r for r in baseline if r.id in common]
    result = GateResult(
        baseline=baseline_label,
        tolerance=tolerance,
        compared_questions=len(common),
        only_in_baseline=sorted(before_ids - now_ids),
        only_now=sorted(now_ids - before_ids),
    )
    now_summary, before_summary = aggregate(now), aggregate(before)
    result.drops = _drops("overall", now_summary.overall, before_summary.overall, tolerance)
    for kind, figures in now_summary.by_kind.items():
        if kind in before_summary.by_kind:
            result.drops += _drops(kind, figures, before_summary.by_kind[kind], tolerance)
    # The everyday rewordings are gated on their own: a drop there must not hide behind the plan-worded half.
    for kind, halves in now_summary.by_wording.items():
        for wording, figures in halves.items():
            before_half = before_summary.by_wording.get(kind, {}).get(wording)
            if before_half is not None and kind != "totaal":
                result.drops += _drops(f"{kind}/{wording}", figures, before_half, tolerance)
    result.problems = absolute_problems(current) + floor_problems(aggregate(current))
    if not common:
        result.problems.append("geen gemeenschappelijke vragen met de baseline")
    elif result.only_in_baseline:
        # A question dropped from the run could hide a regression: say which, and fail until the baseline is renewed.
        missing = result.only_in_baseline
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        result.problems.append(
            f"{len(missing)} vragen van de baseline ontbreken in deze run ({shown}); "
            "vergelijk met een baseline van dezelfde vragen of maak een nieuwe (make baseline)"
        )
    passed_before = {r.id for r in before if r.passed}
    passed_now = {r.id for r in now if r.passed}
    result.regressed = sorted(passed_before - passed_now)
    result.improved = sorted(passed_now - passed_before)
    if len(result.regressed) > allowed_regressions:
        # A few questions failing now can stay under every tolerance (two of 134 stranger questions are 1.5 %): each
        # question that passed in the baseline and fails now fails the gate, until a baseline with a reason says
        # the change was meant.
        result.problems.append(
            f"{len(result.regressed)} vragen slaagden in de baseline en falen nu (toegelaten: {allowed_regressions})"
        )
    result.passed = not result.drops and not result.problems
    return result


def absolute_problems(results: Sequence[QuestionResult]) -> list[str]:
    """Problems that fail a run whatever the baseline says: citing actions that do not exist."""
    overall = aggregate(results).overall
    problems = []
    for name in MUST_BE_ZERO:
        if overall.get(name):
            cited = sorted({f"{r.id}: {', '.join(r.unknown_ids)}" for r in results if r.unknown_ids})
            problems.append(f"{name} = {overall[name]} (moet 0 zijn): {'; '.join(cited)}")
    return problems


def floor_problems(summary: Summary) -> list[str]:
    """The scopes (a kind, a kind's plan-worded or reworded half, or overall) whose figures fall below their floor
    or rise above their ceiling."""
    scopes = {"overall": summary.overall, **summary.by_kind}
    scopes |= {
        f"{kind}/{wording}": figures
        for kind, halves in summary.by_wording.items()
        for wording, figures in halves.items()
    }
    problems = []
    for scope, figures in scopes.items():
        least = OVERALL_MIN_QUESTIONS if scope == "overall" else FLOOR_MIN_QUESTIONS
        if (figures.get("questions") or 0) < least:
            continue
        for name, floor in FLOORS.get(scope, {}).items():
            value = figures.get(name)
            if value is not None and value < floor:
                problems.append(f"{scope} {name} = {value:.3f} (moet minstens {floor} zijn)")
        for name, ceiling in CEILINGS.get(scope, {}).items():
            value = figures.get(name)
            if value is not None and value > ceiling:
                problems.append(f"{scope} {name} = {value:.3f} (mag hoogstens {ceiling} zijn)")
    return problems
