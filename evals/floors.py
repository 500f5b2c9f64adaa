"""The levels the gold set must hold whatever the baseline says: absolute floors per kind of question.

A floor sits a little under the figure the kind reached when it was set, so an ordinary change passes and a real
regression does not hide behind a baseline regenerated after it. Precision floors make an answer that cites every
action fail; recall floors and the ceiling on wrongful refusals make an answerer that always abstains fail; the
abstention floor makes one that never abstains fail. A scope is a kind, a kind's "plan"/"reworded" half
("topic/reworded"), or "overall".

Raise a floor when a kind improves for good; lower one only with the reason in the commit.
"""

from __future__ import annotations

# scope → figure → the lowest value allowed. Set on 2026-12-07 from evals/baseline/report.json (726 questions).
FLOORS: dict[str, dict[str, float]] = {
    # Exact lists: who does what, filters, lookups by id, follow-ups, English and typos.
    "organisation": {"pass_rate": 0.96, "exact_accuracy": 0.96, "precision": 0.96, "recall": 0.96},
    "filter": {"pass_rate": 0.96, "exact_accuracy": 0.96, "precision": 0.96, "recall": 0.96},
    "lookup": {"pass_rate": 0.94, "exact_accuracy": 0.96, "precision": 0.96, "recall": 0.96},
    "followup": {"pass_rate": 0.88, "exact_accuracy": 0.88, "precision": 0.9, "recall": 0.95},
    "english": {"pass_rate": 0.95, "exact_accuracy": 0.95, "precision": 0.95, "recall": 0.95},
    "typo": {"pass_rate": 0.95, "precision": 0.86, "recall": 0.95},
    # Topic and funding questions count on recall; their precision floors keep "cite everything" out.
    "topic": {"pass_rate": 0.95, "recall": 0.95, "precision": 0.55},
    "topic/plan": {"recall": 0.9},
    "topic/reworded": {"recall": 0.9},
    "funding": {"pass_rate": 0.95, "recall": 0.95, "precision": 0.54},
    "funding/plan": {"recall": 0.9},
    "funding/reworded": {"recall": 0.9},
    "company_funding": {"pass_rate": 0.72, "recall": 0.9, "precision": 0.58},
    # Questions the plan cannot answer: refused.
    "unanswerable": {"pass_rate": 0.93, "abstention_accuracy": 0.93},
    # Written by people who only read the plan: lower figures, their minimal expected sets cost precision.
    "stranger_topic": {"pass_rate": 0.75, "recall": 0.85, "precision": 0.5},
    "stranger_funding": {"pass_rate": 0.79, "recall": 0.87, "precision": 0.53},
    "stranger_followup": {"pass_rate": 0.8, "recall": 0.85, "precision": 0.55},
    "overall": {"pass_rate": 0.88, "precision": 0.68, "recall": 0.93, "abstention_accuracy": 0.93},
}

# scope → figure → the highest value allowed (figures where lower is better).
CEILINGS: dict[str, dict[str, float]] = {
    "overall": {"false_abstention_rate": 0.02},
}

# A scope with fewer questions than this (a subset run) is not held to its floor: one miss would decide it. The
# overall figures are held only on a run of at least OVERALL_MIN_QUESTIONS (the whole gold set, not a few kinds).
FLOOR_MIN_QUESTIONS = 10
OVERALL_MIN_QUESTIONS = 300

# Every scope a floor or ceiling names is one of these kinds (or its half, or overall): a typo would hold nothing.
KNOWN_KINDS = (
    *("organisation", "filter", "lookup", "followup", "english", "typo", "topic", "funding", "company_funding"),
    *("unanswerable", "stranger_topic", "stranger_funding", "stranger_followup"),
)
