"""Calibrating the abstain thresholds on the gold questions: how far the plan is from questions it can't answer.

Run `python -m evals.calibrate` after an ingest. For every gold question without an action id that reaches the
semantic route, it takes the best dense similarity and the best BM25 score of the hybrid retrieval, and prints
the separation between questions the plan answers and those it cannot. The thresholds in
`assistant/routing.py` (ABSTAIN_DENSE, ABSTAIN_BM25) were chosen from this output: a question abstains when
both scores are below them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from assistant.index import LiveIndex
from assistant.question import parse_question
from assistant.routing.thresholds import ABSTAIN_BM25, ABSTAIN_DENSE
from evals.gold import GoldQuestion, load_gold
from foundation.settings import get_settings
from ingest.organisations import default_directory


@dataclass
class Scores:
    """The best retrieval scores for one question."""

    question: GoldQuestion
    dense: float
    bm25: float

    @property
    def abstains(self) -> bool:
        """Whether the current thresholds make this question abstain."""
        return self.dense < ABSTAIN_DENSE and self.bm25 < ABSTAIN_BM25


def retrieval_scores() -> list[Scores]:
    """Best dense and BM25 score of every gold question that needs open retrieval (no ids, no filters)."""
    index = LiveIndex(get_settings()).current()
    directory = default_directory()
    scores = []
    for question in load_gold():
        if question.history:
            continue
        parsed = parse_question(question.question, directory, index.project_vocabulary, index.known_words)
        if parsed.action_ids or parsed.has_filters:
            continue
        hits = index.retriever.search(parsed.text, top_k=12)
        scores.append(
            Scores(question, max((h.dense for h in hits), default=0.0), max((h.bm25 for h in hits), default=0.0))
        )
    return scores


def main() -> None:
    """Print each question's scores and the margins around the thresholds."""
    argparse.ArgumentParser(description=__doc__).parse_args()
    scores = sorted(retrieval_scores(), key=lambda s: s.dense)
    print(f"{'dense':>6} {'bm25':>6}  abstain?  expected  question")
    for s in scores:
        expected = "abstain" if s.question.abstain else "answer"
        print(
            f"{s.dense:6.3f} {s.bm25:6.2f}  {'yes' if s.abstains else 'no ':<8}  {expected:<8}  {s.question.question}"
        )
    answerable = [s for s in scores if not s.question.abstain]
    silent = [s for s in scores if s.question.abstain]
    wrong = [s for s in answerable if s.abstains]
    print(f"\nthresholds: dense < {ABSTAIN_DENSE} and bm25 < {ABSTAIN_BM25}")
    print(f"answerable questions that would abstain: {len(wrong)} of {len(answerable)}")
    print(f"lowest dense of an answerable question: {min(s.dense for s in answerable):.3f}")
    if silent:
        print(
            f"questions the plan cannot answer that reach retrieval: {len(silent)}; "
            f"they abstain by threshold: {sum(s.abstains for s in silent)} (others by their wording)"
        )


if __name__ == "__main__":
    main()
