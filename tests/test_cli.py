"""The `actieplan` command as a user runs it: ingest, actions --json, show, ask (also in batch)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.organisations import default_directory

ACTIEPLAN = Path(sys.executable).with_name("actieplan")


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    environment = {**os.environ, "ACTIEPLAN_DATA_DIR": str(tmp_path_factory.mktemp("cli-data"))}
    done = subprocess.run([str(ACTIEPLAN), "ingest"], env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Acties: 59 (KP 18, BW 12, BT 14, BM 15)" in done.stdout
    assert "Doelstellingen: 15" in done.stdout
    return environment


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ACTIEPLAN), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def test_actions_json_matches_the_hand_reading(env: dict[str, str], hand_reading: list[dict]) -> None:
    done = run(env, "actions", "--json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert len(records) == 59
    keys = {
        "id",
        "domain",
        "objective",
        "status",
        "projects",
        "action",
        "output",
        "initiators",
        "partners",
        "timing",
        "start",
        "end",
        "importance",
    }
    assert all(keys <= set(r) for r in records)
    directory = default_directory()
    by_id = {r["id"]: r for r in records}
    assert set(by_id) == {h["id"] for h in hand_reading}
    for hand in hand_reading:
        record = by_id[hand["id"]]
        assert record["importance"] == hand["importance"], hand["id"]
        assert record["status"] == hand["status"], hand["id"]
        assert record["timing"] == " ".join(hand["timing"].split()), hand["id"]
        assert (record["start"], record["end"]) == (hand["start"], hand["end"]), hand["id"]
        hand_orgs = {
            n for w in hand["initiators_as_written"] + hand["partners_as_written"] for n in directory.extract(w)[0]
        }
        parsed_orgs = set(record["initiators"]) | set(record["partners"])
        # BW 1.1's partner heading is read as a group of its own (see tests/test_plan_parser.py).
        assert hand_orgs <= parsed_orgs and len(parsed_orgs - hand_orgs) <= (1 if hand["id"] == "BW 1.1" else 0)


def test_actions_filters(env: dict[str, str]) -> None:
    done = run(env, "actions", "--org", "VMM", "--role", "initiator", "--json")
    assert sorted(r["id"] for r in json.loads(done.stdout)) == ["BW 1.6", "BW 2.2", "BW 2.3", "KP 1.1", "KP 1.3"]
    done = run(env, "actions", "--domain", "BT", "--importance", "sleutelactie")
    assert done.returncode == 0 and "(7 acties)" in done.stdout


def test_show_and_ask(env: dict[str, str]) -> None:
    shown = run(env, "show", "kp1.3")
    assert shown.returncode == 0 and "Trekker:" in shown.stdout and "VMM" in shown.stdout
    missing = run(env, "show", "KP 9.9")
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    asked = run(env, "ask", "--json", "Wie trekt BW 2.3?")
    answer = json.loads(asked.stdout)
    assert {"answer", "citations", "route", "abstained"} <= set(answer)
    assert [c["id"] for c in answer["citations"]] == ["BW 2.3"]


def test_ask_batch_reads_one_question_per_line(env: dict[str, str]) -> None:
    done = run(
        env,
        "ask",
        "--json",
        "-",
        stdin="Welke acties trekt VMM?\n\nWat is het budget van KP 1.3?\n" + "x" * 3000 + "\n",
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 3
    assert len(lines[0]["citations"]) == 5 and lines[1]["abstained"] is True
    assert "error" in lines[2]
