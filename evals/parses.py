"""The parse golden file: every gold question with its logical form, one line each (tests/fixtures/parses.golden).

Fast (no index, no embeddings): the plan is parsed and its words read as an index would hold them. A change to the
parser shows here as exactly the readings that moved; review that diff with every change, then write the file
anew with `actieplan parses --write`.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from assistant.index.live import known_words, project_words
from assistant.question import Lexicon, parse_question
from assistant.question.form import describe_form
from evals.gold import DEFAULT_GOLD, GOLD_TODAY, load_gold
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.nodes import plan_nodes
from ingest.plan_parser import parse_plan_file
from plan_model.organisations import default_directory

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parses.golden"


def golden_lines(gold: Path = DEFAULT_GOLD, plan: Path = BUNDLED_PLAN) -> list[str]:
    """One line per gold question: its id, the question and its logical form, parsed on the gold's day."""
    directory = default_directory()
    document = parse_plan_file(plan, directory)
    texts = [node.text for node in plan_nodes(document)]
    lexicon = Lexicon.of_plan(document, known_words(texts), project_words(document), directory)
    lines = []
    for question in load_gold(gold):
        form = describe_form(parse_question(question.question, directory, lexicon, GOLD_TODAY))
        lines.append(f"{question.id}\t{' '.join(question.question.split())}\t{form}")
    return lines


def show_or_write(args: argparse.Namespace, settings: Settings) -> int:
    """Show how the gold questions' readings differ from the golden file; with --write, write it anew."""
    lines = golden_lines()
    if args.write:
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} lezingen geschreven naar {GOLDEN}")
        return 0
    kept = GOLDEN.read_text(encoding="utf-8").splitlines() if GOLDEN.exists() else []
    diff = list(difflib.unified_diff(kept, lines, "parses.golden", "nu", lineterm="", n=0))
    sys.stdout.write("\n".join(diff) + ("\n" if diff else ""))
    print(f"{sum(1 for d in diff if d.startswith('+') and not d.startswith('+++'))} lezingen veranderd")
    return 1 if diff else 0
