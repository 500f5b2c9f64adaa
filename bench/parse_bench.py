"""Parse-time bench: parsing a question of 200, 2,000 and 20,000 characters (the best of several runs).

Parsing must grow linearly with the length; the target is under 5 ms at 2,000 characters (the API's limit).
"""

from __future__ import annotations

import itertools
import re
import time

from assistant.question import Lexicon, parse_question
from evals.gold import GOLD_TODAY
from foundation.settings import BUNDLED_PLAN
from plan_model.organisations import default_directory

# An ordinary question, repeated: names, roles, years and topic words give every pattern something to try.
SENTENCE = "Welke acties trekt VMM rond grondwater en PFAS in 2027, en wie werkt mee als partner? "
SIZES = (200, 2_000, 20_000)
RUNS = 5


def best_ms(question: str) -> float:
    """The fastest of RUNS parses, in milliseconds of this thread's CPU time (other processes' load counts not)."""
    directory = default_directory()
    # The words of the bundled plan, as the answerer reads questions with (the typo repair tries them all).
    plan_words = set(re.findall(r"[a-z]{3,}", BUNDLED_PLAN.read_text(encoding="utf-8").lower()))
    lexicon = Lexicon(plan_words, directory=directory)
    best = float("inf")
    for _ in range(RUNS):
        started = time.thread_time()
        parse_question(question, directory, lexicon, GOLD_TODAY)
        best = min(best, time.thread_time() - started)
    return best * 1000


def main() -> None:
    """Print the parse time per size and the growth factor between sizes."""
    times = {size: best_ms((SENTENCE * (size // len(SENTENCE) + 1))[:size]) for size in SIZES}
    parts = [f"{size:,} tekens {ms:.1f} ms".replace(",", ".") for size, ms in times.items()]
    growth = [times[b] / times[a] for a, b in itertools.pairwise(SIZES)]
    print(f"Vraag ontleden (CPU-tijd): {'; '.join(parts)} (groei per ×10: {', '.join(f'×{g:.1f}' for g in growth)})")


if __name__ == "__main__":
    main()
