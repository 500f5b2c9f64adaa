"""Answer benchmark: latency per question in-process over the gold questions, and peak memory.

Targets on 2 cores: p50 <= 30 ms, p95 <= 100 ms. The query-vector cache is cleared before every question,
so each one pays for its embedding as a new question would.
"""

from __future__ import annotations

import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from assistant.answerer import build_answerer
from evals.gold import GOLD_TODAY as TODAY
from foundation.settings import Settings
from ingest.pipeline import run_ingest

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"


def main() -> None:
    """Answer every gold question (three rounds) and print p50/p95/max latency per route and overall."""
    questions = [
        json.loads(line)["question"]
        for path in sorted(GOLD.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(data_dir=Path(data_dir))
        run_ingest(settings)
        answerer = build_answerer(settings)
        answerer.answer("Welke acties betrekken VMM?", today=TODAY)  # load the index once, as a running service has
        timings: dict[str, list[float]] = {}
        for _ in range(3):
            for question in questions:
                answerer.live.current().retriever.embedder._cache.clear()
                started = time.perf_counter()
                answer = answerer.answer(question, today=TODAY)
                elapsed = (time.perf_counter() - started) * 1000
                timings.setdefault(answer.route, []).append(elapsed)
                timings.setdefault("all", []).append(elapsed)
    print("== answers in-process (ms)")
    for route, values in sorted(timings.items()):
        values.sort()
        p50 = statistics.median(values)
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"{route:<11} n={len(values):<4} p50={p50:6.1f}  p95={p95:6.1f}  max={values[-1]:6.1f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB  [targets: p50 <= 30 ms, p95 <= 100 ms]")


if __name__ == "__main__":
    main()
