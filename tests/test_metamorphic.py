"""Metamorphic tests: rewording a question in ways that keep its meaning must keep its answer's set of actions.

The base questions are this file's own, written as a stranger asks (no plan wording where an everyday word
exists). Each is changed four ways, as users do without changing what they ask: function words dropped (search-box
style), another word order, a word swapped for another of the same concept in the users' vocabulary, and a typo
in a word of five letters or more. The answer to every variant must cite the same actions as the base question's
answer, on the real answerer over the session's index.
"""

from __future__ import annotations

import re

import pytest

from assistant.answerer import Answerer
from plan_model.concepts import default_vocabulary
from plan_model.lemmas import lemma
from tests.support.dates import TODAY

# (base question, the same question in another word order, a word of it and another word of the same concept in
# the users' vocabulary), written together before any answer was seen.
QUESTIONS = [
    (
        "Wat doet het plan tegen resten van medicijnen in ons water?",
        "Tegen medicijnresten in ons water, wat doet het plan daar aan?",
        ("medicijnen", "medicatie"),
    ),
    (
        "Hoe wil men in droge zomers toch genoeg water beschikbaar houden voor de landbouw?",
        "Voor de landbouw genoeg water beschikbaar houden in droge zomers: hoe wil men dat doen?",
        ("landbouw", "akkerbouw"),
    ),
    (
        "Welke plannen zijn er om regenwater op industrieterreinen vast te houden?",
        "Regenwater vasthouden op industrieterreinen: welke plannen zijn er?",
        ("industrieterreinen", "industriezones"),
    ),
    (
        "Wij zijn een kmo en zoeken een lening voor een nieuwe waterzuivering. Waar kunnen we terecht?",
        "Waar kunnen we terecht voor een lening? Wij zijn een kmo en zoeken geld voor een nieuwe waterzuivering.",
        ("lening", "krediet"),
    ),
    (
        "Kan een verzekeraar ons helpen als we investeren in maatregelen tegen droogte?",
        "Als we investeren in maatregelen tegen droogte, kan een verzekeraar ons dan helpen?",
        ("verzekeraar", "verzekering"),
    ),
    (
        "Bestaat er een overzicht van subsidies voor waterprojecten van bedrijven?",
        "Voor waterprojecten van bedrijven: bestaat er een overzicht van subsidies?",
        ("subsidies", "premies"),
    ),
    (
        "Aan welke acties werkt de VMM mee als partner?",
        "Als partner werkt de VMM aan welke acties mee?",
        None,
    ),
    (
        "Welke van de acties over bedrijventerreinen zijn zeer belangrijk?",
        "Zeer belangrijk en over bedrijventerreinen: welke acties zijn dat?",
        ("bedrijventerreinen", "industriezones"),
    ),
    (
        "Wat moet er in het domein businessmodellen klaar zijn tegen eind 2026?",
        "Tegen eind 2026, wat moet er in het domein businessmodellen klaar zijn?",
        None,
    ),
    (
        "Hoe kunnen de bedrijven op één terrein samen hun afvalwater zuiveren?",
        "Samen hun afvalwater zuiveren op één terrein: hoe kunnen bedrijven dat?",
        None,
    ),
]
IDS = [f"q{n}" for n in range(len(QUESTIONS))]

# Words whose loss does not change what is asked: articles and particles (search-box style drops them).
FUNCTION_WORDS = {"de", "het", "een", "er", "ook", "wel", "toch", "dan", "al", "van", "te", "om", "daar", "men"}
# Words a typo is not put into: names and codes are matched by the alias table, not as Dutch words.
_NOT_TYPED = {"VMM", "kmo", "businessmodellen"}


def drop_function_words(question: str) -> str:
    """The question without its articles and particles."""
    return " ".join(w for w in question.split() if w.lower().strip(",.?:") not in FUNCTION_WORDS)


def with_typo(question: str, word: str) -> str:
    """The question with two neighbouring letters inside `word` swapped ("zuivering" → "zuievring")."""
    middle = len(word) // 2
    typo = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    if typo == word:  # "kunnen": swapping the two n's changes nothing, so one of them goes
        typo = word[:middle] + word[middle + 1 :]
    return re.sub(rf"\b{re.escape(word)}\b", typo, question, count=1)


def typo_words(question: str) -> list[str]:
    """The words of five letters or more that get a typo, one variant each."""
    words = re.findall(r"\w+", question)
    return [w for w in dict.fromkeys(words) if len(w) >= 5 and w not in _NOT_TYPED and not w.isdigit()]


def same_concept(word: str, synonym: str) -> bool:
    """Whether the users' vocabulary holds both words (as lemmas) under one concept."""
    return any(
        {lemma(word), lemma(synonym)} <= {lemma(w) for w in concept.words + concept.plan}
        for concept in default_vocabulary().concepts
    )


def cited(answerer: Answerer, question: str) -> set[str]:
    """The actions the real answer to a question cites."""
    answer = answerer.answer(question, today=TODAY)
    assert not answer.abstained, (question, answer.answer)
    return set(answer.cited_ids)


@pytest.fixture(scope="module")
def base_answers(answerer: Answerer) -> dict[str, set[str]]:
    """The base questions' cited actions, each non-empty."""
    answers = {base: cited(answerer, base) for base, _, _ in QUESTIONS}
    assert all(answers.values()), answers
    return answers


@pytest.mark.parametrize(("base", "reordered", "swap"), QUESTIONS, ids=IDS)
def test_dropping_function_words_keeps_the_actions(
    answerer: Answerer, base_answers: dict[str, set[str]], base: str, reordered: str, swap: tuple[str, str] | None
) -> None:
    variant = drop_function_words(base)
    assert variant != base
    assert cited(answerer, variant) == base_answers[base], variant


@pytest.mark.parametrize(("base", "reordered", "swap"), QUESTIONS, ids=IDS)
def test_another_word_order_keeps_the_actions(
    answerer: Answerer, base_answers: dict[str, set[str]], base: str, reordered: str, swap: tuple[str, str] | None
) -> None:
    assert cited(answerer, reordered) == base_answers[base], reordered


@pytest.mark.parametrize(("base", "reordered", "swap"), QUESTIONS, ids=IDS)
def test_a_typo_in_any_long_word_keeps_the_actions(
    answerer: Answerer, base_answers: dict[str, set[str]], base: str, reordered: str, swap: tuple[str, str] | None
) -> None:
    wrong = {}
    for word in typo_words(base):
        variant = with_typo(base, word)
        got = cited(answerer, variant)
        if got != base_answers[base]:
            wrong[variant] = sorted(got)
    assert not wrong, (sorted(base_answers[base]), wrong)


@pytest.mark.parametrize(
    ("base", "reordered", "swap"),
    [q for q in QUESTIONS if q[2]],
    ids=[i for i, q in zip(IDS, QUESTIONS, strict=True) if q[2]],
)
def test_a_vocabulary_synonym_keeps_the_actions(
    answerer: Answerer, base_answers: dict[str, set[str]], base: str, reordered: str, swap: tuple[str, str]
) -> None:
    word, synonym = swap
    assert same_concept(word, synonym), swap
    variant = base.replace(word, synonym, 1)
    assert variant != base
    assert cited(answerer, variant) == base_answers[base], variant


# A main clause splits a verb ("houdt … vast"); the same question with the whole verb in it must find at least the
# same actions (the split form's other words may add one).
SPLIT_VERBS = [
    ("Hoe houdt een akker meer regen vast?", "Hoe kan een akker meer regen vasthouden?"),
    (
        "Breken rivieren vervuilende stoffen zelf af, en telt dat mee bij vergunningen?",
        "Kunnen rivieren vervuilende stoffen zelf afbreken, en telt dat mee bij vergunningen?",
    ),
    (
        "Hoe vangen bedrijven op een industriezone samen regenwater op?",
        "Hoe kunnen bedrijven op een industriezone samen regenwater opvangen?",
    ),
]


@pytest.mark.parametrize(("split", "whole"), SPLIT_VERBS)
def test_a_split_verb_finds_what_the_whole_verb_finds(answerer: Answerer, split: str, whole: str) -> None:
    found = cited(answerer, whole)
    assert found
    assert found <= cited(answerer, split), (sorted(found), sorted(cited(answerer, split)))


# Topics in a stranger's words, each asked in three frames users write; the frame says that something is asked, not
# what about, so the actions must be the same.
TOPICS = [
    "het opnieuw gebruiken van gezuiverd afvalwater",
    "resten van bestrijdingsmiddelen in beken",
    "regenwater opvangen op industriezones",
    "opleidingen voor mensen die met vervuilde stoffen werken",
]
FRAMES = [
    "Welke acties gaan over {}?",
    "Wat doet het plan concreet rond {}?",
    "Staat er iets in het actieplan over {}?",
]


@pytest.mark.parametrize("topic", TOPICS)
def test_the_frame_of_a_topic_question_keeps_the_actions(answerer: Answerer, topic: str) -> None:
    answers = {frame.format(topic): sorted(cited(answerer, frame.format(topic))) for frame in FRAMES}
    assert len({tuple(a) for a in answers.values()}) == 1, answers


# A self-introduction before a question about the plan ("Wij zijn een bank.") says who asks, not what about: the
# group it names is no filter, and a company's introduction does not turn a question about actions into one about
# its own funding.
INTRODUCTIONS = ["Wij zijn een bank.", "Ik ben een studiebureau.", "Wij zijn een drinkwaterbedrijf."]
STAFF_QUESTIONS = [
    "Welke BM-acties heeft VITO KW zelf in handen die in 2026 lopen?",
    "Welke BW-acties draaien als project met medefinanciering van buitenaf?",
    "Bij welke acties is de VMM partner?",
]


@pytest.mark.parametrize("question", STAFF_QUESTIONS)
def test_a_self_introduction_keeps_the_actions(answerer: Answerer, question: str) -> None:
    plain = cited(answerer, question)
    introduced = {intro: sorted(cited(answerer, f"{intro} {question}")) for intro in INTRODUCTIONS}
    assert all(ids == sorted(plain) for ids in introduced.values()), (sorted(plain), introduced)
