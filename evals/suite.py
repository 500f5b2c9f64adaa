"""One evaluation end to end (gold questions, target, run, report, gate), and the gate of `promote`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evals.gate import DEFAULT_TOLERANCE, GateResult, absolute_problems, compare, floor_problems
from evals.gold import DEFAULT_GOLD, GOLD_TODAY, GoldQuestion, load_gold
from evals.judge import make_judge
from evals.report import Report, build_report, display_path, write_report
from evals.runner import run_suite
from evals.targets import Target, http_service, local_index
from foundation.settings import Settings

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
) -> Report:
    """Run the questions against the target; with a baseline, the report carries the gate's verdict."""
    results = run_suite(questions, target, progress=progress, judge=make_judge(settings))
    report = build_report(results, target=target.label, index_version=target.version, gold=gold_label)
    report.today = target.today.isoformat() if target.today else None
    if baseline is not None:
        report.gate = compare(results, baseline.questions, tolerance, baseline_label)
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
        )
        self.last_report = report
        if self.out_dir is not None:
            write_report(report, self.out_dir)
        # A baseline was given, so the gate always ran.
        return report.gate or GateResult(baseline=self.baseline_label, tolerance=self.tolerance)
