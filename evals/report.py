"""The evaluation report: report.json (figures and per-question results) and report.md beside it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from evals.errors import EvalError
from evals.gate import GateResult
from evals.metrics import Summary, aggregate
from evals.scoring import QuestionResult
from ingest.plan_diff import PlanDiff

REPORT_FORMAT = 1


class Report(BaseModel):
    """One evaluation run: what was asked, the figures, and every question's result."""

    format: int = REPORT_FORMAT
    target: str = ""
    index_version: str | None = None
    gold: str = ""
    # The day the questions were asked on (ISO); None when a running service answered on its own today.
    today: str | None = None
    # Why this report became the committed baseline (`make baseline REASON=…`); empty for an ordinary run.
    reason: str = ""
    # The plan the questions were answered from: its content hash (a later run finds its changes by it) and name.
    plan_hash: str | None = None
    plan: str | None = None
    # What changed in the plan since the baseline's plan, when that is known (see evals/plan_update.py).
    plan_diff: PlanDiff | None = None
    summary: Summary
    gate: GateResult | None = None
    questions: list[QuestionResult] = Field(default_factory=list)

    @property
    def failing(self) -> list[QuestionResult]:
        """The questions that did not pass, in gold order."""
        return [q for q in self.questions if not q.passed]


def build_report(
    results: Sequence[QuestionResult], target: str = "", index_version: str | None = None, gold: str = ""
) -> Report:
    """A report of the results, with figures per kind and overall."""
    return Report(
        target=target,
        index_version=index_version,
        gold=gold,
        summary=aggregate(results),
        questions=list(results),
    )


def display_path(path: Path) -> str:
    """The path relative to the working directory if inside it (reports hold no machine-specific paths)."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.name


def shown_path(path: Path) -> str:
    """A path for a person to open: relative to the working directory when inside it, else in full."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(resolved)


def write_report(report: Report, out_dir: Path) -> tuple[Path, Path]:
    """Write report.json and report.md into out_dir (created); returns both paths."""
    from evals.report_md import render_markdown

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "report.json", out_dir / "report.md"
    # Write-then-rename: a baseline being read by another run is never seen half-written.
    texts = ((json_path, report.model_dump_json(indent=1) + "\n"), (md_path, render_markdown(report)))
    for path, text in texts:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return json_path, md_path


def load_report(path: Path) -> Report:
    """A report.json written earlier (a folder holding one is accepted too)."""
    if path.is_dir():
        path = path / "report.json"
    try:
        return Report.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise EvalError(f"{path}: niet gevonden", user_message=f"Baseline {path} niet gevonden.") from exc
    except (ValidationError, ValueError) as exc:
        message = f"Baseline {path} is geen geldig report.json."
        raise EvalError(f"{path}: {exc}", user_message=message) from exc
