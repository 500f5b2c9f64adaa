"""Property tests (hypothesis) for the question parser, action-id spellings and the real answerer."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.question import Lexicon, parse_question
from foundation.errors import InvalidQuestion
from plan_model.organisations import OrganisationDirectory, default_directory
from plan_model.records import normalise_action_id
from tests.support.dates import TODAY

DIRECTORY: OrganisationDirectory = default_directory()
PROJECTS = {"waterfinanciering", "pfas", "grondwater"}
LEXICON = Lexicon(frozenset(), PROJECTS, directory=DIRECTORY)

# Every code point Python strings can hold: control characters, unassigned ones and lone surrogates too
# (JSON's "\ud800" reaches the service as a lone surrogate).
ANY_CHAR = st.characters(codec=None, categories=None)
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
# What the HTTP API lets through to the answerer: it refuses lone surrogates (see test_hostile_inputs.py).
UTF8_TEXT = st.text(st.characters(codec="utf-8", categories=None), max_size=400)
CODES = st.sampled_from(["KP", "BW", "BT", "BM"])
NUMBERS = st.integers(min_value=0, max_value=99)

# How people write an action id; {c} is the code, {a}.{b} the numbers.
SPELLINGS = [
    "{C} {a}.{b}",
    "{c}{a}.{b}",
    "{C}{a}.{b}",
    "actie {C} {a}.{b}",
    "Actie {c} {a}.{b}",
    "{C}. {a}.{b}",
    "{C}.{a}.{b}",
    "{C} {a},{b}",
    "{C}  {a} . {b}",
    "{C} {a:02d}.{b:02d}",
]
# What may stand right around an id in a sentence.
WRAPPERS = ["{}", "({})", "{}?", "{},", "'{}'", "«{}»", "{}.", "[{}]"]


def spell(template: str, code: str, major: int, minor: int) -> str:
    """An action id written after a template."""
    return template.format(C=code, c=code.lower(), a=major, b=minor)


@given(text=ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_parser_never_raises(text: str) -> None:
    intent = parse_question(text, DIRECTORY, LEXICON, TODAY)
    assert intent.language in ("nl", "en")
    assert all(normalise_action_id(i) == i for i in intent.action_ids)


@given(text=st.text(ANY_CHAR, min_size=1, max_size=40), repeat=st.integers(min_value=50, max_value=100))
@settings(max_examples=25, deadline=None)
def test_parser_handles_long_repetitive_text(text: str, repeat: int) -> None:
    # Speed is tested by growth in test_parse_growth.py and printed by `make bench`; here only robustness.
    question = (text * repeat)[:4_000]
    intent = parse_question(question, DIRECTORY, LEXICON, TODAY)
    assert all(normalise_action_id(i) == i for i in intent.action_ids)


@pytest.mark.parametrize("text", ["\x00\x01\x02", "\u202e KP 1.3", "\ud800", "a\u0301" * 1000, "\n\t\r" * 100, ""])
def test_parser_survives_odd_text(text: str) -> None:
    parse_question(text, DIRECTORY, LEXICON, TODAY)


@given(code=CODES, major=NUMBERS, minor=NUMBERS, template=st.sampled_from(SPELLINGS))
def test_every_spelling_normalises_to_the_canonical_id(code: str, major: int, minor: int, template: str) -> None:
    assert normalise_action_id(spell(template, code, major, minor)) == f"{code} {major}.{minor}"


@given(text=ANY_TEXT)
@settings(max_examples=300)
def test_normalise_is_none_or_canonical(text: str) -> None:
    key = normalise_action_id(text)
    assert key is None or normalise_action_id(key) == key


@given(
    code=CODES,
    major=NUMBERS,
    minor=NUMBERS,
    template=st.sampled_from(SPELLINGS),
    wrapper=st.sampled_from(WRAPPERS),
    before=ANY_TEXT,
    after=ANY_TEXT,
)
@settings(max_examples=300, deadline=None)
def test_parser_finds_the_id_inside_any_text(
    code: str, major: int, minor: int, template: str, wrapper: str, before: str, after: str
) -> None:
    question = f"{before} {wrapper.format(spell(template, code, major, minor))} {after}"
    intent = parse_question(question, DIRECTORY, LEXICON, TODAY)
    assert f"{code} {major}.{minor}" in intent.action_ids


@given(text=UTF8_TEXT)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_answerer_only_ever_raises_invalid_question(answerer: Any, text: str) -> None:
    trimmed = " ".join(text.split())
    # Invalid exactly when empty, too long or holding a lone surrogate (UTF8_TEXT has none): decided up front,
    # so an accepted question that should have been refused fails too.
    invalid = not trimmed or len(trimmed) > answerer.settings.max_question_chars
    if invalid:
        with pytest.raises(InvalidQuestion):
            answerer.answer(text, today=TODAY)
        return
    answer = answerer.answer(text, today=TODAY)
    assert answer.answer.strip()
    assert all(normalise_action_id(i) == i for i in answer.cited_ids)


@pytest.mark.parametrize("text", ["\x00 Wie trekt KP 1.3?", "\u202e BM 1.3", "KP 1.3" * 300, "é" * 2000])
def test_the_answerer_on_odd_questions(answerer: Any, text: str) -> None:
    assert answerer.answer(text, today=TODAY).answer.strip()


@pytest.mark.parametrize("text", ["x" * 2001, "KP 1.3 " * 400])
def test_the_answerer_refuses_questions_over_the_limit(answerer: Any, text: str) -> None:
    with pytest.raises(InvalidQuestion, match="tekens"):
        answerer.answer(text, today=TODAY)


@pytest.mark.parametrize("text", ["?", "de", "'", "\x00"])
def test_a_question_without_words_is_answered(answerer: Any, text: str) -> None:
    # Stop words or punctuation alone give BM25 no tokens; the plan simply has nothing to say.
    answer = answerer.answer(text, today=TODAY)
    assert answer.abstained


def test_a_lone_surrogate_is_an_invalid_question(answerer: Any) -> None:
    with pytest.raises(InvalidQuestion):
        answerer.answer("Wat doet het plan rond \ud800?", today=TODAY)
