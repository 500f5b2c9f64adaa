"""The numbers that decide routes, named once; the abstain thresholds are calibrated by evals/calibrate.py."""

from __future__ import annotations

# Below both, the best passage is too far from the question: the plan does not hold the answer.
ABSTAIN_DENSE = 0.835
ABSTAIN_BM25 = 6.0
# A Dutch question none of whose content words occur in the plan is off-topic unless the best passage is this close.
ABSTAIN_UNCOVERED_DENSE = 0.87
# In a mixed question, an action without the topic's words counts only this close to the best dense match.
MIXED_DENSE = 0.01
# A search hit is cited while its fused score is at least this share of the best hit's.
PICK_RELATIVE_SCORE = 0.72
# How many actions a search answer cites at most, and how many an abstention offers as related.
PICK_LIMIT = 4
RELATED_LIMIT = 2
# How many hits a question's search looks at.
SEARCH_TOP_K = 12
# How many of the previous answer's actions a follow-up about "die"/"daarvan" looks up in full.
FOLLOWUP_LOOKUP_LIMIT = 10
