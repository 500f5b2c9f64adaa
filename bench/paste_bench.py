"""Paste bench: the CPU time of answering a company's question of 200, 2,000 and 8,000 characters (a pasted e-mail
with the question at its end), in process, the best of several runs each.

The target (issue "read the question that was asked"): 2,000 characters at most about twice 200, and 8,000 hardly
more than 2,000, because the search embeds the asker's own question, not the paste. Prints figures; no test times.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from assistant.answerer import build_answerer
from evals.gold import GOLD_TODAY
from foundation.settings import Settings
from ingest.pipeline import run_ingest

QUESTION = "Wij zijn een textielbedrijf in Limburg. Welke steun biedt het plan om die stof te vervangen?"
MAIL = (
    "Van: milieudienst\nOnderwerp: evaluatie omgevingsvergunning\n"
    + "> In het kader van de evaluatie van uw vergunning vragen wij u bijkomende maatregelen te onderzoeken om de "
    "emissie van de betrokken stof naar oppervlaktewater te verminderen, verder dan de beste beschikbare technieken.\n"
)
RUNS = 3


def paste_of(size: int) -> str:
    """A paste of about `size` characters ending in the asker's own question."""
    body = ""
    while len(body) + len(QUESTION) < size:
        body += MAIL
    return (body + "\n" + QUESTION)[-size:] if size > len(QUESTION) else QUESTION


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder), max_question_chars=9000)
        run_ingest(settings, settings.plan_path)
        answerer = build_answerer(settings)
        answerer.answer("Welke acties betrekken VMM?", today=GOLD_TODAY)  # the index loaded, as a service has it
        figures = {}
        for size in (200, 2_000, 8_000):
            text = paste_of(size)
            best = float("inf")
            for _ in range(RUNS):
                started = time.process_time()
                answerer.answer(text, str(uuid.uuid4()), today=GOLD_TODAY)
                best = min(best, time.process_time() - started)
            figures[size] = best * 1000
        parts = "; ".join(f"{size:,} tekens {ms:.0f} ms".replace(",", ".") for size, ms in figures.items())
        print(f"Geplakte vraag beantwoorden (CPU, beste van {RUNS}): {parts}")
        print(
            f"  2.000 / 200 = ×{figures[2_000] / figures[200]:.1f}; "
            f"8.000 / 2.000 = ×{figures[8_000] / figures[2_000]:.1f}"
        )


if __name__ == "__main__":
    main()
