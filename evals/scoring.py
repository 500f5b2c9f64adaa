"""Scoring one answer against its gold question: cited-id precision/recall, mentions, abstention."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field

from assistant.answer_models import Answer
from assistant.index.search import tokenize
from evals.gold import GoldQuestion

# Stems that phrase any question about the plan; they say nothing about what a question asks.
_PHRASING = set(tokenize("welke wat wie waar wanneer hoe acties actie plan actieplan zijn staan gaan doen gebeurt"))


class QuestionResult(BaseModel):
    """What one gold question got: the answer, its figures and why it failed (if it did)."""

    id: str
    kind: str
    question: str
    history: list[str] = Field(default_factory=list)
    match: str = "exact"
    expected_ids: list[str] = Field(default_factory=list)
    # Actions the answer must say were removed, and those it did cite as removed.
    expected_removed: list[str] = Field(default_factory=list)
    removed_cited: list[str] = Field(default_factory=list)
    expect_abstain: bool = False
    lang: str = "nl"
    answer: str = ""
    cited_ids: list[str] = Field(default_factory=list)
    route: str | None = None
    abstained: bool = False
    language: str | None = None
    error: str | None = None
    # None where a figure does not apply (ids of abstain questions, mentions when none are required).
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    exact: bool | None = None
    mention_coverage: float | None = None
    missing_mentions: list[str] = Field(default_factory=list)
    unknown_ids: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
    # "plan" for a question in the plan's words, "reworded" for a rewording in everyday words (reworded_from).
    wording: str = "plan"
    # The share of the question's content words that occur in the text of the actions it expects.
    overlap: float | None = None
    # LLM-judged, only when an LLM is configured; never part of passing or of the gate.
    judged_relevant: bool | None = None
    judged_faithful: bool | None = None
    failures: list[str] = Field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when nothing about the answer is wrong."""
        return not self.failures

    @property
    def answerable(self) -> bool:
        """True for questions the plan answers (the assistant must not abstain)."""
        return not self.expect_abstain


def normalise_text(text: str) -> str:
    """Case-folded text where "Q1/2026", "Q1 2026" and "Q1  2026" are equal (slashes and spaces folded)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    # The plan writes timings as "Q1/2026"; answers may write "Q1 2026": both become "q1 2026".
    text = re.sub(r"\s*/\s*", " ", text)
    text = re.sub(r"[\u2013\u2014]", "-", text).replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def id_scores(cited: list[str], expected: list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the cited ids against the expected ones (sets; nothing cited = 0)."""
    got, want = set(cited), set(expected)
    hits = len(got & want)
    if not want:
        # An answerable question needing no action: citing none is right, citing any is noise.
        precision = 1.0 if not got else 0.0
        return precision, 1.0, precision
    precision = hits / len(got) if got else 0.0
    recall = hits / len(want)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def mention_coverage(text: str, mentions: list[str]) -> tuple[float | None, list[str]]:
    """The share of required mentions found in the text, and the missing ones (None when none required)."""
    if not mentions:
        return None, []
    haystack = normalise_text(text)
    missing = [m for m in mentions if normalise_text(m) not in haystack]
    return 1 - len(missing) / len(mentions), missing


def word_overlap(question: str, expected_ids: list[str], texts: dict[str, str]) -> float | None:
    """The share of a question's content words (stemmed) that the expected actions' text uses; None without any."""
    wanted = [texts[i] for i in expected_ids if i in texts]
    words = set(tokenize(question)) - _PHRASING
    if not wanted or not words:
        return None
    used = set(tokenize(" ".join(wanted)))
    return round(len(words & used) / len(words), 4)


def score(
    gold: GoldQuestion,
    answer: Answer | None,
    known_ids: set[str],
    latency_ms: float = 0.0,
    error: str | None = None,
    texts: dict[str, str] | None = None,
) -> QuestionResult:
    """Score one answer (None with `error` when answering failed) against its gold question."""
    result = QuestionResult(
        id=gold.id,
        kind=gold.kind,
        question=gold.question,
        history=gold.history,
        match=gold.match,
        expected_ids=sorted(gold.expected_ids),
        expected_removed=sorted(gold.removed_ids),
        expect_abstain=gold.abstain,
        lang=gold.lang,
        latency_ms=round(latency_ms, 1),
        error=error,
        wording="reworded" if gold.reworded_from else "plan",
        overlap=word_overlap(gold.question, gold.expected_ids, texts or {}),
    )
    if answer is None:
        # A failed answer counts as the worst outcome for every figure that applies.
        if not gold.abstain:
            result.precision, result.recall, result.f1 = 0.0, 0.0, 0.0
            result.exact = False if gold.match == "exact" else None
        coverage, result.missing_mentions = mention_coverage("", gold.must_mention)
        result.mention_coverage = coverage
        result.failures = [f"fout: {error or 'geen antwoord'}"]
        return result
    cited = list(dict.fromkeys(answer.cited_ids))
    result.answer, result.cited_ids, result.route = answer.answer, cited, answer.route
    result.removed_cited = sorted({c.id for c in answer.citations if c.kind == "removed"})
    result.abstained, result.language = answer.abstained, answer.language
    result.unknown_ids = sorted(i for i in set(cited) if i not in known_ids)
    result.mention_coverage, result.missing_mentions = mention_coverage(answer.answer, gold.must_mention)
    if not gold.abstain:
        result.precision, result.recall, result.f1 = id_scores(cited, gold.expected_ids)
        if gold.match == "exact":
            result.exact = set(cited) == set(gold.expected_ids)
    result.failures = _failures(gold, result)
    return result


def _failures(gold: GoldQuestion, result: QuestionResult) -> list[str]:
    """Dutch reasons why an answer is not right; empty when it passes."""
    reasons: list[str] = []
    expected, cited = set(gold.expected_ids), set(result.cited_ids)
    if gold.abstain and not result.abstained:
        reasons.append("had moeten weigeren (het plan bevat dit niet), maar antwoordde")
    elif not gold.abstain and result.abstained:
        reasons.append("weigerde onterecht")
    if not gold.abstain:
        if gold.match == "exact" and cited != expected:
            reasons.append(_set_difference(expected, cited))
        elif gold.match == "recall" and expected - cited:
            reasons.append(f"ontbrekende acties: {', '.join(sorted(expected - cited))}")
    if result.missing_mentions:
        reasons.append(f"niet vermeld: {', '.join(result.missing_mentions)}")
    if missing := sorted(set(gold.removed_ids) - set(result.removed_cited)):
        reasons.append(f"niet gemeld als geschrapt: {', '.join(missing)}")
    if result.unknown_ids:
        reasons.append(f"onbestaande acties geciteerd: {', '.join(result.unknown_ids)}")
    if result.language and result.language != gold.lang:
        reasons.append(f"antwoord in taal '{result.language}' i.p.v. '{gold.lang}'")
    return reasons


def _set_difference(expected: set[str], cited: set[str]) -> str:
    parts = []
    if expected - cited:
        parts.append(f"ontbrekend: {', '.join(sorted(expected - cited))}")
    if cited - expected:
        parts.append(f"te veel: {', '.join(sorted(cited - expected))}")
    return "andere acties dan verwacht (" + "; ".join(parts) + ")"
