"""One evaluation end to end (gold questions, target, run, report, gate), and the gate of `promote`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evals.gate import DEFAULT_TOLERANCE, GateResult, absolute_problems, compare, floor_problems
from evals.gold import DEFAULT_GOLD, GOLD_TODAY, GoldQuestion, load_gold
from evals.judge import make_judge
from evals.plan_update import attribute, earlier_plan
from evals.report import Report, build_report, display_path, shown_path, write_report
from evals.runner import run_suite
from evals.targets import Target, http_service, local_index
from foundation.settings import Settings
from ingest.plan_diff import diff_plans
from plan_model.records import PlanDocument

DEFAULT_BASELINE = Path(__file__).resolve().parent / "baseline" / "report.json"


def evaluate(
    target: Target,
    questions: list[GoldQuestion],
    *,
    gold_label: str = "",
    baseline: Report | None = None,
    baseline_label: str = "",
    tolerance: float = DEFAULT_TOLERANCE,
    settings: Settings | None = None,
    progress: bool = True,
    earlier: list[PlanDocument] | None = None,
) -> Report:
    """Run the questions against the target; with a baseline, the report carries the gate's verdict, and (given
    the stored `earlier` plans to find the baseline's plan among) what of it the plan's change explains."""
    results = run_suite(questions, target, progress=progress, judge=make_judge(settings))
    report = build_report(results, target=target.label, index_version=target.version, gold=gold_label)
    report.today = target.today.isoformat() if target.today else None
    document = target.document
    if document is not None:
        report.plan_hash, report.plan = document.content_hash, f"{document.short_name}, {document.version_label()}"
    if baseline is not None:
        report.gate = compare(results, baseline.questions, tolerance, baseline_label)
        if document is not None and earlier is not None:
            before = earlier_plan(earlier, document, baseline.plan_hash)
            report.plan_diff = diff_plans(before, document, "baseline", "nu") if before is not None else None
            report.gate.plan = attribute(results, baseline.questions, report.gate.regressed, report.plan_diff)
    else:
        # Without a baseline only the absolute rules apply: no citations of actions that do not exist, the floors.
        problems = absolute_problems(results) + floor_problems(report.summary)
        if problems:
            report.gate = GateResult(baseline="(geen)", tolerance=tolerance, passed=False, problems=problems)
    return report


def make_target(
    settings: Settings, against: str | None = None, index: str = "live", today: date = GOLD_TODAY
) -> Target:
    """The service at `against`, or an in-process answerer over the store's `index` pointer asking on `today`."""
    return http_service(against) if against else local_index(settings, index, today=today)


@dataclass
class EvalGate:
    """The promote gate: the gold suite on a pointer's version, compared with a baseline report."""

    baseline: Report
    baseline_label: str = ""
    gold: Path = DEFAULT_GOLD
    tolerance: float = DEFAULT_TOLERANCE
    out_dir: Path | None = None
    progress: bool = True
    last_report: Report | None = None

    def check(self, settings: Settings, pointer: str) -> GateResult:
        """Evaluate the version behind `pointer`; the report is written to out_dir when one is set."""
        report = evaluate(
            local_index(settings, pointer),
            load_gold(self.gold),
            gold_label=display_path(self.gold),
            baseline=self.baseline,
            baseline_label=self.baseline_label,
            tolerance=self.tolerance,
            settings=settings,
            progress=self.progress,
            earlier=stored_plans(settings, pointer),
        )
        self.last_report = report
        if self.out_dir is not None:
            _, markdown = write_report(report, self.out_dir)
            if report.gate is not None:
                report.gate.report = shown_path(markdown)
        # A baseline was given, so the gate always ran.
        return report.gate or GateResult(baseline=self.baseline_label, tolerance=self.tolerance)


def stored_plans(settings: Settings, pointer: str) -> list[PlanDocument]:
    """The stored plans a run on `pointer` may be compared with, the likeliest first: for a staged version the live
    one, for the live version the previous plan."""
    from ingest.store import IndexStore

    store = IndexStore(settings)
    order = ("live", "previous_plan", "previous") if pointer == "staged" else ("previous_plan", "previous", "staged")
    found: list[PlanDocument] = []
    for name in order:
        version = store.pointer(name)
        if version and store.is_complete(version) and all(d.version != version for d in found):
            found.append(store.load_records(version))
    return found
