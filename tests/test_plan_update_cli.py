"""A plan update as a maintainer does it, with `actieplan` run as a process: the gate at ingest, the structural
checks, the remembered plan, status, diff, promote and rollback (the fixture update: tests/support/plan_update.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.settings import BUNDLED_PLAN, Settings
from ingest.store import IndexStore
from tests.support import plan_update as fixture

ACTIEPLAN = Path(sys.executable).with_name("actieplan")


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(ACTIEPLAN), *args], env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.fixture
def service(ingested_settings: Settings, tmp_path: Path) -> tuple[dict[str, str], Settings]:
    """A copy of the session's ingest of the bundled plan (live, nothing staged), as a deployment's data dir."""
    shutil.copytree(ingested_settings.data_dir, tmp_path / "var")
    env = {**os.environ, "ACTIEPLAN_DATA_DIR": str(tmp_path / "var"), "ACTIEPLAN_TODAY": "2026-12-07"}
    env.pop("ACTIEPLAN_PLAN_PATH", None)
    return env, Settings(data_dir=tmp_path / "var", reload_check_s=0.0)


def pointers(settings: Settings) -> tuple[str | None, str | None, str | None]:
    store = IndexStore(settings)
    return store.pointer("live"), store.pointer("staged"), store.pointer("previous")


def test_an_updated_plan_is_staged_never_live_and_the_output_says_so_first(
    service: tuple[dict[str, str], Settings], tmp_path: Path
) -> None:
    env, settings = service
    live, _, _ = pointers(settings)
    updated = fixture.updated_plan(tmp_path / "actieplan-2026.txt")
    done = run(env, "ingest", "--plan", str(updated))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "Dit plan verschilt van de live versie (Actieplan 2025, versie van 12 september 2025): "
        "het wordt klaargezet (staged), niet live gezet."
    )
    assert "LET OP" not in done.stdout, "a yearly update loses nothing at large"
    assert any(line.startswith("Versie ") and "klaargezet (staged), niet live" in line for line in lines)
    assert "Plan: Actieplan 2026, versie van 16 maart 2026" in lines
    assert (
        "Tegenover de live versie: 1 actie nieuw (KP 2.4), 1 geschrapt (BT 3.2), 3 gewijzigd (KP 4.1, KP 4.5, BW 1.6)"
    ) in lines
    assert "actieplan eval --index staged" in done.stdout
    staged_live, staged, _ = pointers(settings)
    assert staged_live == live and staged is not None and staged != live
    # The live version answers as before.
    asked = run(env, "ask", "--json", "Wie trekt BW 1.6?")
    assert "VMM" in json.loads(asked.stdout)["answer"]

    status = run(env, "status")
    assert status.returncode == 0
    assert f"Live: {live} · Actieplan 2025, versie van 12 september 2025" in status.stdout
    assert f"Klaargezet: {staged} · Actieplan 2026, versie van 16 maart 2026" in status.stdout
    assert f"  plan: {updated}" in status.stdout
    assert "  59 acties (KP 19, BW 12, BT 13, BM 15), 15 doelstellingen" in status.stdout
    rows = {row["role"]: row for row in json.loads(run(env, "status", "--json").stdout)}
    assert rows["live"]["per_domain"] == {"KP": 18, "BW": 12, "BT": 14, "BM": 15} and rows["live"]["how"] == "ingest"
    assert rows["staged"]["plan_date"] == "2026-03-16"

    # `diff` compares the live version with the staged one, by default.
    diff = run(env, "diff")
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.startswith("Oud:  live · Actieplan 2025, versie van 12 september 2025 (59 acties)\n")
    assert "    BT 3.2  Actualisering Leidraad" in diff.stdout and "        nu:  De Watergroep" in diff.stdout
    assert run(env, "diff", "live", str(updated)).stdout.split("\n", 2)[2] == diff.stdout.split("\n", 2)[2]


def test_a_truncated_plan_names_what_it_loses_first_and_summarises_the_word_list(
    service: tuple[dict[str, str], Settings], tmp_path: Path
) -> None:
    env, settings = service
    live, _, _ = pointers(settings)
    done = run(env, "ingest", "--plan", str(fixture.truncated_plan(tmp_path / "download.txt")))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Dit plan verschilt van de live versie")
    assert lines[1:3] == [
        "LET OP: focusdomeinen BT, BM staan niet meer in het plan.",
        "LET OP: 29 acties minder dan de live versie (59 → 30).",
    ]
    vocabulary = [line for line in lines if line.startswith("Woordenlijst:")]
    assert len(vocabulary) == 1 and "… en " in vocabulary[0] and "meer (alle: " in vocabulary[0]
    listed = Path(vocabulary[0].split("(alle: ")[1].split(")")[0])
    assert len(listed.read_text(encoding="utf-8").splitlines()) > 6
    assert not [line for line in done.stderr.splitlines() if "woordenlijst" in line], "no line per term"
    assert pointers(settings)[0] == live, "the live version keeps serving"


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (fixture.duplicated_number, "het nummer BM 1.3 staat twee keer in het plan"),
        (fixture.cut_mid_row, "BW 1.3 heeft geen trekker, hoewel de tabel die kolom heeft"),
    ],
)
def test_a_broken_table_is_refused_naming_the_action_and_nothing_is_staged(
    service: tuple[dict[str, str], Settings], tmp_path: Path, make: object, named: str
) -> None:
    env, settings = service
    before = pointers(settings)
    plan = make(tmp_path / "plan.txt")  # type: ignore[operator]
    done = run(env, "ingest", "--plan", str(plan))
    assert done.returncode == 2
    error = done.stderr[done.stderr.index("Fout: ") :]
    assert error.startswith("Fout: Het plan plan.txt is niet ingelezen: de actietabellen kloppen niet bij ")
    assert named in error and "Er is niets klaargezet; de live versie blijft antwoorden." in error
    assert pointers(settings) == before
    assert run(env, "ask", "--json", "Wie trekt BM 1.4?").returncode == 0


def test_a_plain_ingest_after_promotion_rereads_the_live_plan_never_the_bundled_one(
    service: tuple[dict[str, str], Settings], tmp_path: Path
) -> None:
    env, settings = service
    first, _, _ = pointers(settings)
    updated = fixture.updated_plan(tmp_path / "downloads" / "actieplan-2026.txt")
    assert run(env, "ingest", "--plan", str(updated)).returncode == 0
    promoted = run(env, "promote", "--force")
    assert promoted.returncode == 0, promoted.stderr
    new, staged, previous = pointers(settings)
    assert staged is None and previous == first and new != first
    assert promoted.stdout.startswith(f"Live: {new} · Actieplan 2026, versie van 16 maart 2026 — zonder evaluatie")

    again = run(env, "ingest")
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[0] == f"Plan lezen: {updated} (het plan van de live versie)"
    assert again.stdout.startswith(f"Versie {new}: ongewijzigd")
    # The downloaded file is gone: the copy kept in the data dir is the live plan still.
    shutil.rmtree(updated.parent)
    assert run(env, "ingest").stdout.startswith(f"Versie {new}: ongewijzigd")
    # New guidance on the same plan goes live at once (the plan did not change) and keeps the 2026 plan.
    guide = tmp_path / "gids.md"
    guide.write_text("# Brugkredieten\n\nEen brugkrediet overbrugt de tijd tot de subsidie.\n", encoding="utf-8")
    guided = run(env, "ingest", "--guidance", str(guide))
    assert guided.returncode == 0, guided.stderr
    assert "nieuwe versie, live" in guided.stdout and "Plan: Actieplan 2026, versie van 16 maart 2026" in guided.stdout
    live, _, previous = pointers(settings)
    assert live not in (first, new) and previous == new
    assert IndexStore(settings).pointer("previous_plan") == first, "what changed still compares 2025 with 2026"
    asked = json.loads(run(env, "ask", "--json", "Welke acties zijn nieuw?").stdout)
    assert [c["id"] for c in asked["citations"] if c["kind"] == "action"] == ["KP 2.4"]
    assert asked["plan"] == "Actieplan 2026, versie van 16 maart 2026" and asked["plan_version"] == live

    # `make eval` and `make baseline` read the live version's plan, not a fixed file, and the plan it replaced.
    plan_file = run(env, "status", "--plan-file", "live").stdout.strip()
    assert Path(plan_file).read_bytes() == fixture.updated_plan(tmp_path / "again.txt").read_bytes()
    assert Path(run(env, "status", "--earlier-plan-file", "live").stdout.strip()) == BUNDLED_PLAN
    back = run(env, "rollback")
    assert back.returncode == 0 and back.stdout.startswith(f"Live: {new} · Actieplan 2026")


def test_the_plan_file_of_a_fresh_install_is_the_configured_one(tmp_path: Path) -> None:
    env = {**os.environ, "ACTIEPLAN_DATA_DIR": str(tmp_path / "leeg")}
    env.pop("ACTIEPLAN_PLAN_PATH", None)
    done = run(env, "status", "--plan-file", "live")
    assert done.returncode == 0 and Path(done.stdout.strip()) == BUNDLED_PLAN
    assert "nog geen live versie" in done.stderr
    staged = run(env, "status", "--plan-file", "staged")
    assert staged.returncode == 2 and "Er is geen klaargezette versie." in staged.stderr
    assert "Live: geen versie" in run(env, "status").stdout


def test_make_eval_and_baseline_take_the_plan_from_the_live_version() -> None:
    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(
        ["make", "-n", "eval", "baseline", "REASON=x"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("actieplan status --plan-file") == 2
    assert dry.stdout.count("actieplan status --earlier-plan-file") == 2
    assert "actieplan-2025.txt" not in dry.stdout
    assert dry.stdout.count('ingest --plan "$PLAN" ${EARLIER:+--earlier "$EARLIER"}') == 2


def test_a_fresh_index_with_the_earlier_plan_answers_as_the_service(tmp_path: Path) -> None:
    # What `make eval` builds after an update: the live plan, and the plan it replaced by its records only.
    env = {**os.environ, "ACTIEPLAN_DATA_DIR": str(tmp_path / "eval-index"), "ACTIEPLAN_TODAY": "2026-12-07"}
    env.pop("ACTIEPLAN_PLAN_PATH", None)
    updated = fixture.updated_plan(tmp_path / "actieplan-2026.txt")
    done = run(env, "ingest", "--plan", str(updated), "--earlier", str(BUNDLED_PLAN))
    assert done.returncode == 0, done.stderr
    assert f"Vorig plan (voor 'wat is er veranderd?'): {BUNDLED_PLAN}" in done.stdout
    removed = json.loads(run(env, "ask", "--json", "Wie trekt BT 3.2?").stdout)
    assert removed["answer"].startswith("BT 3.2 is geschrapt in de versie van 16 maart 2026")
    assert "Vorige: geen" in run(env, "status").stdout, "the earlier plan is no version to roll back to"
