"""The numbers that decide routes, named once; the abstain thresholds are calibrated by evals/calibrate.py."""

from __future__ import annotations

# Below both, the best passage is too far from the question: the plan does not hold the answer.
ABSTAIN_DENSE = 0.835
ABSTAIN_BM25 = 6.0
# A Dutch question none of whose content words occur in the plan is off-topic unless the best passage is this close.
ABSTAIN_UNCOVERED_DENSE = 0.87
# In a mixed question, an action without the topic's words counts only this close to the best dense match.
MIXED_DENSE = 0.01
# A topic answer cites every action whose BM25 score (on the question with its plan terms) is at least this share
# of the best action's, and those within RELEVANT_DENSE_MARGIN of the closest in meaning (dense), best first.
# Chosen with `python -m evals.calibrate --selection` for recall first (the targets: recall ≥ 0.9, precision
# ≥ 0.6): on the 54 topic questions of evals/gold recall 1.00, precision 0.52 (those golds name the fewest actions
# an answer must cite, so extra relevant ones count against precision).
RELEVANT_BM25_SHARE = 0.50
RELEVANT_DENSE_MARGIN = 0.01
# Actions down to this share also touch the topic: the answer says the list is a selection when there are any.
RELATED_BM25_SHARE = 0.30
# At most this many actions in a topic answer; an abstention offers this many as related.
PICK_LIMIT = 7
RELATED_LIMIT = 2
# How many hits a question's search looks at (actions, objectives, sections, guidance).
SEARCH_TOP_K = 25
# How many of the previous answer's actions a follow-up about "die"/"daarvan" looks up in full.
FOLLOWUP_LOOKUP_LIMIT = 10
# An answer may quote at most this many narrative passages among the first hits.
SECTIONS_LIMIT = 3
# A funding answer cites this many actions per need it names (one more when it names one need), at most this
# many in all.
FUNDING_PER_NEED = 1
FUNDING_LIMIT = 5
# A concept of the asker's situation adds its action to a funding answer when the search ranks it this high.
FUNDING_SITUATION_RANK = 8

# A concept whose plan terms more than this share of the actions hold ("landbouw": 9 of 59) is the scene of a topic
# question, not its subject: relevance counts the narrower concepts.
BROAD_CONCEPT_SHARE = 0.14

# A place the question names is cited in every action that names it, when no more than this many do (a place the
# whole plan names is no subject).
PLACE_LIMIT = 3
