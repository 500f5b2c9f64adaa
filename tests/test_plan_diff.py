"""`actieplan diff`: a copy of the plan with one action removed, a partner added and a timing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import build_parser
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.plan_diff import PlanDiff, diff_files, render_text


def _row_start(lines: list[str], code: str, number: str) -> int:
    """The line where an action's table row starts (its id is split over two lines in the extraction)."""
    return next(i for i, line in enumerate(lines) if line.strip() == code and lines[i + 1].strip() == number)


def modified_plan(target: Path) -> Path:
    """The bundled plan without KP 1.2, with Aquafin as partner of KP 1.3 and BT 2.3 moved to Q2/2026."""
    lines = BUNDLED_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    start, end = _row_start(lines, "KP", "1.2"), _row_start(lines, "KP", "1.3")
    text = "".join(lines[:start] + lines[end:])
    # KP 1.3's partner cell ends with "Boerenbond, ABS" (KP 1.4 has the same cell further on).
    assert text.count("Boerenbond, ABS \n") == 2
    text = text.replace("Boerenbond, ABS \n", "Boerenbond, ABS, Aquafin \n", 1)
    # BT 2.3's timing cell is the only one holding just "Q1/2026".
    assert text.count("\nQ1/2026 \n") == 1
    text = text.replace("\nQ1/2026 \n", "\nQ2/2026 \n")
    target.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("plans")
    old = folder / "actieplan-oud.txt"
    old.write_bytes(BUNDLED_PLAN.read_bytes())
    return old, modified_plan(folder / "actieplan-nieuw.txt")


def assert_exactly_the_changes(diff: PlanDiff) -> None:
    assert (diff.old_actions, diff.new_actions) == (59, 58)
    assert [a.id for a in diff.actions.removed] == ["KP 1.2"]
    assert diff.actions.added == []
    changed = {item.id: item.changes for item in diff.actions.changed}
    assert set(changed) == {"KP 1.3", "BT 2.3"}
    (partners,) = changed["KP 1.3"]
    assert (partners.field, partners.added, partners.removed) == ("partners", ["Aquafin"], [])
    assert partners.new == partners.old + ", Aquafin"
    (timing,) = changed["BT 2.3"]
    assert (timing.field, timing.old, timing.new) == ("timing", "Q1/2026", "Q2/2026")
    assert diff.objectives.empty


def test_diff_reports_exactly_the_changes(plans: tuple[Path, Path]) -> None:
    assert_exactly_the_changes(diff_files(*plans))


def test_diff_of_a_plan_with_itself_is_empty(plans: tuple[Path, Path]) -> None:
    diff = diff_files(plans[0], plans[0])
    assert diff.actions.empty and diff.objectives.empty
    assert "Acties: geen verschillen" in render_text(diff)


def test_diff_reads_pdfs_too(plans: tuple[Path, Path], tmp_path: Path) -> None:
    from tests.support.plan_pdf import write_plan_pdf

    old = write_plan_pdf(plans[0].read_text(encoding="utf-8"), tmp_path / "oud.pdf")
    new = write_plan_pdf(plans[1].read_text(encoding="utf-8"), tmp_path / "nieuw.pdf")
    assert_exactly_the_changes(diff_files(old, new))


def test_diff_command_prints_dutch_text_and_json(plans: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings()
    args = build_parser().parse_args(["diff", str(plans[0]), str(plans[1])])
    assert args.func(args, settings) == 0
    text = capsys.readouterr().out
    assert "Verwijderd (1):\n    KP 1.2" in text
    assert "partners: + Aquafin" in text and "was: Q1/2026\n        nu:  Q2/2026" in text
    assert "Doelstellingen: geen verschillen" in text
    args = build_parser().parse_args(["diff", str(plans[0]), str(plans[1]), "--json"])
    assert args.func(args, settings) == 0
    data = json.loads(capsys.readouterr().out)
    assert_exactly_the_changes(PlanDiff.model_validate(data))
    assert data["actions"]["changed"][0]["changes"][0]["added"] == ["Aquafin"]
