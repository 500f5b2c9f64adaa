"""Who a message is for (assistant/question/addressing.py): every example of addressing.toml read right, and a few
the rule was not written from."""

from __future__ import annotations

import pytest

from assistant.question.addressing import defers_to_thread, examples, is_question_for_bot

EXAMPLES = examples()


def test_the_examples_are_realistic_and_plenty() -> None:
    assert len(EXAMPLES.questions) >= 30 and len(EXAMPLES.chatter) >= 30
    assert len(set(EXAMPLES.questions) | set(EXAMPLES.chatter)) == len(EXAMPLES.questions) + len(EXAMPLES.chatter)


@pytest.mark.parametrize("text", EXAMPLES.questions)
def test_a_short_follow_up_is_a_question_for_the_bot(text: str) -> None:
    assert is_question_for_bot(text)


@pytest.mark.parametrize("text", EXAMPLES.chatter)
def test_thanks_remarks_and_questions_to_colleagues_are_not(text: str) -> None:
    assert not is_question_for_bot(text)


@pytest.mark.parametrize("text", EXAMPLES.pointers)
def test_a_tag_that_points_up_hands_over_the_question_above(text: str) -> None:
    assert defers_to_thread(text)


@pytest.mark.parametrize("text", EXAMPLES.own_questions)
def test_a_tag_with_a_question_of_its_own_is_answered_as_asked(text: str) -> None:
    assert not defers_to_thread(text)


# Messages written after the rule, to see it does not only know its own examples.
UNSEEN = [
    ("en wie zijn daar de partners van?", True),
    ("Welke acties trekt de VMM?", True),
    ("alleen de sleutelacties graag", True),
    ("Top, bedankt! En welke daarvan lopen nu?", True),
    ("en OVAM?", True),
    ("Dank je, heel duidelijk zo", False),
    ("Ik neem het mee naar het overleg.", False),
    ("@Els wil jij dit bekijken?", False),
    ("Pieter, weet jij wie KP 1.3 trekt?", False),
    ("Kan iemand de trekker van BW 1.6 mailen?", False),
    ("en jij?", False),
    ("👍👍", False),
]


@pytest.mark.parametrize(("text", "for_bot"), UNSEEN)
def test_messages_the_rule_was_not_written_from(text: str, for_bot: bool) -> None:
    assert is_question_for_bot(text) is for_bot
