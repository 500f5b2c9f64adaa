"""Readings as data: every example of the reading table is a test, the parse golden file holds every gold question's
logical form, and the parser's regular expressions do not grow (a new phrasing is a row of the table)."""

from __future__ import annotations

import ast
import difflib
from pathlib import Path

import pytest

from assistant.question.reading_table import READINGS
from assistant.question.readings import readings_in
from evals.parses import GOLDEN, golden_lines

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("name", "example"), [(r.name, e) for r in READINGS for e in r.examples], ids=lambda v: str(v)[:40]
)
def test_every_example_of_a_reading_is_read_that_way(name: str, example: str) -> None:
    assert name in {m.name for m in readings_in(example)}


@pytest.mark.parametrize(
    ("name", "example"), [(r.name, e) for r in READINGS for e in r.not_examples], ids=lambda v: str(v)[:40]
)
def test_no_counter_example_of_a_reading_is_read_that_way(name: str, example: str) -> None:
    assert name not in {m.name for m in readings_in(example)}


def test_every_reading_has_examples_and_a_unique_name() -> None:
    names = [r.name for r in READINGS]
    assert len(names) == len(set(names))
    assert all(r.examples and r.phrasings for r in READINGS)


def test_every_gold_question_reads_as_in_the_golden_file() -> None:
    """A change to the parser shows as the readings that moved: review them, then `actieplan parses --write`."""
    kept = GOLDEN.read_text(encoding="utf-8").splitlines()
    now = golden_lines()
    diff = "\n".join(difflib.unified_diff(kept, now, "parses.golden", "nu", lineterm="", n=0))
    assert kept == now, diff[:4000]


# The regular-expression alternatives written in the parser's code, counted in its string literals; the ceilings
# are this turn's counts, under those of the start of the turn (vocabulary.py 821, timing.py 173). New phrasings go
# to the reading table.
CEILINGS = {
    "assistant/question/vocabulary.py": 817,
    "assistant/question/timing.py": 135,
    "assistant/question/organisations.py": 64,
    "assistant/question/parser.py": 0,
    "assistant/routing": 15,
    "assistant/compose/answers.py": 0,
}


def _alternatives(path: Path) -> int:
    files = sorted(path.glob("*.py")) if path.is_dir() else [path]
    count = 0
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                count += node.value.count("|")
    return count


@pytest.mark.parametrize("place", sorted(CEILINGS))
def test_the_parsers_regular_expressions_do_not_grow(place: str) -> None:
    assert _alternatives(ROOT / place) <= CEILINGS[place], "a new phrasing is a row of reading_table.py"
