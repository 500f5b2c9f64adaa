"""The `actieplan` command as a user runs it: ingest, actions (table, CSV, JSON), show, ask (also in batch)."""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from plan_model.organisations import default_directory

ACTIEPLAN = Path(sys.executable).with_name("actieplan")
VMM_IN_PLAN_ORDER = [
    *("KP 1.1", "KP 1.3", "KP 2.3", "KP 3.3"),
    *("BW 1.4", "BW 1.6", "BW 2.2", "BW 2.3", "BW 3.1"),
    *("BT 2.1", "BT 3.3", "BM 1.7"),
]


@pytest.fixture(scope="module")
def ingest_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], subprocess.CompletedProcess[str]]:
    environment = {**os.environ, "ACTIEPLAN_DATA_DIR": str(tmp_path_factory.mktemp("cli-data"))}
    environment.pop("COLUMNS", None)
    done = subprocess.run([str(ACTIEPLAN), "ingest"], env=environment, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return environment, done


@pytest.fixture(scope="module")
def env(ingest_run: tuple[dict[str, str], subprocess.CompletedProcess[str]]) -> dict[str, str]:
    return ingest_run[0]


def run(
    env: dict[str, str], *args: str, stdin: str | None = None, columns: int | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**env, "COLUMNS": str(columns)} if columns else env
    return subprocess.run(
        [str(ACTIEPLAN), *args], env=environment, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_ingest_reports_progress_from_the_start_and_figures_at_the_end(
    ingest_run: tuple[dict[str, str], subprocess.CompletedProcess[str]],
) -> None:
    done = ingest_run[1]
    progress = done.stderr.splitlines()
    # Not a terminal: one line per step, the first before anything slow happens.
    assert progress[0].startswith("Plan lezen: ") and progress[0].endswith("actieplan-2025.txt")
    steps = [line.split(":")[0].split(" …")[0] for line in progress[1:] if not line.startswith(("  ", "waarsch"))]
    assert steps[:3] == ["Plan ontleden", "Embeddings berekenen", "Wegschrijven naar Chroma"]
    assert "Embeddings berekenen: 103 passages …" in progress
    assert any(line.startswith("Stappen: plan ontleden ") for line in progress)
    assert "Passages: 103 (103 nieuw ingebed, 0 hergebruikt)" in done.stdout
    assert "Acties: 59 (KP 18, BW 12, BT 14, BM 15)" in done.stdout
    assert "Doelstellingen: 15" in done.stdout


@pytest.mark.parametrize("kind", ["directory", "unreadable", "missing"])
def test_ingest_of_a_bad_plan_path_is_a_clear_dutch_error(env: dict[str, str], tmp_path: Path, kind: str) -> None:
    # /proc/self/mem cannot be read from offset 0, not even by root: an unreadable file on any Linux.
    plan = {"directory": str(tmp_path), "unreadable": "/proc/self/mem", "missing": str(tmp_path / "weg.pdf")}[kind]
    done = run(env, "ingest", "--plan", plan)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    error = next(line for line in done.stderr.splitlines() if line.startswith("Fout: "))
    expected = {"directory": "is een map", "unreadable": "kan niet gelezen worden", "missing": "bestaat niet"}
    assert expected[kind] in error and plan in error
    assert run(env, "actions", "--domain", "KP", "--json").returncode == 0, "the live version still answers"


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
    assert run(env, "actions", "--org", "VMM", "--role", "initiator", "--format", "json").stdout == done.stdout
    done = run(env, "actions", "--domain", "BT", "--importance", "sleutelactie")
    assert done.returncode == 0 and "(7 acties)" in done.stdout


def table_columns(output: str) -> dict[str, list[str]]:
    """The table's columns: for each header, the text of every line below the rule in that header's span."""
    lines = output.splitlines()
    header = lines[0]
    names = header.split()
    starts = [header.index(name) for name in names]
    ends = [*starts[1:], None]
    body = [line for line in lines[2:] if line.strip() and not line.startswith(("(", "★"))]
    return {name: [line[a:b].strip() for line in body] for name, a, b in zip(names, starts, ends, strict=True)}


@pytest.mark.parametrize("width", [80, 160])
def test_actions_table_has_a_header_a_role_column_and_fits_the_width(env: dict[str, str], width: int) -> None:
    done = run(env, "actions", "--org", "VMM", columns=width)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert all(len(line) <= width for line in lines), "no line wider than the terminal"
    header = lines[0].split()
    assert header[:2] == ["Nr.", "Actie"] and "Rol" in header and "Timing" in header
    assert set(lines[1]) == {"─"}
    if width >= 140:
        assert {"Trekker", "Belang", "Status"} <= set(header)
    columns = table_columns(done.stdout)
    ids = [cell.split(" ★")[0] for cell in columns["Nr."] if cell]
    assert ids == VMM_IN_PLAN_ORDER
    roles = dict(zip(ids, [cell for nr, cell in zip(columns["Nr."], columns["Rol"], strict=True) if nr], strict=True))
    assert roles["KP 1.3"] == "trekker" and roles["KP 2.3"] == "partner"
    assert roles["BW 1.6"] in ("trekker en partner", "trekker en"), "wraps at a word"
    assert lines[-1] == "(12 acties)"
    # Titles wrap and shorten at word boundaries: every word shown is a whole word of a title.
    records = json.loads(run(env, "actions", "--org", "VMM", "--json").stdout)
    # (Compared without the punctuation around words: a short title ends at a phrase boundary, "bronnen,".)
    words = {w.strip(",.;:()") for w in " ".join(r["action"] for r in records).split()}
    shown = [w.strip(",.;:()") for cell in columns["Actie"] for w in cell.split() if w != "…"]
    assert shown and all(w in words for w in shown), [w for w in shown if w not in words]
    # Each title takes at most two lines.
    starts = [n for n, cell in enumerate(columns["Nr."]) if cell] + [len(columns["Nr."])]
    assert all(1 <= sum(1 for cell in columns["Actie"][a:b] if cell) <= 2 for a, b in itertools.pairwise(starts))


def test_actions_csv_has_every_column(env: dict[str, str]) -> None:
    done = run(env, "actions", "--org", "VMM", "--format", "csv")
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["Nr.", "Actie", "Trekker", "Partners", "Rol", "Timing", "Belang", "Status"]
    assert len(rows) == 13 and rows[2][0] == "KP 1.3" and rows[2][4] == "trekker"


def test_unknown_organisation_suggests_the_nearest_names(env: dict[str, str]) -> None:
    done = run(env, "actions", "--org", "VMMX")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[0] == "Fout: Onbekende organisatie 'VMMX'. Bedoelde je VMM?"
    assert done.stdout == ""
    typo = run(env, "actions", "--org", "boerebond", "--json")
    assert typo.returncode == 0 and "'boerebond' gelezen als Boerenbond." in typo.stderr
    assert {"KP 1.3"} <= {r["id"] for r in json.loads(typo.stdout)}
    nothing = run(env, "actions", "--org", "xyzzy")
    assert nothing.returncode == 2 and "Onbekende organisatie 'xyzzy'." in nothing.stderr
    # Every organisation filter is checked, also the exclusions.
    for flag in ("--not-led-by", "--not-involving"):
        excluded = run(env, "actions", flag, "VMMX")
        assert excluded.returncode == 2 and "Onbekende organisatie 'VMMX'. Bedoelde je VMM?" in excluded.stderr


def test_a_reader_that_stops_early_gets_no_traceback(env: dict[str, str]) -> None:
    process = subprocess.Popen(
        [str(ACTIEPLAN), "actions"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.close()  # like `| head -3` exiting before the table is written
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
    assert process.returncode == 1, "stopped, as Python's own tools do on a closed pipe"


def test_help_and_errors_speak_dutch_and_every_option_is_explained() -> None:
    from assistant.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in subparsers.choices.items():
        for action in sub._actions:
            assert action.help and action.help != argparse.SUPPRESS, f"actieplan {name} {action.option_strings}"
        text = sub.format_help()
        assert "gebruik:" in text and "usage:" not in text and "show this help" not in text, name
    missing = subprocess.run([str(ACTIEPLAN), "ask"], capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2
    assert "Fout: dit ontbreekt nog: VRAAG" in missing.stderr and "error" not in missing.stderr
    wrong = subprocess.run([str(ACTIEPLAN), "actions", "--active-in", "x"], capture_output=True, text=True, timeout=60)
    assert "Fout: --active-in: ongeldige waarde: 'x'" in wrong.stderr


def test_show_and_ask(env: dict[str, str]) -> None:
    shown = run(env, "show", "kp1.3")
    assert shown.returncode == 0 and "Trekker:" in shown.stdout and "VMM" in shown.stdout
    missing = run(env, "show", "KP 9.9")
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    asked = run(env, "ask", "--json", "Wie trekt BW 2.3?")
    answer = json.loads(asked.stdout)
    assert {"answer", "citations", "route", "abstained"} <= set(answer)
    assert [c["id"] for c in answer["citations"]] == ["BW 2.3"]


def test_ask_prints_the_conversation_id_for_a_follow_up(env: dict[str, str]) -> None:
    first = run(env, "ask", "Welke acties betrekken VMM?")
    match = re.search(r"^Gesprek: (\S+)", first.stdout, re.MULTILINE)
    assert match, first.stdout
    follow_up = run(env, "ask", "--json", "--conversation", match.group(1), "en welke daarvan zijn sleutelacties?")
    assert sorted(c["id"] for c in json.loads(follow_up.stdout)["citations"]) == ["BT 2.1", "BT 3.3", "KP 1.3"]
    assert "'-'" in run(env, "ask", "--help").stdout, "the help says how to read questions from stdin"


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


@pytest.mark.parametrize("day", ["2025-03-20", "2027-01-08", "2030-06-30"])
def test_actieplan_today_fixes_the_day_the_cli_answers_for(env: dict[str, str], day: str) -> None:
    """ACTIEPLAN_TODAY=2027-01-08 actieplan ask "Welke acties lopen nu?" answers for that day, whatever the clock."""
    from datetime import date

    from tests.support.timing_oracle import running_on

    done = run({**env, "ACTIEPLAN_TODAY": day}, "ask", "--json", "Welke acties lopen nu?")
    assert done.returncode == 0, done.stderr
    cited = [c["id"] for c in json.loads(done.stdout)["citations"]]
    assert cited == running_on(date.fromisoformat(day))


def test_a_wrong_actieplan_today_is_a_clear_error(env: dict[str, str]) -> None:
    done = run({**env, "ACTIEPLAN_TODAY": "volgende week"}, "ask", "Welke acties lopen nu?")
    assert done.returncode != 0
    assert "ACTIEPLAN_TODAY" in done.stderr or "today" in done.stderr.lower()
    assert "Traceback" not in done.stderr
