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

from assistant.answerer import Answerer
from assistant.index import LiveIndex
from assistant.routing.search import relevant_actions, semantic_hits
from assistant.routing.thresholds import ABSTAIN_BM25, ABSTAIN_DENSE, RELEVANT_BM25_SHARE
from evals.gold import GOLD_TODAY, GoldQuestion, load_gold
from foundation.settings import get_settings


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
    settings = get_settings()
    answerer = Answerer(settings, live_index=LiveIndex(settings))
    index = answerer.live.current()
    scores = []
    for question in load_gold():
        if question.history:
            continue
        parsed = answerer.parse(question.question, index, GOLD_TODAY)
        if parsed.action_ids or parsed.has_filters:
            continue
        hits = index.retriever.search(parsed.search_text, top_k=12)
        scores.append(
            Scores(question, max((h.dense for h in hits), default=0.0), max((h.bm25 for h in hits), default=0.0))
        )
    return scores


def selection_grid(shares: tuple[float, ...] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)) -> None:
    """Recall and precision of topic answers for each BM25 share a cited action must reach (RELEVANT_BM25_SHARE)."""
    settings = get_settings()
    answerer = Answerer(settings, live_index=LiveIndex(settings))
    index = answerer.live.current()
    questions = [q for q in load_gold() if q.kind == "topic" and not q.history and not q.abstain and q.expected_ids]
    searched = []
    for gold in questions:
        parsed = answerer.parse(gold.question, index, GOLD_TODAY)
        searched.append((gold, semantic_hits(index, parsed)))
    print(f"{len(questions)} topic questions (plan-worded and reworded)")
    print(f"{'share':>6} {'recall':>7} {'precision':>9} {'cited':>6}")
    for share in shares:
        recall = precision = cited = 0.0
        for gold, hits in searched:
            got = {a.id for a in relevant_actions(hits, index, share_needed=share)[0]}
            want = set(gold.expected_ids)
            recall += len(got & want) / len(want)
            precision += len(got & want) / len(got) if got else 0.0
            cited += len(got)
        n = len(searched)
        marker = "  <- RELEVANT_BM25_SHARE" if abs(share - RELEVANT_BM25_SHARE) < 1e-9 else ""
        print(f"{share:6.2f} {recall / n:7.3f} {precision / n:9.3f} {cited / n:6.2f}{marker}")


def main() -> None:
    """Print each question's scores and the margins around the thresholds (or, with --selection, the topic grid)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--selection", action="store_true", help="recall/precision per RELEVANT_BM25_SHARE")
    if parser.parse_args().selection:
        selection_grid()
        return
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
