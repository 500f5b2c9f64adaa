"""Running the gold questions against a target: history first in one conversation, the last answer scored."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence

from assistant.answer_models import Answer
from evals.gold import GoldQuestion
from evals.judge import LlmJudge
from evals.scoring import QuestionResult, score
from evals.targets import Target
from foundation.errors import AssistantError

log = logging.getLogger(__name__)


def ask_one(gold: GoldQuestion, target: Target, judge: LlmJudge | None = None) -> QuestionResult:
    """Ask a gold question (after its history, in the same conversation) and score the last answer."""
    conversation_id: str | None = None
    try:
        for earlier in gold.history:
            conversation_id = target.ask(earlier, conversation_id).conversation_id or conversation_id
        started = time.perf_counter()
        answer: Answer = target.ask(gold.question, conversation_id)
        latency_ms = (time.perf_counter() - started) * 1000
    except AssistantError as exc:
        # Refusing the question (InvalidQuestion …) or failing is scored as a wrong answer, not a crash.
        return score(gold, None, target.known_ids, error=f"{type(exc).__name__}: {exc.detail}", texts=target.texts)
    except Exception as exc:
        # A bug on one question must not hide the figures of the others; the report names it.
        log.warning("%s: answering raised", gold.id, exc_info=True)
        return score(gold, None, target.known_ids, error=f"{type(exc).__name__}: {exc}", texts=target.texts)
    result = score(gold, answer, target.known_ids, latency_ms=latency_ms, texts=target.texts)
    if judge is not None:
        result.judged_relevant, result.judged_faithful = judge.judge(gold.question, answer)
    return result


def run_suite(
    questions: Sequence[GoldQuestion], target: Target, *, progress: bool = True, judge: LlmJudge | None = None
) -> list[QuestionResult]:
    """Every question scored, in order; a progress bar on stderr unless `progress` is False."""
    from tqdm import tqdm

    results: list[QuestionResult] = []
    with tqdm(
        total=len(questions), desc="eval", unit="vraag", file=sys.stderr, disable=not progress, leave=False
    ) as bar:
        for gold in questions:
            result = ask_one(gold, target, judge)
            if not result.passed:
                log.info("%s failed: %s", gold.id, "; ".join(result.failures))
            results.append(result)
            bar.update(1)
    return results
