"""Search (q=), sort (sort=), "genoemd in de tekst" and unknown organisations: in the filter model, the API, the
downloads, the chat's organisation lists and the CLI, over the real plan.

Expected sets come from the records with plain predicates written here (folded substrings, the plan's own order),
not from the code under test.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.cli.actions import print_table
from assistant.question import ActionFilters, MatchContext
from assistant.question.organisation_names import read_names
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from plan_model.concepts import default_vocabulary
from plan_model.records import ActionRecord, PlanDocument
from tests.support.dates import TODAY


def plain(text: str) -> str:
    """Lower case without accents, written out here (not foundation.text.fold)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def whole_text(action: ActionRecord) -> str:
    return plain(" ".join([action.action, action.output, *action.projects, action.initiator_text, action.partner_text]))


@pytest.fixture(scope="module")
def plan(answerer: Any) -> PlanDocument:
    document: PlanDocument = answerer.live.current().document
    return document


@pytest.fixture(scope="module")
def context(answerer: Any, plan: PlanDocument) -> MatchContext:
    return MatchContext(plan, answerer.directory, TODAY)


def ids(filters: dict[str, Any], context: MatchContext) -> list[str]:
    return [a.id for a in ActionFilters.model_validate(filters).apply(context.document.actions, context)]


@pytest.fixture(scope="module")
def client(
    ingested_settings: Settings, answerer: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    store = SqliteFeedbackStore(tmp_path_factory.mktemp("fb") / "feedback.sqlite3")
    with TestClient(create_app(ingested_settings, answerer=answerer, feedback=store)) as client:
        yield client


# ---- search ------------------------------------------------------------------------------------------------


def test_the_users_word_finds_the_plans_term_through_the_one_vocabulary(context: MatchContext) -> None:
    # The vocabulary of the chat maps "medicijn" to the plan's "geneesmiddelen": the search reads the same entry.
    concept = next(c for c in default_vocabulary().concepts if "medicijn" in c.words)
    assert "geneesmiddelen" in concept.plan
    expected = [a.id for a in context.document.actions if "geneesmiddel" in whole_text(a)]
    assert len(expected) >= 3
    for written in ("medicijnen", "Medicijnen", "MEDICIJN", "geneesmiddelen", "Geneesmiddel"):
        assert ids({"q": written}, context) == expected, written


def test_accents_and_capitals_do_not_matter(context: MatchContext) -> None:
    expected = [a.id for a in context.document.actions if "geintegreerd" in whole_text(a)]
    assert len(expected) == 2
    assert ids({"q": "geïntegreerd"}, context) == ids({"q": "GEINTEGREERD"}, context) == expected
    assert ids({"q": "pfas"}, context) == [a.id for a in context.document.actions if "pfas" in whole_text(a)]


def test_every_word_must_occur_and_organisations_count_in_every_spelling(context: MatchContext) -> None:
    both = [a.id for a in context.document.actions if "pfas" in whole_text(a) and "demo" in whole_text(a)]
    assert ids({"q": "PFAS demo"}, context) == both
    assert ids({"q": "PFAS kreekrug"}, context) == []
    # VMM's full name finds its actions although their cells say "VMM".
    vmm = [a.id for a in context.document.actions if "VMM" in a.organisations]
    assert set(vmm) <= set(ids({"q": "Vlaamse Milieumaatschappij"}, context))


def test_a_search_in_the_api_and_the_downloads(client: TestClient, context: MatchContext) -> None:
    expected = ids({"q": "medicijnen"}, context)
    assert [a["id"] for a in client.get("/api/actions", params={"q": "medicijnen"}).json()] == expected
    lines = list(
        csv.reader(io.StringIO(client.get("/acties.csv?q=medicijnen").content.decode("utf-8-sig")), delimiter=";")
    )
    assert [row[0] for row in lines[1:]] == expected
    page = client.get("/acties?q=medicijnen").text
    assert page.count("<mark>") >= len(expected) and "geneesmiddelen" in page
    assert "“medicijnen” → geneesmiddelen" in page
    assert client.get("/api/actions", params={"q": "x" * 201}).status_code == 422


# ---- sort --------------------------------------------------------------------------------------------------


def quarter(when: str, *, end: bool) -> tuple[int, int]:
    quarter_number = int(when[-1]) if "-Q" in when else (4 if end else 1)
    return int(when[:4]), quarter_number


@pytest.mark.parametrize("descending", [False, True])
def test_sorting_by_end_puts_open_ends_last_either_way(context: MatchContext, descending: bool) -> None:
    actions = context.document.actions
    dated = sorted((a for a in actions if a.end), key=lambda a: quarter(a.end or "", end=True), reverse=descending)
    got = ids({"sort": "-end" if descending else "end"}, context)
    assert [quarter(context.document.action(i).end or "", end=True) for i in got[: len(dated)]] == [  # type: ignore[union-attr]
        quarter(a.end or "", end=True) for a in dated
    ]
    assert got[len(dated) :] == [a.id for a in actions if not a.end]


def test_sorting_by_title_and_number(context: MatchContext) -> None:
    titles = [context.document.action(i).title for i in ids({"sort": "title"}, context)]  # type: ignore[union-attr]
    assert [plain(t) for t in titles] == sorted(plain(t) for t in titles)
    in_plan = [a.id for a in context.document.actions]
    assert ids({"sort": "id"}, context) == in_plan and ids({"sort": "-id"}, context) == in_plan[::-1]
    key = ids({"sort": "importance"}, context)
    ranks = [{"Sleutelactie": 0, "Ondersteunend": 1}.get(context.document.action(i).importance or "", 2) for i in key]  # type: ignore[union-attr]
    assert ranks == sorted(ranks)


def test_the_api_and_the_downloads_keep_the_order(client: TestClient, context: MatchContext) -> None:
    expected = ids({"org": ["VMM"], "sort": "-end"}, context)
    assert [a["id"] for a in client.get("/api/actions", params={"org": "VMM", "sort": "-end"}).json()] == expected
    lines = client.get("/acties.csv?org=VMM&sort=-end").content.decode("utf-8-sig").splitlines()[1:]
    assert [line.split(";")[0] for line in lines] == expected
    workbook = client.get("/acties.xlsx?org=VMM&sort=-end").content
    with zipfile.ZipFile(io.BytesIO(workbook)) as xlsx:
        strings = xlsx.read("xl/sharedStrings.xml").decode("utf-8")
    assert [m for m in re.findall(r">([A-Z]{2} \d+\.\d+)<", strings)] == expected
    refused = client.get("/api/actions", params={"sort": "datum"})
    assert refused.status_code == 422 and "sort" in refused.json()["error"]["message"]


# ---- "genoemd in de tekst" ---------------------------------------------------------------------------------


def test_mentioned_is_the_text_naming_an_organisation_that_is_no_trekker_or_partner(context: MatchContext) -> None:
    expected = [
        a.id
        for a in context.document.actions
        if re.search(r"\bVMM\b", a.action + " " + a.output) and "VMM" not in a.organisations
    ]
    assert expected == ["KP 4.4"]
    assert ids({"org": ["VMM"], "role": "mentioned"}, context) == expected
    # A group named in passing ("bedrijven") is no mention of the group.
    assert ids({"org": ["Bedrijven"], "role": "mentioned"}, context) == []


def test_the_chat_lists_trekker_and_partner_then_names_the_mentions(answerer: Any, context: MatchContext) -> None:
    answer = answerer.answer("Welke acties betrekken VMM?", today=TODAY)
    # The gold's convention (evals/gold/README.md, "Betrokken"): only trekker or partner is cited.
    assert answer.cited_ids == [a.id for a in context.document.actions if "VMM" in a.organisations]
    last = answer.answer.splitlines()[-1]
    assert last == "Ook genoemd in de actietekst, niet als trekker of partner: KP 4.4."
    assert "KP 4.4" not in answer.cited_ids
    # Asked for the trekker only, there is no such line.
    assert "Ook genoemd" not in answerer.answer("Welke acties trekt VMM?", today=TODAY).answer
    english = answerer.answer("Which actions involve VMM?", today=TODAY).answer
    assert english.splitlines()[-1] == "Also named in the action text, not as lead or partner: KP 4.4."


def test_the_explorer_offers_the_third_role(client: TestClient) -> None:
    page = client.get("/acties?org=VMM&role=mentioned").text
    assert '<option value="mentioned" selected>genoemd in de tekst' in page
    assert 'data-action-id="KP 4.4"' in page and page.count("<tr data-action-id") == 1
    assert "waarvan de tekst VMM noemt (niet als trekker of partner)" in page
    # The default stays trekker or partner.
    assert '<option value="any" selected>trekker of partner' in client.get("/acties?org=VMM").text


# ---- unknown organisations ---------------------------------------------------------------------------------


def test_one_reading_of_organisation_names_for_cli_and_explorer(answerer: Any, client: TestClient) -> None:
    filters = ActionFilters.model_validate({"org": ["VMMM", "boerebond"], "domain": ["KP"]})
    unknown, typo = read_names(filters, answerer.directory)
    assert unknown.unknown and unknown.suggestions[0] == "VMM"
    assert unknown.unknown_message == f"Onbekende organisatie 'VMMM'. Bedoelde je {_either(unknown.suggestions)}?"
    assert typo.read_as == "Boerenbond" and typo.typo_note == "'boerebond' gelezen als Boerenbond."
    page = client.get("/acties?org=VMMM&domain=KP").text
    assert "Onbekende organisatie ‘VMMM’. Bedoelde je" in page
    # Each suggestion is the same view with that name instead, the other filters kept.
    assert '<a href="/acties?org=VMM&amp;domain=KP">VMM</a>' in page


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


# ---- the CLI table -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("org", [None, "VMM", "VITO Kennispunt Water"])
def test_the_cli_table_never_cuts_an_action_number(
    org: str | None, context: MatchContext, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    filters = ActionFilters.model_validate({"org": [org]} if org else {})
    actions = filters.apply(context.document.actions, context)
    for width in range(60, 201, 7):
        monkeypatch.setenv("COLUMNS", str(width))
        print_table(actions, filters, context.directory)
        lines = capsys.readouterr().out.splitlines()
        assert all(len(line) <= width for line in lines), width
        numbers = [line.split("  ")[0].replace(" ★", "").strip() for line in lines[2:] if line[:1].isalpha()]
        assert numbers == [a.id for a in actions], (width, numbers[:5])


def test_the_cli_searches_and_sorts_too(context: MatchContext) -> None:
    from assistant.cli import build_parser
    from assistant.cli.actions import filters_from_args

    args = build_parser().parse_args(["actions", "--q", "medicijnen", "--sort=-end"])
    filters = filters_from_args(args)
    assert (filters.text, filters.sort) == ("medicijnen", "-end")
    assert [a.id for a in filters.apply(context.document.actions, context)] == ids(
        {"q": "medicijnen", "sort": "-end"}, context
    )


def test_the_timeline_keeps_its_own_order(client: TestClient) -> None:
    # "Op de tijdlijn" from a sorted table: the timeline groups by domain and objective, whatever the table's order.
    moved = client.get("/tijdlijn?domain=KP&sort=-end", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/tijdlijn?domain=KP"
    page = client.get("/tijdlijn?domain=KP").text
    lanes = re.findall(r'<h3 class="tl-objective">([^ <]+)', page)
    assert lanes and len(lanes) == len(set(lanes))
