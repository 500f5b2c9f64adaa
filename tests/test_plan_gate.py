"""The gate after a plan update, as a maintainer meets it (`actieplan` as a process, real ingest and Chroma): the
verdict first, the questions each change touches, gold proposals reviewed and accepted, a real regression still
named apart, and promote refusing until it is gone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evals.gold import GoldQuestion, load_gold
from evals.gold_update import propose_one
from evals.report import build_report, write_report
from evals.runner import run_suite
from evals.scoring import score
from evals.targets import local_index
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.pipeline import run_ingest
from ingest.plan_diff import diff_files
from ingest.store import IndexStore
from tests.support import plan_update as fixture
from tests.support.fakes import make_answer

ACTIEPLAN = Path(sys.executable).with_name("actieplan")
# Questions about the actions the update touches, and two it leaves alone (lkp-001, lkp-002).
SUBSET = ("lkp-001", "lkp-002", "lkp-011", "org-020", "org-007", "org-003", "fil-001", "fil-012", "fup-007", "eng-001")
# Made to regress without a plan change: its gold expects another action from here on.
BROKEN = "lkp-002"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(ACTIEPLAN), *args], env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def write_gold(questions: list[GoldQuestion], folder: Path) -> Path:
    """The questions as a gold folder of two files, as evals/gold/ is laid out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, kinds in (
        ("lookups.jsonl", ("lookup",)),
        ("rest.jsonl", ("organisation", "filter", "followup", "english")),
    ):
        lines = [
            json.dumps(q.model_dump(exclude_defaults=True), ensure_ascii=False) for q in questions if q.kind in kinds
        ]
        (folder / name).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def staged(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """A data dir serving the bundled plan with the update staged, a baseline of the subset on the bundled plan,
    and the subset's gold with one question broken on purpose."""
    folder = tmp_path_factory.mktemp("gate")
    shutil.copytree(ingested_settings.data_dir, folder / "var")
    settings = Settings(data_dir=folder / "var", reload_check_s=0.0)
    questions = [q for q in load_gold() if q.id in SUBSET]
    assert len(questions) == len(SUBSET)
    results = run_suite(questions, local_index(settings, "live"), progress=False)
    assert all(r.passed for r in results), [r.failures for r in results if not r.passed]
    baseline = build_report(results, target="index live")
    baseline.plan_hash = IndexStore(settings).load_records(IndexStore(settings).pointer("live") or "").content_hash
    write_report(baseline, folder / "baseline")
    broken = [q.model_copy(update={"expected_ids": ["BW 1.4"]}) if q.id == BROKEN else q for q in questions]
    write_gold(broken, folder / "gold")
    run_ingest(settings, fixture.updated_plan(folder / "actieplan-2026.txt"), stage=True)
    env = {**os.environ, "ACTIEPLAN_DATA_DIR": str(folder / "var"), "ACTIEPLAN_TODAY": "2026-12-07"}
    return env, folder


def evaluate(env: dict[str, str], folder: Path, out: str) -> subprocess.CompletedProcess[str]:
    return run(
        env,
        *("eval", "--index", "staged", "--no-progress", "--gold", str(folder / "gold")),
        *("--baseline", str(folder / "baseline" / "report.json"), "--out", str(folder / out)),
    )


def test_the_gate_says_first_what_follows_from_the_plan_and_what_regressed(staged: tuple[dict[str, str], Path]) -> None:
    env, folder = staged
    done = evaluate(env, folder, "eval-1")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Poort t.o.v. ") and lines[0].endswith(": GEFAALD")
    assert lines[1] == (
        "  Kort: 8 vragen veranderden door de planwijziging (8 slagen niet meer); "
        f"1 ging achteruit zonder planwijziging ({BROKEN})."
    )
    assert lines[2] == (
        "  Planwijziging: 1 actie nieuw (KP 2.4), 1 geschrapt (BT 3.2), 3 gewijzigd (KP 4.1, KP 4.5, BW 1.6)."
    )
    assert lines[3] == f"  Rapport: {folder / 'eval-1' / 'report.md'}"
    assert lines[4].startswith("  Wat nu: `actieplan gold propose`")
    report = (folder / "eval-1" / "report.md").read_text(encoding="utf-8")
    touched = report.split("## Wat de planwijziging raakt")[1].split("## ")[0]
    assert touched.strip().splitlines()[2:] == [
        "- KP 2.4 nieuw: 2 vragen, 2 falen nu — **eng-001**, **fil-001**",
        "- BT 3.2 geschrapt: 3 vragen, 3 falen nu — **lkp-011**, **fup-007**, **org-003**",
        "- KP 4.1 gewijzigd (timing): 1 vraag, 1 faalt nu — **fil-012**",
        "- KP 4.5 gewijzigd (relatief belang): 1 vraag, 1 faalt nu — **fil-001**",
        "- BW 1.6 gewijzigd (trekker): 2 vragen, 2 falen nu — **org-007**, **org-020**",
    ]
    assert "plan: Actieplan 2026, versie van 16 maart 2026" in report.splitlines()[2]
    assert report.count("- volgt uit de planwijziging") == 8


def test_proposals_reviewed_and_accepted_leave_only_the_real_regression(staged: tuple[dict[str, str], Path]) -> None:
    env, folder = staged
    if not (folder / "eval-1" / "report.json").exists():
        evaluate(env, folder, "eval-1")
    proposed = run(
        env, "gold", "propose", "--report", str(folder / "eval-1" / "report.json"), "--gold", str(folder / "gold")
    )
    assert proposed.returncode == 0, proposed.stderr
    assert proposed.stdout.startswith("8 voorstellen voor vragen in 2 bestanden (lookups.jsonl, rest.jsonl).")
    proposals = folder / "eval-1" / "gold-voorstel.jsonl"
    review = proposals.with_suffix(".md").read_text(encoding="utf-8")
    assert "## lkp-011 (lookups.jsonl): Welke hefboom hoort bij actie BT 3.2?" in review
    assert "- removed_ids: (leeg) → BT 3.2" in review and "- waarom: BT 3.2 geschrapt" in review
    assert "- waarom: BW 1.6 trekker VMM → De Watergroep" in review
    assert BROKEN not in review, "a regression without a plan change gets no proposal"

    # A question the reviewer names to skip must be one proposed: a typo changes nothing.
    before = {f.name: f.read_bytes() for f in (folder / "gold").iterdir()}
    typo = run(env, "gold", "accept", str(proposals), "--gold", str(folder / "gold"), "--skip", "lkp-0111")
    assert typo.returncode == 2 and "Geen voorstel voor lkp-0111" in typo.stderr
    assert {f.name: f.read_bytes() for f in (folder / "gold").iterdir()} == before
    accepted = run(env, "gold", "accept", str(proposals), "--gold", str(folder / "gold"))
    assert accepted.returncode == 0, accepted.stdout
    assert "8 gouden vragen bijgewerkt" in accepted.stdout
    gold = {q.id: q for q in load_gold(folder / "gold")}
    assert gold["lkp-011"].removed_ids == ["BT 3.2"] and gold["lkp-011"].expected_ids == []
    assert "BW 1.6" not in gold["org-020"].expected_ids and "BW 1.6" in gold["org-007"].expected_ids
    assert sorted(gold["fil-001"].expected_ids) == ["KP 1.3", "KP 1.4", "KP 2.2", "KP 2.4", "KP 3.2", "KP 4.3",
                                                    "KP 4.4", "KP 4.5"]  # fmt: skip
    assert gold["lkp-011"].note.endswith(
        "Bijgewerkt voor het Actieplan 2026, versie van 16 maart 2026: BT 3.2 geschrapt."
    )

    again = evaluate(env, folder, "eval-2")
    assert again.returncode == 1
    assert again.stdout.splitlines()[1] == (
        "  Kort: 8 vragen veranderden door de planwijziging (0 slagen niet meer); "
        f"1 ging achteruit zonder planwijziging ({BROKEN})."
    )
    refused = run(
        env,
        *("promote", "--no-progress", "--gold", str(folder / "gold")),
        *("--baseline", str(folder / "baseline" / "report.json"), "--out", str(folder / "promote")),
    )
    assert refused.returncode == 2
    assert "Promotie geweigerd" in refused.stderr and f"achteruit zonder planwijziging ({BROKEN})" in refused.stderr
    assert f"Rapport: {folder / 'promote' / 'report.md'}" in refused.stderr
    # The regression fixed (here: the gold put right), the same command promotes.
    fixed = [q.model_copy(update={"expected_ids": ["BW 1.5"]}) if q.id == BROKEN else q for q in gold.values()]
    write_gold(fixed, folder / "gold")
    promoted = run(
        env,
        *("promote", "--no-progress", "--gold", str(folder / "gold")),
        *("--baseline", str(folder / "baseline" / "report.json"), "--out", str(folder / "promote")),
    )
    assert promoted.returncode == 0, promoted.stderr
    assert promoted.stdout.splitlines()[0].endswith(": GESLAAGD")
    assert "Live: " in promoted.stdout and "Actieplan 2026, versie van 16 maart 2026" in promoted.stdout


def test_a_question_left_without_expected_actions_asks_the_reviewer(tmp_path: Path) -> None:
    diff = diff_files(BUNDLED_PLAN, fixture.updated_plan(tmp_path / "nieuw.txt"))
    question = GoldQuestion(id="t", kind="topic", question="Is er een leidraad voor waterneutraliteit?",
                            expected_ids=["BT 3.2"], match="recall")  # fmt: skip
    result = score(question, make_answer("BT 3.3 en BM 4.3.", ("BT 3.3", "BM 4.3")), {"BT 3.3", "BM 4.3"})
    assert propose_one(question, result, diff) == {"expected_ids": [], "removed_ids": [], "must_mention": []}
    named = question.model_copy(update={"question": "Wat doet BT 3.2?", "must_mention": ["leidraad"]})
    assert propose_one(named, score(named, make_answer("Geen.", ()), set()), diff) == {
        "expected_ids": [],
        "removed_ids": ["BT 3.2"],
        "must_mention": [],
    }
    moved = GoldQuestion(id="m", kind="lookup", question="Wanneer start KP 4.1?", expected_ids=["KP 4.1"],
                         must_mention=["Q3 2026"])  # fmt: skip
    wrong = score(moved, make_answer("KP 4.1 start in Q1 2027.", ("KP 4.1",)), {"KP 4.1"})
    assert propose_one(moved, wrong, diff) == {
        "expected_ids": ["KP 4.1"],
        "removed_ids": [],
        "must_mention": ["Q1 2027"],
    }
    led = GoldQuestion(
        id="l", kind="lookup", question="Wie trekt BW 1.6?", expected_ids=["BW 1.6"], must_mention=["VMM"]
    )
    wrong = score(led, make_answer("De Watergroep trekt BW 1.6.", ("BW 1.6",)), {"BW 1.6"})
    assert propose_one(led, wrong, diff)["must_mention"] == ["De Watergroep"]  # type: ignore[index]
