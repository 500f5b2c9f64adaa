"""Promote a staged version only through the gate; roll back to the previous one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answerer import Answerer
from assistant.cli import build_parser
from assistant.index.live import LiveIndex
from evals.gold import GoldQuestion, load_gold
from evals.report import build_report, load_report, write_report
from evals.runner import run_suite
from evals.suite import EvalGate
from evals.targets import local_index
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.pipeline import run_ingest
from ingest.store import IndexStore
from ingest.versions import VersionError, promote, rollback
from plan_model.records import PlanDocument
from tests.support.dates import TODAY


def gold_subset() -> list[GoldQuestion]:
    """The first two gold questions of every kind."""
    picked: dict[str, list[GoldQuestion]] = {}
    for question in load_gold():
        picked.setdefault(question.kind, [])
        if len(picked[question.kind]) < 2:
            picked[question.kind].append(question)
    return [q for group in picked.values() for q in group]


@pytest.fixture(scope="module")
def workspace(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    """A copy of the session's ingested store (this module moves its pointers), and a baseline on it."""
    folder = tmp_path_factory.mktemp("versions")
    shutil.copytree(ingested_settings.data_dir, folder / "data")
    settings = Settings(data_dir=folder / "data", reload_check_s=0.0)
    gold = folder / "gold.jsonl"
    gold.write_text("".join(q.model_dump_json() + "\n" for q in gold_subset()), encoding="utf-8")
    results = run_suite(gold_subset(), local_index(settings, "live"), progress=False)
    write_report(build_report(results, target="index live"), folder / "baseline")
    return settings, folder


def half_plan(target: Path) -> Path:
    """The plan without focus domains BT and BM: 30 of its 59 actions."""
    lines = BUNDLED_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
    bt = next(i for i, line in enumerate(lines) if line.strip().startswith("FOCUSDOMEIN 3"))
    outro = next(i for i, line in enumerate(lines) if line.strip() == "OUTRO")
    target.write_text("".join(lines[:bt] + lines[outro:]), encoding="utf-8")
    return target


def pointers(store: IndexStore) -> tuple[str | None, str | None, str | None]:
    """The live, previous and staged versions."""
    return store.pointer("live"), store.pointer("previous"), store.pointer("staged")


def stage(settings: Settings, plan: Path) -> str:
    """Stage a plan; a version already stored (e.g. as previous) is staged again without re-embedding."""
    return run_ingest(settings, plan, stage=True).version


def test_promote_refuses_a_staged_version_that_fails_the_gate(workspace: tuple[Settings, Path]) -> None:
    settings, folder = workspace
    store = IndexStore(settings)
    live = store.pointer("live")
    half = stage(settings, half_plan(folder / "half.txt"))
    assert len(store.load_records(half).actions) == 30 and store.pointer("staged") == half != live
    gate = EvalGate(
        baseline=load_report(folder / "baseline"),
        gold=folder / "gold.jsonl",
        progress=False,
        out_dir=folder / "half-eval",
    )
    with pytest.raises(VersionError) as refused:
        promote(settings, gate)
    assert "Promotie geweigerd" in refused.value.user_message and "pass_rate" in refused.value.user_message
    assert store.pointer("live") == live and store.pointer("staged") == half
    assert (folder / "half-eval" / "report.md").exists()
    assert gate.last_report is not None and gate.last_report.gate is not None
    assert "eng-002" in gate.last_report.gate.regressed  # about BM 2.1, which the half plan lacks


def test_promote_accepts_a_good_version_and_rollback_restores(
    workspace: tuple[Settings, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, folder = workspace
    store = IndexStore(settings)
    original = store.pointer("live")
    assert original is not None
    # Serve the worse version first (forced), so that the full plan can be staged and promoted again.
    half = stage(settings, half_plan(folder / "half.txt"))
    forced = build_parser().parse_args(["promote", "--force"])
    assert forced.func(forced, settings) == 0
    assert pointers(store) == (half, original, None)

    assert stage(settings, BUNDLED_PLAN) == original
    assert store.pointer("live") == half  # staging does not serve it
    evaluation = build_parser().parse_args(
        [
            "eval",
            "--index",
            "staged",
            "--gold",
            str(folder / "gold.jsonl"),
            "--out",
            str(folder / "staged-eval"),
            "--no-progress",
        ]
    )
    assert evaluation.func(evaluation, settings) == 0
    assert original in (folder / "staged-eval" / "report.md").read_text(encoding="utf-8")

    args = build_parser().parse_args(
        [
            "promote",
            "--baseline",
            str(folder / "baseline" / "report.json"),
            "--gold",
            str(folder / "gold.jsonl"),
            "--out",
            str(folder / "promote-eval"),
            "--no-progress",
        ]
    )
    capsys.readouterr()
    assert args.func(args, settings) == 0
    assert "GESLAAGD" in capsys.readouterr().out
    assert pointers(store) == (original, half, None)
    serving = LiveIndex(settings)
    assert serving.current().version == original
    assert Answerer(settings, live_index=serving).answer("Wie trekt BM 2.1?", today=TODAY).cited_ids == ["BM 2.1"]

    args = build_parser().parse_args(["rollback"])
    assert args.func(args, settings) == 0
    assert (store.pointer("live"), store.pointer("previous")) == (half, original)
    assert serving.current().version == half  # a running answerer follows the pointer
    # The half plan has no BM actions: the answer says BM 2.1 is not in the version that serves now.
    gone = Answerer(settings, live_index=serving).answer("Wie trekt BM 2.1?", today=TODAY)
    assert gone.cited_ids == [] and [(c.id, c.kind) for c in gone.citations] == [("BM 2.1", "removed")]
    assert gone.answer.startswith("BM 2.1 staat niet in de versie van 12 september 2025 (") and not gone.abstained
    rollback(settings)  # the former live version was kept as previous: a rollback can be undone
    assert (store.pointer("live"), store.pointer("previous")) == (original, half)

    with pytest.raises(VersionError, match="geen staged"):
        promote(settings, None)


class PointerStore:
    """Pointers and complete versions in memory: the switching rules without Chroma."""

    def __init__(self, **pointers: str | None) -> None:
        self.pointers = dict(pointers)
        self.complete = {v for v in pointers.values() if v}

    def pointer(self, name: str) -> str | None:
        return self.pointers.get(name)

    def set_pointer(self, name: str, version: str | None, how: str = "") -> None:
        self.pointers[name] = version

    def load_records(self, version: str) -> PlanDocument:
        return PlanDocument(content_hash=version, version=version)  # each version its own plan

    def is_complete(self, version: str) -> bool:
        return version in self.complete

    def prune(self) -> list[str]:
        return []


class Verdict:
    def __init__(self, passed: bool) -> None:
        self.passed = passed

    def summary_lines(self) -> list[str]:
        return ["poort: pass_rate gedaald"]


class FixedGate:
    def __init__(self, passed: bool, on_check: PointerStore | None = None) -> None:
        self.passed, self.on_check, self.checked = passed, on_check, 0

    def check(self, settings: Settings, pointer: str) -> Verdict:
        self.checked += 1
        if self.on_check is not None:
            self.on_check.set_pointer("staged", "v-other")  # another `ingest --stage` while evaluating
        return Verdict(self.passed)


def test_switching_rules() -> None:
    settings = Settings()
    store = PointerStore(live="v1", staged="v2")
    with pytest.raises(VersionError, match="poort"):
        promote(settings, FixedGate(False), store=store)  # type: ignore[arg-type]
    assert store.pointers == {"live": "v1", "staged": "v2"}
    with pytest.raises(VersionError, match="gewijzigd"):
        promote(settings, FixedGate(True, on_check=store), store=store)  # type: ignore[arg-type]
    store = PointerStore(live="v1", staged="v2")
    forced = FixedGate(False)
    promote(settings, forced, force=True, store=store)  # type: ignore[arg-type]
    assert forced.checked == 0
    assert store.pointers == {"live": "v2", "previous": "v1", "previous_plan": "v1", "staged": None}

    same = PointerStore(live="v1", staged="v1")
    assert not promote(settings, FixedGate(True), store=same).changed  # type: ignore[arg-type]
    assert same.pointers["live"] == "v1" and same.pointers["staged"] is None

    with pytest.raises(VersionError) as nothing:
        rollback(settings, store=PointerStore(live="v1"))  # type: ignore[arg-type]
    assert nothing.value.user_message == "Er is geen vorige versie om naar terug te keren."
    incomplete = PointerStore(live="v1", staged="v2")
    incomplete.complete.discard("v2")
    with pytest.raises(VersionError, match="onvolledig"):
        promote(settings, FixedGate(True), store=incomplete)  # type: ignore[arg-type]


def test_promote_without_a_gate_needs_force() -> None:
    store = PointerStore(live="v1", staged="v2")
    with pytest.raises(VersionError) as refused:
        promote(Settings(), None, store=store)  # type: ignore[arg-type]
    assert refused.value.user_message == "Promoveren zonder evaluatie kan alleen met --force."
    assert store.pointers == {"live": "v1", "staged": "v2"}, "nothing switched"
    assert promote(Settings(), None, force=True, store=store).live == "v2"  # type: ignore[arg-type]


def test_the_first_promote_has_no_previous_version() -> None:
    store = PointerStore(staged="v1")
    switch = promote(Settings(), FixedGate(True), store=store)  # type: ignore[arg-type]
    assert (switch.live, switch.previous, switch.changed) == ("v1", None, True)
    assert store.pointers == {"staged": None, "live": "v1"} and "previous" not in store.pointers


def test_rollback_refuses_an_incomplete_previous_version() -> None:
    store = PointerStore(live="v2", previous="v1")
    store.complete.discard("v1")
    with pytest.raises(VersionError) as refused:
        rollback(Settings(), store=store)  # type: ignore[arg-type]
    assert "vorige versie v1 is onvolledig" in refused.value.user_message
    assert store.pointers == {"live": "v2", "previous": "v1"}, "the live version still serves"


def test_rollback_when_live_equals_previous_clears_previous() -> None:
    store = PointerStore(live="v1", previous="v1")
    switch = rollback(Settings(), store=store)  # type: ignore[arg-type]
    assert (switch.live, switch.previous) == ("v1", "v1")
    assert store.pointers == {"live": "v1", "previous": None}, "no rollback to itself afterwards"
