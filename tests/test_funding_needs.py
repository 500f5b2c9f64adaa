"""Funding questions as companies ask them, one test per way the asker's needs map onto the plan's instruments.

The wordings are this file's own; each runs through the real answerer over the session's ingested index. Where the
expected action follows from the plan's structure (the objective named for a need, the action that holds several
needs' terms), the test derives it from the records rather than naming it.
"""

from __future__ import annotations

import pytest

from assistant.answerer import Answerer
from assistant.routing.plan_structure import holds, with_continuations
from plan_model.concepts import default_vocabulary
from plan_model.records import ActionRecord, PlanDocument
from tests.support.dates import TODAY
from tests.support.timing_oracle import state_on

# The states in which an action is there to use on the day asked (by the hand reading of its timing).
AVAILABLE = ("running", "ongoing", "undetermined")


def actions(answerer: Answerer) -> list[ActionRecord]:
    return answerer.live.current().document.actions


def need(text: str):  # type: ignore[no-untyped-def]
    return next(c for c in default_vocabulary().concepts if c.need and text in c.need)


def named_for_roles(document: PlanDocument) -> set[str]:
    """The actions holding the role division's main term under an objective whose title names the division."""
    roles = need("rollen")
    return {
        a.id
        for a in document.actions
        if holds(a, roles.plan[0], document)
        and any(t in document.objective(a.objective).title.lower() for t in roles.plan)  # type: ignore[union-attr]
    }


def test_who_bears_what_on_a_business_park_cites_the_objective_named_for_the_roles(answerer: Answerer) -> None:
    """Who is liable and who pays: the action of the objective whose title names the role division."""
    document = answerer.live.current().document
    named = named_for_roles(document)
    assert named, "the plan has an objective named for the role division"
    reply = answerer.answer(
        "Met drie buren op ons industriepark leggen we een leiding voor regenwater aan. "
        "Wie is aansprakelijk als die lekt, en wie betaalt het onderhoud?",
        today=TODAY,
    )
    assert named <= set(reply.cited_ids), reply.cited_ids
    assert "rollen en verantwoordelijkheden" in reply.answer


def test_who_pays_is_a_funding_question(answerer: Answerer) -> None:
    """'Wie betaalt …' asks about money: a funding answer with the instrument for a shared investment."""
    reply = answerer.answer("Wie betaalt een gedeelde zuivering voor de bedrijven op ons terrein?", today=TODAY)
    assert "wijst het actieplan je naar" in reply.answer, reply.answer
    assert "BT 2.3" in reply.cited_ids


def test_an_instrument_that_serves_several_needs_joins_each_needs_own(answerer: Answerer) -> None:
    """A mix of loan, subsidy and insurance also gets the one action that covers all three."""
    document = answerer.live.current().document
    loan, subsidy, insurance = need("lening"), need("subsidies"), need("verzekering")
    serving = {
        a.id
        for a in document.actions
        if sum(any(holds(a, t, document) for t in c.plan) for c in (loan, subsidy, insurance)) >= 3
    }
    assert serving, "the plan has a guide that covers banks, insurers and subsidies"
    reply = answerer.answer(
        "We betalen onze nieuwe waterzuivering deels met een banklening en deels met subsidie, en het risico "
        "willen we laten verzekeren. Hoe pakken we dat aan?",
        today=TODAY,
    )
    assert serving <= set(reply.cited_ids), reply.cited_ids


def test_the_first_hit_made_for_the_askers_two_situations_is_cited_whatever_its_objective(
    answerer: Answerer,
) -> None:
    """A port site plus a shared treatment plant: the port's collective-treatment project, not only the money."""
    reply = answerer.answer(
        "Onze fabriek staat in de haven en met de buren willen we één gemeenschappelijke afvalwaterzuivering. "
        "Hoe regelen we dat en hoe betalen we het?",
        today=TODAY,
    )
    document = answerer.live.current().document
    port_projects = {a.id for a in document.actions if holds(a, "haven", document, with_names=False)}
    assert port_projects & set(reply.cited_ids), reply.cited_ids


def test_a_continuation_never_pushes_a_chosen_action_out(answerer: Answerer) -> None:
    """Five chosen actions in room for five: all five stay, the continuation of the first does not fit."""
    document = answerer.live.current().document
    from assistant.routing.plan_structure import continuations

    follow = continuations(document)
    first = next(a for a in document.actions if a.id in follow)
    others = [a for a in document.actions if a.id not in {first.id, follow[first.id]}][:4]
    kept = with_continuations([first, *others], document, 5)
    assert kept == [first, *others]
    assert with_continuations([first, *others[:3]], document, 5)[1].id == follow[first.id]


def test_a_phrases_long_last_word_is_found_as_a_compounds_tail() -> None:
    """'een gezamenlijke zuiveringsinvestering' is 'gezamenlijke investering'."""
    collective = next(c for c in default_vocabulary().concepts if "gezamenlijke investering" in c.words)
    assert collective in default_vocabulary().concepts_in("een gezamenlijke zuiveringsinvestering op ons terrein")
    assert collective not in default_vocabulary().concepts_in("een gezamenlijke studie over zuivering")


def test_money_asked_after_a_companys_situation_is_asked_for_that_situation(answerer: Answerer) -> None:
    """'Zijn daar subsidies voor?' after a company's plan, even after a look-up turn between: the subsidy route."""
    document = answerer.live.current().document
    subsidy = need("subsidies")
    guide = {a.id for a in document.actions if holds(a, subsidy.plan[0], document)}
    first = answerer.answer(
        "Wij maken frisdrank en willen het spoelwater van onze flessenlijn opnieuw inzetten.", today=TODAY
    )
    between = answerer.answer("Wie trekt dat?", conversation_id=first.conversation_id, today=TODAY)
    assert between.route == "lookup"
    money = answerer.answer(
        "Kunnen we daar steun voor krijgen, en bij wie?", conversation_id=first.conversation_id, today=TODAY
    )
    assert money.route == "semantic" and guide <= set(money.cited_ids), (money.route, money.cited_ids)
    assert "aanspreekpunt" in money.answer
    # Without the company's subject (a list by organisation) the same words stay a follow-up on that list.
    listed = answerer.answer("Welke acties trekt de VMM?", today=TODAY)
    after_list = answerer.answer("Is daar geld voor?", conversation_id=listed.conversation_id, today=TODAY)
    assert set(after_list.cited_ids) <= set(listed.cited_ids)


def test_a_company_naming_no_need_also_hears_where_it_can_go_today(answerer: Answerer) -> None:
    """When what the plan has for the situation is finished or still being prepared: the service kept going."""
    reply = answerer.answer(
        "Wij zijn een agrovoedingsbedrijf en willen investeren in het hergebruik van ons water.", today=TODAY
    )
    document = answerer.live.current().document
    cited = [document.action(i) for i in reply.cited_ids]
    assert any(a is not None and state_on(a.id, TODAY) == "ongoing" for a in cited), reply.cited_ids
    assert "doorlopend, een vaste dienst" in reply.answer, reply.answer


def test_yes_needs_an_instrument_for_the_need_available_now(answerer: Answerer) -> None:
    """A running project beside planned insurance instruments does not make 'kan een verzekeraar …?' a yes."""
    from assistant.compose.answers import compose
    from assistant.routing import RouteResult

    index = answerer.live.current()
    document = index.document
    question = answerer.parse("Kan een verzekeraar meebetalen aan onze waterinvestering?", index, TODAY)
    insurance = need("verzekering")
    for_need = [a for a in document.actions if holds(a, insurance.plan[0], document)]
    assert for_need and not any(state_on(a.id, TODAY) in AVAILABLE for a in for_need)
    running = next(
        a
        for a in document.actions
        if state_on(a.id, TODAY) == "running" and not any(holds(a, t, document) for t in insurance.plan)
    )
    text, _ = compose(RouteResult("semantic", question, actions=(*for_need, running)), index, answerer.directory)
    assert text.startswith("Nog niet"), text
    text, _ = compose(RouteResult("semantic", question, actions=tuple(for_need)), index, answerer.directory)
    assert text.startswith("Nog niet"), text


def test_a_needs_phrase_wins_over_another_needs_single_word_inside_it() -> None:
    """'een lagere premie' is insurance; 'een premie' alone is still the subsidy need."""
    vocabulary = default_vocabulary()
    insurance, subsidy = need("verzekering"), need("subsidies")
    lower = vocabulary.concepts_in("Krijgen we een lagere premie als we investeren in een waterbuffer?")
    assert insurance in lower and subsidy not in lower
    assert subsidy in vocabulary.concepts_in("Is er een premie voor een regenwaterput op ons bedrijf?")


def test_everyday_words_for_funding_needs_name_the_need() -> None:
    """Money from Europe, whether an investment pays off, a joint legal set-up: each names its need."""
    vocabulary = default_vocabulary()
    cases = {
        "Bestaat er financiering uit Europa voor onze nieuwe waterzuivering?": "Europese",
        "Hoe krijg ik zo'n waterinstallatie rendabel?": "vermeden kosten",
        "Hoe krijgen we dat juridisch rond met de buren?": "rechtsvorm",
    }
    for question, needed in cases.items():
        needs = [c.need or "" for c in vocabulary.concepts_in(question) if c.is_need]
        assert any(needed in n for n in needs), (question, needs)


def test_kinds_of_party_offered_as_answers_are_no_filter(answerer: Answerer) -> None:
    """'Wie …: de gemeente, de POM of de bedrijven?' lists possible answers, it does not ask for their actions."""
    index = answerer.live.current()
    offered = answerer.parse(
        "Wie regelt het onderhoud van een gedeelde buffer op een bedrijventerrein: de overheid, de POM of de "
        "bedrijven zelf?",
        index,
        TODAY,
    )
    assert not (offered.filters.orgs or offered.filters.groups), offered.filters.given()
    asked = answerer.parse("Welke acties trekken de POM's?", index, TODAY)
    assert asked.filters.orgs or asked.filters.groups


def test_a_followup_with_its_own_money_need_is_asked_about_the_conversations_subject(answerer: Answerer) -> None:
    """'Wat vraagt die bank dan?' after a bridging question: the bank instruments, for that subject."""
    document = answerer.live.current().document
    loan = need("lening")
    bank = {a.id for a in document.actions if holds(a, loan.plan[0], document)}
    first = answerer.answer(
        "Onze premie voor een regenwaterbekken wordt pas achteraf uitbetaald en we moeten de aannemer nu al betalen. "
        "Kan een bank dat overbruggen?",
        today=TODAY,
    )
    then = answerer.answer(
        "Wat vraagt die bank dan als voorwaarden?", conversation_id=first.conversation_id, today=TODAY
    )
    assert then.route == "semantic" and bank & set(then.cited_ids), (then.route, then.cited_ids)
    # Asking who is responsible stays a question about the earlier answer's actions.
    who = answerer.answer("Wie is daar verantwoordelijk voor?", conversation_id=first.conversation_id, today=TODAY)
    assert who.route == "lookup", who.route


def test_who_does_what_after_a_funding_answer_asks_the_role_division(answerer: Answerer) -> None:
    """'En wie doet dan wat: de stad, de POM of wij?' is the role division for the same shared investment."""
    document = answerer.live.current().document
    named = named_for_roles(document)
    first = answerer.answer(
        "Met vier bedrijven op ons terrein willen we één gemeenschappelijke waterbuffer. Hoe financieren we die?",
        today=TODAY,
    )
    then = answerer.answer(
        "En wie doet dan wat: de stad, de POM of wij als bedrijven?", conversation_id=first.conversation_id, today=TODAY
    )
    assert named <= set(then.cited_ids), (then.route, then.cited_ids)
    assert not then.answer.startswith("Welke"), then.answer


def test_a_need_is_answered_first_by_the_action_whose_title_names_its_instrument(answerer: Answerer) -> None:
    """Insurance beside a subsidy: the action developing insurance instruments, not one that names insurers in a
    remark in brackets."""
    answer = answerer.answer(
        "Wij willen een waterbuffer bouwen: kan een verzekering of een subsidie ons helpen?", today=TODAY
    )
    document = answerer.live.current().document
    named = [a.id for a in document.actions if "verzekeringsinstrumenten" in a.title.lower()]
    assert named and named[0] in answer.cited_ids, answer.cited_ids


@pytest.mark.parametrize(
    ("question", "term"),
    [
        (
            "Mag ik meerekenen wat een regenwaterbekken ons bespaart aan schade? Bestaat er een rekenmethode?",
            "vermeden kosten",
        ),
        (
            "Komt er vanuit Brussel geld voor bedrijven die hun water willen hergebruiken?",
            "EU Water Resilience Strategy",
        ),
        ("Het bedrijf naast ons wil ons regenwater afnemen. Hoe betalen we samen de leiding?", "financieringsmodellen"),
    ],
)
def test_a_need_in_other_words_finds_its_instrument(answerer: Answerer, question: str, term: str) -> None:
    """Avoided damage, money from Brussels, a neighbour sharing a pipe: each need's own instrument is cited."""
    document = answerer.live.current().document
    holding = {a.id for a in document.actions if holds(a, term, document)}
    answer = answerer.answer(question, today=TODAY)
    assert holding & set(answer.cited_ids), (answer.cited_ids, holding)


def test_cofinancing_in_a_companys_own_question_is_no_status_filter(answerer: Answerer) -> None:
    """'meedoen aan projecten, eventueel met cofinanciering': the company's wish, not the plan's project status."""
    question = answerer.parse(
        "Wij maken geneesmiddelen en willen meedoen aan projecten tegen resten in het water, eventueel met "
        "cofinanciering. Bij wie moeten we aankloppen?",
        answerer.live.current(),
        TODAY,
    )
    assert question.filters.status is None, question.filters
