"""Aggregate figures over scored questions: per kind and overall."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from pydantic import BaseModel

from evals.scoring import QuestionResult

Figures = dict[str, float | int | None]

# Ratios where higher is better; the gate fails when one drops by more than the tolerance.
HIGHER_IS_BETTER = (
    "pass_rate",
    "precision",
    "recall",
    "f1",
    "exact_accuracy",
    "mention_coverage",
    "abstention_accuracy",
)
# Ratios where lower is better; the gate fails when one rises by more than the tolerance.
LOWER_IS_BETTER = ("false_abstention_rate",)
# Counts that must stay 0 whatever the baseline says.
MUST_BE_ZERO = ("unknown_citations",)


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None, or None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` percentile (0..1) by linear interpolation, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _as_float(flag: bool | None) -> float | None:
    return None if flag is None else float(flag)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def figures(results: Sequence[QuestionResult]) -> Figures:
    """The figures of one group of scored questions."""
    answerable = [r for r in results if r.answerable]
    exact = [r for r in answerable if r.exact is not None]
    abstain = [r for r in results if r.expect_abstain]
    latencies = [r.latency_ms for r in results if r.error is None]
    false_abstentions = sum(1 for r in answerable if r.abstained)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    result: Figures = {
        "questions": len(results),
        "passed": sum(1 for r in results if r.passed),
        "pass_rate": _rounded(_ratio(sum(1 for r in results if r.passed), len(results))),
        "precision": _rounded(mean(r.precision for r in answerable)),
        "recall": _rounded(mean(r.recall for r in answerable)),
        "f1": _rounded(mean(r.f1 for r in answerable)),
        "exact_accuracy": _rounded(_ratio(sum(1 for r in exact if r.exact), len(exact))),
        "mention_coverage": _rounded(mean(r.mention_coverage for r in results)),
        "abstention_accuracy": _rounded(_ratio(sum(1 for r in abstain if r.abstained), len(abstain))),
        "false_abstentions": false_abstentions,
        "false_abstention_rate": _rounded(_ratio(false_abstentions, len(answerable))),
        "unknown_citations": sum(len(r.unknown_ids) for r in results),
        "errors": sum(1 for r in results if r.error is not None),
        "word_overlap": _rounded(mean(r.overlap for r in results)),
        "latency_p50_ms": None if p50 is None else round(p50, 1),
        "latency_p95_ms": None if p95 is None else round(p95, 1),
    }
    if any(r.judged_relevant is not None or r.judged_faithful is not None for r in results):
        # Only present when an LLM judged: a report without an LLM shows no empty columns.
        result["llm_relevance"] = _rounded(mean(_as_float(r.judged_relevant) for r in results))
        result["llm_faithfulness"] = _rounded(mean(_as_float(r.judged_faithful) for r in results))
    return result


class Summary(BaseModel):
    """The figures overall, per kind of question, and per kind split by wording (plan's words or reworded)."""

    overall: Figures
    by_kind: dict[str, Figures]
    # kind → {"plan": figures, "reworded": figures}, for the kinds that have reworded questions.
    by_wording: dict[str, dict[str, Figures]] = {}


def aggregate(results: Sequence[QuestionResult]) -> Summary:
    """Figures overall and per kind (kinds in order of first appearance)."""
    kinds = list(dict.fromkeys(r.kind for r in results))
    reworded_kinds = [k for k in kinds if any(r.kind == k and r.wording == "reworded" for r in results)]
    by_wording = {
        kind: {w: figures([r for r in results if r.kind == kind and r.wording == w]) for w in ("plan", "reworded")}
        for kind in reworded_kinds
    }
    if reworded_kinds:
        by_wording["totaal"] = {
            w: figures([r for r in results if r.kind in reworded_kinds and r.wording == w])
            for w in ("plan", "reworded")
        }
    return Summary(
        overall=figures(results),
        by_kind={kind: figures([r for r in results if r.kind == kind]) for kind in kinds},
        by_wording=by_wording,
    )
