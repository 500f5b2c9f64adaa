"""The users' vocabulary (plan_model/vocabulary.toml): every entry checked against the plan, and how it is read."""

from __future__ import annotations

from foundation.settings import BUNDLED_PLAN
from plan_model.concepts import Concept, Vocabulary, default_vocabulary
from plan_model.lemmas import lemma, lemmas

PLAN = BUNDLED_PLAN.read_text(encoding="utf-8")


def test_every_plan_term_of_the_vocabulary_occurs_in_the_plan() -> None:
    assert default_vocabulary().check(PLAN) == []


def test_a_term_the_plan_no_longer_uses_is_reported() -> None:
    without = PLAN.replace("kreekruginfiltratie", "infiltratie in kreekruggen")
    warnings = default_vocabulary().check(without)
    assert warnings == ["woordenlijst: 'kreekruginfiltratie' staat niet in het plan"]


def test_every_entry_has_plan_terms_and_users_words_and_needs_are_named() -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.version >= 1
    for concept in vocabulary.concepts:
        assert concept.plan, concept
        assert concept.words or concept.is_need, concept.plan
        if concept.money:
            assert concept.is_need, f"{concept.plan[0]}: money = true without a need"


def test_users_words_are_read_as_lemmas_in_phrases_and_compounds() -> None:
    vocabulary = Vocabulary([Concept(plan=("geneesmiddelen",), words=("medicijn", "samen zuiveren"))])
    assert vocabulary.concepts_in("medicijnen in het water")  # a plural is its lemma
    assert vocabulary.concepts_in("medicijnresten in het water")  # a long word inside a compound
    assert vocabulary.concepts_in("bedrijven die samen hun afvalwater zuiveren")  # a phrase with words between
    assert not vocabulary.concepts_in("bedrijven die samen iets doen en later eens zuiveren")  # too far apart


def test_a_word_that_is_a_subject_outside_the_plan_is_not_also_a_concept_inside_it() -> None:
    vocabulary = Vocabulary(
        [Concept(plan=("vergunningverlening",), words=("vergunning",))], outside={"bouwen": ("bouwvergunning",)}
    )
    assert vocabulary.concepts_in("wie geeft de vergunning voor lozingen?")
    assert vocabulary.concepts_in("milieuvergunningen voor bedrijven")  # still found inside other compounds
    assert not vocabulary.concepts_in("hoe vraag ik een bouwvergunning aan?")
    assert vocabulary.outside_in("hoe vraag ik een bouwvergunning aan?") == "bouwen"


def test_a_synonym_is_embedded_as_the_plans_word() -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.in_plan_words("genoeg water voor de akkerbouw") == "genoeg water voor de landbouw"
    assert vocabulary.in_plan_words("iets over kreekruggen") == "iets over kreekruginfiltratie"


def test_a_separated_verb_is_read_as_the_whole_verb() -> None:
    """A main clause splits a verb ("houdt … vast"); its particle then stands for the whole verb."""
    vocabulary = Vocabulary([Concept(plan=("infiltratie",), words=("regen vasthouden", "opvangen"))])
    assert vocabulary.concepts_in("Hoe houdt een akker meer regen vast?")
    assert vocabulary.concepts_in("Wij vangen het water van onze daken op, en dan?")
    # The verb is the clause's first word that makes one with the particle, not an object after it ("afstoffen").
    assert lemmas("Breken rivieren vervuilende stoffen zelf af?")[-1] == lemma("afbreken")
    # A preposition inside the clause is no particle, nor one whose clause has no verb that takes it.
    words = ["wat", "doet", "het", "plan", "op", "bedrijventerreinen"]
    assert lemmas("Wat doet het plan op bedrijventerreinen?") == [lemma(w) for w in words]
    assert not vocabulary.concepts_in("Hoe houdt een akker regen en wind tegen?")


def test_a_separable_verb_whole_or_inflected_is_one_lemma() -> None:
    """simplemma splits "afbreken" ("af_breken") but not "afbreekt": both must meet the same key."""
    vocabulary = Vocabulary([Concept(plan=("ecologische veerkracht",), words=("afbreken",))])
    assert vocabulary.concepts_in("of de natuur een deel van de vervuiling zelf afbreekt")
    assert vocabulary.concepts_in("kan de natuur dat zelf afbreken?")


def test_a_word_the_dictionary_lemmatises_otherwise_still_matches_as_written() -> None:
    """simplemma reads "boer" as the verb "boeren"; a question's "boeren" (farmers) must still be farming."""
    vocabulary = Vocabulary([Concept(plan=("landbouw",), words=("boer",))])
    assert vocabulary.concepts_in("Boeren hebben last van droogte")
    assert vocabulary.concepts_in("Ik ben boer")
